import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOverview, logFigures } from '../../services/overview.js';
import { logSize } from '../../store/log-repository.js';
import { EVENT_TYPES } from '../../services/event-handlers.js';
import { sendCachedJson } from '../cached-json.js';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock, reads } = app.amanah;

  app.get('/health', { schema: { summary: 'Liveness and database check', tags: ['system'] } }, async () => ({
    status: 'ok',
    database: store.dialect,
    logSize: await logSize(store.db),
  }));

  app.get(
    '/overview',
    { schema: { summary: 'Key figures for the home page', tags: ['public'] } },
    async (_req, reply) =>
      // expired proposals depend on the clock too
      sendCachedJson(
        reply,
        reads,
        'overview',
        () =>
          getOverview(
            store,
            clock,
            reads.get('overview/log-figures', () => logFigures(store)),
          ),
        { clock: true },
      ),
  );

  app.get(
    '/event-types',
    { schema: { summary: 'Every event type the log accepts, with its payload schema', tags: ['commands'] } },
    async () => ({
      items: EVENT_TYPES.map((t) => ({
        type: t.type,
        version: t.version,
        summary: t.summary,
        schema: z.toJSONSchema(t.schema, { io: 'input' }),
      })),
    }),
  );
};
