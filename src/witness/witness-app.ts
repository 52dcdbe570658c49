/**
 * The witness's HTTP interface (c2sp.org/tlog-witness "HTTP Interface"), with the same prefix for
 * submission and monitoring:
 *
 * - `POST /add-checkpoint`: the spec's call; plain-text bodies and the spec's status codes
 *   (200 cosignature lines, 400, 403, 404, 409 `text/x.tlog.size`, 422), and 413 for a body over
 *   {@link ADD_CHECKPOINT_BODY_LIMIT};
 * - `GET /<origin hash>/checkpoint` (tlog-witness "Monitor Retrieval Mechanism") and
 *   `GET /checkpoint?origin=…`: the latest cosigned checkpoint of a log, 404 if none;
 * - `GET /`: `{ name, verifierKey, logs }` as JSON.
 *
 * Bodies are plain text rather than problem+json because the wire format is the spec's, and the
 * witness's clients are logs and monitors written against it.
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
} from 'fastify';
import { WITNESS_TEXT_CONTENT_TYPE } from '../translog/index.js';
import { Witness, type WitnessedLog } from './witness-service.js';
import { WitnessStateStore } from './witness-state-store.js';

/**
 * Largest add-checkpoint body accepted. A request is at most an old size line, 63 proof lines
 * (tlog-witness) and a checkpoint with at most 100 signatures (our signed-note limit); even with
 * ML-DSA-44 signatures (about 3.3 kB of base64 each) that is far below 1 MiB.
 */
export const ADD_CHECKPOINT_BODY_LIMIT = 1024 * 1024;

export interface WitnessAppOptions {
  /** The witness's name; when given it must be the key name of `signerKey`. */
  readonly name?: string;
  /** The witness's private key string, `PRIVATE+KEY+…` (see witness-key.ts). */
  readonly signerKey: string;
  /** The logs it cosigns: each origin with the verifier keys of its checkpoint key(s). */
  readonly logs: readonly WitnessedLog[];
  /** Directory of the durable per-origin state (created if missing). */
  readonly stateDir: string;
  readonly clock: { now(): Date };
  readonly logger?: FastifyBaseLogger | boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    witness: Witness;
  }
}

const TEXT = WITNESS_TEXT_CONTENT_TYPE;

/**
 * Builds the witness's HTTP application. Throws `CONFIG_INVALID` for a bad key, a name that is not
 * the key's, or a bad log table. The caller listens and closes; closing waits for requests in flight,
 * and so for their state writes.
 */
export async function buildWitnessApp(options: WitnessAppOptions): Promise<FastifyInstance> {
  const store = await WitnessStateStore.open(options.stateDir);
  const witness = new Witness({ ...options, store });

  const app = Fastify({
    ...(typeof options.logger === 'object'
      ? { loggerInstance: options.logger }
      : { logger: options.logger ?? false }),
    bodyLimit: ADD_CHECKPOINT_BODY_LIMIT,
    return503OnClosing: true,
  });
  app.decorate('witness', witness);

  // The spec sets no content type for requests: read every body as bytes (addCheckpoint checks the
  // UTF-8 itself) instead of letting Fastify parse JSON or text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .code(413)
        .type(TEXT)
        .send(`the request body is larger than ${ADD_CHECKPOINT_BODY_LIMIT} bytes\n`);
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).type(TEXT).send(`${error.message}\n`);
    }
    req.log.error({ err: error }, 'witness request failed');
    return reply.code(500).type(TEXT).send('internal error (see the witness log); nothing was cosigned\n');
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).type(TEXT).send(`no such witness endpoint: ${req.method} ${req.url}\n`),
  );

  app.post('/add-checkpoint', async (req, reply) => {
    const body = req.body instanceof Buffer ? new Uint8Array(req.body) : new Uint8Array(0);
    const { response, origin } = await witness.addCheckpoint(body);
    if (response.status !== 200) logRefusal(req.log, response.status, response.refusal, origin, body);
    return reply.code(response.status).type(response.contentType).send(response.body);
  });

  app.get('/', async () => witness.info());

  app.get<{ Querystring: { origin?: string } }>('/checkpoint', async (req, reply) => {
    const origin = req.query.origin;
    if (typeof origin !== 'string' || origin === '') {
      return reply.code(400).type(TEXT).send('give the log as ?origin=<origin line>\n');
    }
    return sendCheckpoint(reply, await witness.latestCheckpoint(origin));
  });

  app.get<{ Params: { originHash: string } }>('/:originHash/checkpoint', async (req, reply) =>
    sendCheckpoint(reply, await witness.latestCheckpointByHash(req.params.originHash)),
  );

  return app;
}

function sendCheckpoint(reply: FastifyReply, checkpoint: string | undefined): FastifyReply {
  if (checkpoint === undefined) {
    return reply.code(404).type(TEXT).send('the witness has not cosigned a checkpoint of this log\n');
  }
  return reply.code(200).type(TEXT).send(checkpoint);
}

/**
 * A checkpoint signed by a known log that fails a consistency check may be proof of log
 * misbehaviour (tlog-witness: the witness MAY log it): keep the whole request at warn level.
 */
function logRefusal(
  log: FastifyBaseLogger,
  status: number,
  refusal: string | undefined,
  origin: string | undefined,
  body: Uint8Array,
): void {
  if (status === 422) {
    log.warn(
      { origin, refusal, request: Buffer.from(body).toString('utf8') },
      'refused an inconsistent checkpoint signed by a known log: possible log misbehaviour',
    );
  } else {
    log.info({ origin, refusal, status }, 'add-checkpoint refused');
  }
}
