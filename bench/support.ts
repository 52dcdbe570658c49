import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../src/store/database.js';

/**
 * Bench targets: SQLite always, PostgreSQL when DATABASE_URL is set or the local server answers.
 * BENCH_DB=sqlite or BENCH_DB=postgres runs one (a process's peak memory is then that database's).
 */
export async function benchTargets(): Promise<Array<{ kind: 'sqlite' | 'postgres'; admin?: string }>> {
  if (process.env.BENCH_DB === 'sqlite') return [{ kind: 'sqlite' }];
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (process.env.BENCH_DB === 'postgres') return [{ kind: 'postgres', admin }];
  const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return [{ kind: 'sqlite' }, { kind: 'postgres', admin }];
  } catch {
    console.log(`(PostgreSQL not reachable at ${admin}: SQLite only)`);
    return [{ kind: 'sqlite' }];
  }
}

/**
 * The baseline for signature work: bare node:crypto Ed25519 verifications per second on every core
 * (one worker thread per core, each verifying the same pre-signed messages for `ms` milliseconds).
 */
export async function allCoreVerifyRate(
  jobs: Array<{ publicKey: string; message: Uint8Array; signature: string }>,
  ms = 2000,
): Promise<{ perSecond: number; cores: number }> {
  const cores = availableParallelism();
  const src = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { createPublicKey, verify } = require('node:crypto');
    const jobs = workerData.jobs.map((j) => ({
      key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: j.publicKey }, format: 'jwk' }),
      message: Buffer.from(j.message), sig: Buffer.from(j.signature, 'base64url') }));
    const end = Date.now() + workerData.ms; let n = 0;
    while (Date.now() < end) { const j = jobs[n % jobs.length]; if (!verify(null, j.message, j.key, j.sig)) throw new Error('bad'); n++; }
    parentPort.postMessage(n);`;
  const counts = await Promise.all(
    Array.from(
      { length: cores },
      () =>
        new Promise<number>((resolve, reject) => {
          const w = new Worker(src, { eval: true, workerData: { jobs: jobs.slice(0, 2000), ms } });
          w.once('message', (n: number) => {
            resolve(n);
            void w.terminate();
          });
          w.once('error', reject);
        }),
    ),
  );
  return { perSecond: counts.reduce((a, b) => a + b, 0) / (ms / 1000), cores };
}

/**
 * With BENCH_PROFILE=<dir>, a CPU profile of the main thread while `work` runs is written to
 * <dir>/<label>.cpuprofile (open it in Chrome's DevTools); without it, `work` just runs.
 */
export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/** Peak resident memory while `work` runs, sampled every 50 ms. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(t);
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A fresh, migrated database for one benchmark (a temporary SQLite file or a new PostgreSQL database); `drop` removes it. */
export async function benchStore(
  label: string,
  kind: 'sqlite' | 'postgres',
  admin?: string,
): Promise<{ store: Store; drop(): Promise<void> }> {
  const name = `amanah_bench_${label}_${process.pid}_${Date.now()}`;
  if (kind === 'sqlite') {
    const file = join(tmpdir(), `${name}.db`);
    const store = await openStore(file);
    return {
      store,
      drop: async () => {
        await store.close();
        for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
      },
    };
  }
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  const url = new URL(admin!);
  url.pathname = `/${name}`;
  const store = await openStore(url.toString());
  return {
    store,
    drop: async () => {
      await store.close();
      await c.query(`drop database ${name} with (force)`);
      await c.end();
    },
  };
}
