import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listCrossings, listGovernorates } from '../../store/places-repository.js';

export const placeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.amanah.store;

  app.get(
    '/governorates',
    { schema: { summary: 'The governorates of the Gaza Strip', tags: ['places'] } },
    async () => {
      const items = await listGovernorates(db);
      return { items, total: items.length };
    },
  );

  app.get('/crossings', { schema: { summary: 'Crossings and corridors', tags: ['places'] } }, async () => {
    const items = await listCrossings(db);
    return { items, total: items.length };
  });
};
