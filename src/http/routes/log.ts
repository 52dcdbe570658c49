import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SIGNING_CONTEXT } from '../../domain/envelope.js';
import { eventTypeName } from '../../domain/envelope.js';
import { findLogInfo, getEntry, logSize, readEntries, type LogEntry } from '../../store/log-repository.js';

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
  const { store, commands } = app.amanah;

  app.get(
    '/log',
    { schema: { summary: 'What this log is and how to check it', tags: ['log'] } },
    async () => {
      const [info, size] = await Promise.all([findLogInfo(store.db), logSize(store.db)]);
      return {
        origin: info?.origin ?? commands.origin,
        title: info?.title ?? null,
        size,
        signing: {
          algorithm: 'Ed25519',
          message: `${SIGNING_CONTEXT}\\n<origin>\\n<RFC 8785 canonical JSON of the event without "sig">`,
          leaf: 'RFC 8785 canonical JSON of the whole signed event, UTF-8; leaf hash SHA-256(0x00 || leaf)',
        },
      };
    },
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
