import { resolve } from 'node:path';
import { generateDemo, DEMO_MAX_BACKDATE_MS, DEMO_ORIGIN, type DemoSummary } from '../demo/generate.js';
import type { Transport } from '../client/transport.js';
import { AmanahError } from '../domain/errors.js';
import type { Clock } from '../services/clock.js';
import { CommandService } from '../services/command-service.js';
import { storeEvidence } from '../services/projects.js';
import { isPostgresUrl, openStore, type Store } from '../store/database.js';
import { findLogInfo } from '../store/log-repository.js';
import { rememberUrl } from '../store/scratch-store.js';
import { progressBar } from './progress.js';

export const DEFAULT_DB = './data/amanah.db';

/** The database a command works on: --db, else DATABASE_URL, else ./data/amanah.db. */
export function dbTarget(option: string | undefined): string {
  return option ?? process.env.DATABASE_URL ?? DEFAULT_DB;
}

export async function openTarget(target: string): Promise<Store> {
  const store = await openStore(target);
  if (isPostgresUrl(target)) rememberUrl(store, target);
  return store;
}

/** The origin of the log in `store`, or `fallback` while the log is still empty. */
export async function originOf(store: Store, fallback: string): Promise<string> {
  return (await findLogInfo(store.db))?.origin ?? fallback;
}

/** A transport that hands signed commands to a command service in this process (same path as HTTP). */
export function inProcessTransport(commands: CommandService): Transport {
  return {
    submit: (e) => commands.submit(e),
    submitText: (text) => commands.submitText(text),
    origin: async () => commands.origin,
  };
}

/** Fills `store` with the demo data set through signed commands, with a progress bar. */
export async function runDemo(
  store: Store,
  clock: Clock,
  opts: { seed: number; scale: number; keysDir?: string | undefined; quiet?: boolean },
): Promise<DemoSummary> {
  const origin = await originOf(store, DEMO_ORIGIN);
  if (origin !== DEMO_ORIGIN) {
    throw new AmanahError(
      'CONFIG_INVALID',
      `this database holds the log "${origin}", not the demo log "${DEMO_ORIGIN}"; use another --db for the demo`,
    );
  }
  // The demo signs a few steps in the past (an expired proposal); this in-process service accepts that.
  const commands = new CommandService({ store, origin, clock, maxSkewMs: DEMO_MAX_BACKDATE_MS });
  const bar = opts.quiet ? undefined : progressBar('demo');
  try {
    return await generateDemo({
      transport: inProcessTransport(commands),
      seed: opts.seed,
      scale: opts.scale,
      now: () => clock.now(),
      keysDir: opts.keysDir && resolve(opts.keysDir),
      onProgress: (d, t) => bar?.update(d, t),
      backdate: true,
      storeEvidence: (f) => storeEvidence(store, clock, f.sha256, f.mediaType, f.data),
    });
  } finally {
    bar?.stop();
    await commands.close();
  }
}
