import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugId } from '../../domain/common.js';
import { currency } from '../../domain/funds/money.js';
import { donorTracker, fundOverview } from '../../services/fund.js';
import { listJournal } from '../../store/fund-repository.js';
import { page } from './pagination.js';

export const fundRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store } = app.amanah;

  app.get(
    '/fund/position',
    { schema: { summary: 'The fund per currency and per donor, in minor units', tags: ['fund'] } },
    async () => fundOverview(store),
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
};
