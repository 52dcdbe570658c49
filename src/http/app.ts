import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Clock } from '../services/clock.js';
import { CommandService } from '../services/command-service.js';
import { ReadCache } from '../services/read-cache.js';
import { logSize } from '../store/log-repository.js';
import type { Store } from '../store/database.js';
import { AmanahError } from '../domain/errors.js';
import { sendProblem } from './problem.js';
import { commandRoutes } from './routes/commands.js';
import { governanceRoutes } from './routes/governance.js';
import { logRoutes } from './routes/log.js';
import { placeRoutes } from './routes/places.js';
import { decisionRoutes } from './routes/decisions.js';
import { fundRoutes } from './routes/fund.js';
import { accessRoutes } from './routes/access.js';
import { projectRoutes } from './routes/projects.js';
import { iatiRoutes } from './routes/iati.js';
import { systemRoutes } from './routes/system.js';
import { tileRoutes } from './routes/tiles.js';
import { listDownloadRoutes } from './list-downloads.js';
import { registerWebPages } from './pages.js';
import { addCompression } from './compression.js';
import { Checkpointer, type Cosigner } from '../services/checkpointer.js';
import { LogService, type WitnessInfo } from '../services/log-service.js';
import type { LogKey } from '../services/log-key.js';
import type { PrivateStore } from '../store/access-private-store.js';

export const BODY_LIMIT = 256 * 1024;
const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
const WEB_LOCALES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'src', 'locales');

export interface AppDeps {
  store: Store;
  clock: Clock;
  /** the log's origin; taken from the genesis event when the log has one */
  origin: string;
  logger?: Logger | boolean;
  /** the private store of beneficiary records (a separate file or schema); its routes answer 503 without it */
  privateStore?: PrivateStore;
  /** serve the built web app (web/dist) at / — on by default when it has been built */
  web?: boolean;
  /** the log's checkpoint key, its witnesses and their quorum */
  log: {
    key: LogKey;
    witnesses?: WitnessInfo[];
    quorum?: number;
    cosigner?: Cosigner;
    /** at most one checkpoint per interval (default 1000 ms) */
    checkpointIntervalMs?: number;
  };
}

export interface AppContext {
  store: Store;
  clock: Clock;
  commands: CommandService;
  log: LogService;
  checkpointer: Checkpointer;
  /** answers to public read routes, kept until the log grows (see ReadCache) */
  reads: ReadCache;
  privateStore?: PrivateStore | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    amanah: AppContext;
  }
}

/**
 * Builds the HTTP application from its parts. The app owns the store: closing it first stops new
 * requests, lets in-flight commands commit, then closes the database.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof deps.logger === 'object' ? { loggerInstance: deps.logger } : { logger: deps.logger ?? false }),
    bodyLimit: BODY_LIMIT,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,128}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: anything else is refused with 415 rather than read as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const commands = new CommandService({
    store: deps.store,
    origin: deps.origin,
    clock: deps.clock,
    logger: typeof deps.logger === 'object' ? deps.logger : undefined,
  });
  const checkpointer = new Checkpointer({
    store: deps.store,
    origin: deps.origin,
    signerKey: deps.log.key.signerKey,
    clock: deps.clock,
    intervalMs: deps.log.checkpointIntervalMs,
    cosigner: deps.log.cosigner,
    onError: (e) => app.log.error({ err: e }, 'checkpoint failed'),
  });
  const reads = new ReadCache(1_000, undefined, undefined, () => logSize(deps.store.db));
  commands.onCommitted(() => {
    reads.invalidate();
    checkpointer.notify();
  });
  const log = new LogService(deps.store, {
    verifierKey: deps.log.key.verifierKey,
    witnesses: deps.log.witnesses ?? [],
    quorum: deps.log.quorum ?? 0,
  });
  app.decorate('amanah', {
    store: deps.store,
    clock: deps.clock,
    commands,
    log,
    checkpointer,
    reads,
    privateStore: deps.privateStore,
  });

  // Once closing, answers to requests already in flight end their keep-alive connection: the
  // server's close waits for every connection, and an idle keep-alive one would hold it for 72 s.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (closing) reply.header('connection', 'close');
  });
  app.setErrorHandler((err, req, reply) => sendProblem(req, reply, err));
  addCompression(app);
  app.addHook('onReady', async () => {
    checkpointer.notify(); // a log that grew while the server was down gets its checkpoint
  });
  app.addHook('onClose', async () => {
    await commands.close();
    await checkpointer.close();
    await deps.store.close();
    await deps.privateStore?.close();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Amanah API',
        version: '1',
        description:
          'Joint, tamper-evident oversight of Gaza reconstruction funds and humanitarian aid. Every write is a signed event sent to POST /api/v1/commands; everything else is public and read-only.',
      },
      servers: [{ url: '/' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      await api.register(systemRoutes);
      await api.register(commandRoutes);
      await api.register(logRoutes);
      await api.register(governanceRoutes);
      await api.register(placeRoutes);
      await api.register(decisionRoutes);
      await api.register(fundRoutes);
      await api.register(accessRoutes);
      await api.register(listDownloadRoutes);
      await api.register(iatiRoutes);
      await api.register(projectRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(tileRoutes);

  const serveWeb = deps.web ?? existsSync(join(WEB_ROOT, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: WEB_ROOT,
      wildcard: false,
      index: false, // `/` is the dashboard with its key figures rendered in (pages.ts)
      preCompressed: true, // the build writes .br and .gz beside each asset (web/vite.config.ts)
      cacheControl: false, // the headers below decide (otherwise @fastify/static overwrites them)
      setHeaders: (res, path) => {
        res.setHeader('vary', 'accept-encoding');
        res.setHeader(
          'cache-control',
          path.includes(`${join('dist', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  const pages = serveWeb ? registerWebPages(app, WEB_ROOT, WEB_LOCALES) : undefined;
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (pages && req.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/log/')) {
      return pages.send(req, reply);
    }
    return sendProblem(req, reply, new AmanahError('NOT_FOUND', `no route ${req.method} ${path}`));
  });
  return app as unknown as FastifyInstance;
}
