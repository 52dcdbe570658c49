import { join } from 'node:path';
import { AmanahError } from '../domain/errors.js';
import { systemClock } from '../services/clock.js';
import { loadOrCreateLogKey } from '../services/log-key.js';
import { logSize } from '../store/log-repository.js';
import { putSetting } from '../store/checkpoint-repository.js';
import { tileReader } from '../store/tile-repository.js';
import { consistencyProof } from '../translog/index.js';
import { WitnessCoordinator } from '../witness/witness-client.js';
import { openTarget, originOf, runDemo } from './context.js';
import { defaultPrivateTarget, openPrivateStore } from '../store/access-private-store.js';
import { parseWitnessOption, startLocalWitnesses } from './witnesses.js';

export interface ServeOptions {
  db?: string;
  port: number;
  host: string;
  demo: boolean;
  origin?: string;
  logKey?: string;
  witness: string[];
  quorum?: number;
  localWitnesses: number;
}

/**
 * `amanah serve`: the database (filled with the demo when empty), the log's checkpoint key, its
 * witnesses (configured, or run in this process), and the HTTP app — started in that order, closed in
 * the reverse order on SIGINT/SIGTERM after in-flight requests have finished.
 */
export async function serve(
  o: ServeOptions & { target: string; dataDir: string; demoKeysDir: string },
): Promise<void> {
  const store = await openTarget(o.target);
  if (o.demo && (await logSize(store.db)) === 0) {
    const s = await runDemo(store, systemClock, { seed: 1, scale: 1, keysDir: o.demoKeysDir });
    console.log(`Filled the empty database with the demo data set (${s.events} signed events).`);
  }
  const origin = await originOf(store, o.origin ?? 'amanah.local/log');
  const { pino } = await import('pino');
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const { buildApp } = await import('../http/app.js'); // loaded only when serving: keeps other commands quick
  const key = await loadOrCreateLogKey(store, o.logKey ?? join(o.dataDir, 'log-key'), origin);

  const local =
    o.witness.length === 0 && o.localWitnesses > 0
      ? await startLocalWitnesses(
          join(o.dataDir, 'witnesses'),
          origin,
          key.verifierKey,
          o.localWitnesses,
          systemClock,
        )
      : undefined;
  const witnesses = local?.endpoints ?? o.witness.map(parseWitnessOption);
  const quorum = o.quorum ?? (witnesses.length > 0 ? Math.floor(witnesses.length / 2) + 1 : 0);
  if (quorum > witnesses.length) {
    throw new AmanahError(
      'CONFIG_INVALID',
      `--quorum ${quorum} is more than the ${witnesses.length} witnesses configured`,
    );
  }
  // Remembered with the log, so `amanah log export` publishes the same witnesses and quorum.
  await putSetting(
    store.db,
    'witnesses',
    JSON.stringify({
      quorum,
      witnesses: witnesses.map((w) => ({ name: w.name, key: w.verifierKey, url: w.url })),
    }),
  );
  const cosigner =
    witnesses.length > 0
      ? new WitnessCoordinator({
          witnesses,
          proof: (from, to) => consistencyProof(tileReader(store.db), from, to),
          onError: (w, e) => logger.warn({ witness: w, err: e.message }, 'no cosignature from this witness'),
        })
      : undefined;
  // personal data about beneficiaries: a separate file (SQLite) or schema (PostgreSQL), see docs/access.md
  const privateStore = await openPrivateStore(
    process.env.AMANAH_PRIVATE_DB ?? defaultPrivateTarget(o.target),
  );
  const app = await buildApp({
    store,
    privateStore,
    clock: systemClock,
    origin,
    logger,
    log: {
      key,
      witnesses: witnesses.map((w) => ({ name: w.name, key: w.verifierKey, url: w.url })),
      quorum,
      ...(cosigner ? { cosigner } : {}),
    },
  });
  if (local) app.addHook('onClose', () => local.close());

  const shutdown = async (signal: string): Promise<void> => {
    console.log(`${signal}: finishing in-flight requests, then closing`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: o.port, host: o.host });
  const port = (app.server.address() as { port: number }).port;
  console.log(`Amanah is serving log "${origin}" from ${store.location}`);
  console.log(
    witnesses.length > 0
      ? `Checkpoints are cosigned by witnesses: ${quorum} of ${witnesses.length} needed (${local ? 'running in this process' : witnesses.map((w) => w.url).join(', ')})`
      : "No witnesses configured: checkpoints carry the log's signature only",
  );
  console.log(`Open http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);
}
