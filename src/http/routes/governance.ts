import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugId } from '../../domain/common.js';
import { keyId } from '../../domain/envelope.js';
import { AmanahError } from '../../domain/errors.js';
import { ORG_KINDS } from '../../domain/governance/events.js';
import { findActorKey, getOrg, listKeys, listOrgs } from '../../store/governance-repository.js';
import { page } from './pagination.js';

export const governanceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.amanah.store;

  app.get(
    '/orgs',
    {
      schema: {
        summary: 'Organisations: members, the Palestinian governance body, observers, partners, donors',
        tags: ['governance'],
        querystring: z.strictObject({ kind: z.enum(ORG_KINDS).optional(), ...page }),
      },
    },
    async (req) => listOrgs(db, req.query),
  );

  app.get(
    '/orgs/:id',
    {
      schema: {
        summary: 'One organisation with its keys',
        tags: ['governance'],
        params: z.strictObject({ id: slugId }),
      },
    },
    async (req) => {
      const org = await getOrg(db, req.params.id);
      return { ...org, keys: (await listKeys(db, { org: org.id, offset: 0, limit: 500 })).items };
    },
  );

  app.get(
    '/keys',
    {
      schema: {
        summary: 'Registered keys, active and revoked',
        tags: ['governance'],
        querystring: z.strictObject({
          org: slugId.optional(),
          status: z.enum(['active', 'revoked']).optional(),
          ...page,
        }),
      },
    },
    async (req) => listKeys(db, req.query),
  );

  app.get(
    '/keys/:keyId',
    { schema: { summary: 'One key', tags: ['governance'], params: z.strictObject({ keyId }) } },
    async (req) => {
      const key = await findActorKey(db, req.params.keyId);
      if (!key) throw new AmanahError('NOT_FOUND', `no key ${req.params.keyId}`);
      return key;
    },
  );
};
