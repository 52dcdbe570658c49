import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listCrossings, listGovernorates } from '../../store/places-repository.js';
import { sendCachedJson } from '../cached-json.js';

export const placeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, reads } = app.amanah;
  const { db } = store;

  app.get(
    '/governorates',
    { schema: { summary: 'The governorates of the Gaza Strip', tags: ['places'] } },
    async (_req, reply) =>
      sendCachedJson(reply, reads, 'governorates', async () => {
        const items = await listGovernorates(db);
        return { items, total: items.length };
      }),
  );

  app.get(
    '/crossings',
    { schema: { summary: 'Crossings and corridors', tags: ['places'] } },
    async (_req, reply) =>
      sendCachedJson(reply, reads, 'crossings', async () => {
        const items = await listCrossings(db);
        return { items, total: items.length };
      }),
  );
};
