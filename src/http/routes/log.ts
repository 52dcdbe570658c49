import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventTypeName } from '../../domain/envelope.js';
import { getEntry, readEntries, type LogEntry } from '../../store/log-repository.js';

function publicEntry(e: LogEntry): Record<string, unknown> {
  return {
    index: e.index,
    id: e.eventId,
    type: e.type,
    actor: e.actor,
    time: e.time,
    leafHash: Buffer.from(e.leafHash).toString('hex'),
    event: JSON.parse(e.body) as unknown,
  };
}

export const logRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, commands, log } = app.amanah;

  app.get('/log', { schema: { summary: 'What this log is and how to check it', tags: ['log'] } }, async () =>
    log.describe(commands.origin),
  );

  app.get(
    '/log/proof/inclusion',
    {
      schema: {
        summary: 'Inclusion proof of an entry in the tree of a given size (RFC 9162 §2.1.3)',
        tags: ['log'],
        querystring: z.strictObject({
          index: z.coerce.number().int().min(0),
          size: z.coerce.number().int().min(1),
        }),
      },
    },
    async (req) => log.inclusion(req.query.index, req.query.size),
  );

  app.get(
    '/log/proof/consistency',
    {
      schema: {
        summary: 'Consistency proof between two tree sizes (RFC 9162 §2.1.4)',
        tags: ['log'],
        querystring: z.strictObject({
          from: z.coerce.number().int().min(0),
          to: z.coerce.number().int().min(1),
        }),
      },
    },
    async (req) => log.consistency(req.query.from, req.query.to),
  );

  app.get(
    '/events',
    {
      schema: {
        summary: 'Log entries in order',
        tags: ['log'],
        querystring: z.strictObject({
          from: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          type: eventTypeName.optional(),
        }),
      },
    },
    async (req) => {
      const items = await readEntries(store.db, req.query);
      return {
        items: items.map(publicEntry),
        next: items.length ? items[items.length - 1]!.index + 1 : null,
      };
    },
  );

  app.get(
    '/events/:index',
    {
      schema: {
        summary: 'One log entry with its signed event',
        tags: ['log'],
        params: z.strictObject({ index: z.coerce.number().int().min(0) }),
      },
    },
    async (req) => publicEntry(await getEntry(store.db, req.params.index)),
  );
};
