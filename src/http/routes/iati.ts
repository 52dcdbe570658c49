import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AmanahError } from '../../domain/errors.js';
import { iatiIdentifier } from '../../domain/iati/events.js';
import { findIatiActivity, listIatiActivities } from '../../store/iati-repository.js';
import { iatiExport } from '../../services/iati/export.js';
import { page } from './pagination.js';

/** Activities other organisations published in IATI, as recorded with `amanah import iati`. */
export const iatiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock, reads } = app.amanah;
  const { db } = store;

  app.get(
    '/iati/activities',
    {
      schema: {
        summary: 'Activities published in IATI by other organisations, as recorded (third-party reports)',
        tags: ['iati'],
        querystring: z.strictObject({
          reportingOrg: z.string().min(1).max(200).optional(),
          country: z
            .string()
            .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code, e.g. "PS"')
            .optional(),
          ...page,
        }),
      },
    },
    async (req) => listIatiActivities(db, req.query),
  );

  app.get(
    '/iati/activities/:identifier',
    {
      schema: {
        summary: 'One recorded IATI activity with its transactions, and the file and line they came from',
        tags: ['iati'],
        params: z.strictObject({ identifier: iatiIdentifier }),
      },
    },
    async (req) => {
      const a = await findIatiActivity(db, req.params.identifier);
      if (!a)
        throw new AmanahError('NOT_FOUND', `no IATI activity ${req.params.identifier} has been recorded`);
      return a;
    },
  );

  app.get(
    '/export/iati',
    {
      schema: {
        summary:
          'Every project as an IATI 2.03 activity file (budgets, sectors, locations, participating organisations, transactions from the log)',
        tags: ['open data'],
      },
    },
    async (_req, reply) => {
      const xml = await reads.get('export/iati', () => iatiExport(store, clock.now()));
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', 'inline; filename="amanah-iati-activities.xml"')
        .send(xml);
    },
  );
};
