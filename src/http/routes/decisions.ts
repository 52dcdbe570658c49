import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugId } from '../../domain/common.js';
import { AmanahError } from '../../domain/errors.js';
import { describeRule, DECISION_TYPES } from '../../domain/governance/policy.js';
import { proposalDetail } from '../../services/decisions.js';
import { findCurrentPolicy, listPolicies, listProposals } from '../../store/decision-repository.js';
import { page } from './pagination.js';

export const decisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.amanah;

  app.get(
    '/policies',
    { schema: { summary: 'Every approval policy adopted, newest first', tags: ['decisions'] } },
    async () => ({
      items: await listPolicies(store.db),
    }),
  );

  app.get(
    '/policies/current',
    { schema: { summary: 'The approval policy in force, with its rules in words', tags: ['decisions'] } },
    async () => {
      const current = await findCurrentPolicy(store.db);
      if (!current) throw new AmanahError('NOT_FOUND', 'no approval policy has been adopted yet');
      return {
        ...current,
        rulesInWords: Object.fromEntries(
          DECISION_TYPES.map((t) => [
            t,
            current.policy.rules[t].map((tier) => ({
              upTo: tier.upTo ?? null,
              rule: describeRule(tier.rule),
            })),
          ]),
        ),
      };
    },
  );

  app.get(
    '/proposals',
    {
      schema: {
        summary: 'Proposals: open, executed or expired',
        tags: ['decisions'],
        querystring: z.strictObject({ status: z.enum(['open', 'executed', 'expired']).optional(), ...page }),
      },
    },
    async (req) => listProposals(store.db, clock.now(), req.query),
  );

  app.get(
    '/proposals/:id',
    {
      schema: {
        summary: 'One proposal: its rule, who signed, who has not',
        tags: ['decisions'],
        params: z.strictObject({ id: slugId }),
      },
    },
    async (req) => proposalDetail(store, req.params.id, clock.now()),
  );
};
