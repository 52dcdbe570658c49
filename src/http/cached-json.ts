import type { FastifyReply } from 'fastify';
import type { ReadCache } from '../services/read-cache.js';

/**
 * Answers with a public read's JSON from the read cache: computed and serialised once until the log
 * grows (see ReadCache), then sent as the same text to every reader.
 */
export async function sendCachedJson(
  reply: FastifyReply,
  reads: ReadCache,
  key: string,
  compute: () => Promise<unknown>,
  opts: { clock?: boolean } = {},
): Promise<FastifyReply> {
  const text = await reads.json(key, compute, opts);
  return reply.type('application/json; charset=utf-8').send(text);
}
