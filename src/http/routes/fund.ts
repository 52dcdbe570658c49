import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugId } from '../../domain/common.js';
import { currency } from '../../domain/funds/money.js';
import { SECTORS } from '../../domain/funds/events.js';
import { seriesId } from '../../domain/funds/needs-formula.js';
import {
  donorTracker,
  fundHistoryOf,
  fundOverview,
  needsReportOf,
  positionByScope,
} from '../../services/fund.js';
import { listJournal } from '../../store/fund-repository.js';
import { listMemberships } from '../../store/membership-repository.js';
import { listFormulas, listIndicators } from '../../store/needs-repository.js';
import { page } from './pagination.js';
import { sendCachedJson } from '../cached-json.js';

export const fundRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, reads } = app.amanah;

  app.get(
    '/fund/position',
    { schema: { summary: 'The fund per currency and per donor, in minor units', tags: ['fund'] } },
    async (_req, reply) => sendCachedJson(reply, reads, 'fund/position', () => fundOverview(store)),
  );

  app.get(
    '/fund/donors/:org',
    {
      schema: {
        summary: "A donor's pledges and the payments received against them",
        tags: ['fund'],
        params: z.strictObject({ org: slugId }),
      },
    },
    async (req) => donorTracker(store, req.params.org),
  );

  app.get(
    '/fund/journal',
    {
      schema: {
        summary: 'The double-entry journal of the fund, in log order',
        tags: ['fund'],
        querystring: z.strictObject({
          currency: currency.optional(),
          account: z
            .string()
            .regex(/^[a-z]+(:[a-z0-9-]+)*$/)
            .max(200)
            .optional(),
          ...page,
        }),
      },
    },
    async (req) => listJournal(store.db, req.query),
  );

  const pcode = z.string().regex(/^PS\d{2,6}$/, 'an OCHA P-code such as "PS0270"');

  for (const dimension of ['governorate', 'sector'] as const) {
    app.get(
      `/fund/position/by-${dimension}`,
      {
        schema: {
          summary: `Committed, disbursed, spent and refunded per ${dimension}, in minor units`,
          tags: ['fund'],
        },
      },
      async () => positionByScope(store, dimension),
    );
  }

  app.get(
    '/fund/history',
    {
      schema: {
        summary: 'The fund month by month in one currency: the whole fund, one governorate or one sector',
        tags: ['fund'],
        querystring: z.strictObject({
          currency: currency.default('USD'),
          governorate: pcode.optional(),
          sector: z.enum(SECTORS).optional(),
        }),
      },
    },
    async (req) => fundHistoryOf(store, req.query),
  );

  app.get(
    '/needs/report',
    {
      schema: {
        summary: 'Where the money went against need: allocations beside the needs formula, ranked by the gap',
        tags: ['fund'],
        querystring: z.strictObject({ currency: currency.optional() }),
      },
    },
    async (req) => needsReportOf(store, req.query.currency),
  );

  app.get(
    '/needs/formulas',
    { schema: { summary: 'Every version of the needs formula adopted, newest first', tags: ['fund'] } },
    async () => ({ items: await listFormulas(store.db) }),
  );

  app.get(
    '/needs/indicators',
    {
      schema: {
        summary: 'Indicator values the needs formula reads, with their source, date and confidence',
        tags: ['fund'],
        querystring: z.strictObject({ series: seriesId.optional(), governorate: pcode.optional(), ...page }),
      },
    },
    async (req) => listIndicators(store.db, req.query),
  );

  app.get(
    '/members/changes',
    {
      schema: {
        summary:
          'Organisations admitted, left or waiting for admission, each with the member-change decision that did it',
        tags: ['decisions'],
      },
    },
    async () => ({ items: await listMemberships(store.db) }),
  );
};
