import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** C2SP tlog-tiles, served as any static mirror would serve them: /log/checkpoint and /log/tile/…. */
export const tileRoutes: FastifyPluginAsyncZod = async (app) => {
  const log = app.amanah.log;

  app.get(
    '/log/checkpoint',
    { schema: { summary: 'The latest checkpoint: signed note with witness cosignatures', tags: ['log'] } },
    async (_req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(await log.checkpointNote()),
  );

  app.get(
    '/log/tile/*',
    {
      schema: {
        summary: 'Hash tiles and entry bundles (C2SP tlog-tiles)',
        tags: ['log'],
        params: z.object({ '*': z.string() }),
      },
    },
    async (req, reply) => {
      const { bytes } = await log.tile(`tile/${req.params['*']}`);
      // Every tile of a given width is immutable: full tiles never change, and a partial tile at a
      // width W is the same bytes forever (the next checkpoint asks for another width).
      return reply
        .type('application/octet-stream')
        .header('cache-control', IMMUTABLE)
        .send(Buffer.from(bytes));
    },
  );
};
