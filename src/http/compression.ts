// Compresses the server's text answers (JSON, CSV, signed notes, HTML) for browsers that accept it:
// readers on a weak mobile connection pay for every byte. Fastify has no compression of its own, and
// the project adds no dependency for it: node:zlib does the work. Static assets are compressed at
// build time instead (web/vite.config.ts), and streams (the list downloads) are left as they are.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProvider, RawServerDefault } from 'fastify';

/** Smaller answers are not worth the CPU: they fit in a packet or two either way. */
export const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /^(application\/(json|problem\+json|javascript)|text\/)/;

/** Picks `br` over `gzip` when the client accepts both (RFC 9110 §12.5.3, ignoring q=0 refusals). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, q]) => q === undefined || !/^\s*q=0(\.0*)?\s*$/.test(q))
      .map(([name]) => name),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

/** Adds the onSend hook to `app` (the root instance, so that it covers every route). */
export function addCompression<L extends FastifyBaseLogger, P extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L, P>,
): void {
  // The last answers compressed, by their text: the read cache sends the very same text to every
  // reader until the log grows (src/http/cached-json.ts), so it is compressed once, not once a reader.
  const recent = { br: new Map<string, Buffer>(), gzip: new Map<string, Buffer>() };
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.hasHeader('content-encoding')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    // Without copying the text into a buffer: its UTF-8 size is at least its length.
    const large =
      typeof payload === 'string'
        ? payload.length >= COMPRESS_MIN_BYTES || Buffer.byteLength(payload) >= COMPRESS_MIN_BYTES
        : payload.length >= COMPRESS_MIN_BYTES;
    if (!large) return payload;
    reply.header('vary', 'accept-encoding');
    const encoding = pickEncoding(req.headers['accept-encoding']);
    if (encoding === undefined) return payload;
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    const memo = typeof payload === 'string' ? recent[encoding] : undefined;
    const known = memo?.get(payload as string);
    if (known) return known;
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const compressed =
      encoding === 'br'
        ? brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
        : gzipSync(bytes, { level: 6 });
    if (memo) {
      if (memo.size >= RECENT_MAX) memo.delete(memo.keys().next().value!);
      memo.set(payload as string, compressed);
    }
    return compressed;
  });
}

/** How many compressed answers each app keeps (see `recent` in addCompression). */
const RECENT_MAX = 32;
