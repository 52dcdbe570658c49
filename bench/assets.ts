/**
 * The assets download (`GET /api/v1/assets.csv`) at the projects bench's scale, read across projects
 * a page at a time (`listAssets`), beside two baselines measured in the same run: the projects
 * download of the same database (one table, as many rows), and the way the download was read before
 * — every project's whole detail, one after another.
 *
 * Needs the SQLite file the projects bench builds and keeps:
 *   BENCH_DB=sqlite BENCH_EVENTS=412000 BENCH_SQLITE_FILE=/tmp/p.db npm run bench -- projects
 *   BENCH_SQLITE_FILE=/tmp/p.db npm run bench -- assets
 * (412,000 entries hold the 10,000 projects, 41 entries each, and little filler.)
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/http/app.js';
import { systemClock } from '../src/services/clock.js';
import { loadOrCreateLogKey } from '../src/services/log-key.js';
import { listProjects, projectDetail } from '../src/services/projects.js';
import { openStore, type Store } from '../src/store/database.js';
import { logSize } from '../src/store/log-repository.js';
import { fmt } from './support.js';

const ORIGIN = 'bench.amanah.local/log';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** The median of `runs` timed calls, with what the last one returned. */
async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, result };
}

/** The assets as the download read them before: each project's whole detail, twenty at a time. */
async function assetsByDetail(store: Store): Promise<number> {
  let n = 0;
  for (let offset = 0; ; offset += 500) {
    const projects = await listProjects(store.db, { offset, limit: 500 });
    for (let i = 0; i < projects.items.length; i += 20) {
      const details = await Promise.all(
        projects.items.slice(i, i + 20).map((p) => projectDetail(store, p.id)),
      );
      for (const d of details) n += d.assets.length;
    }
    if (projects.items.length < 500) return n;
  }
}

export async function benchAssets(): Promise<void> {
  const file = process.env.BENCH_SQLITE_FILE;
  console.log('\n## Assets download across projects\n');
  if (!file) {
    console.log('(set BENCH_SQLITE_FILE to the database the projects bench kept: see bench/assets.ts)');
    return;
  }
  const store = await openStore(file);
  const key = await loadOrCreateLogKey(store, join(tmpdir(), 'amanah-bench-assets-log-key'), ORIGIN);
  const app = await buildApp({ store, clock: systemClock, origin: ORIGIN, web: false, log: { key } });
  try {
    const projects = (await listProjects(store.db, { offset: 0, limit: 1 })).total;
    console.log(`${fmt(projects)} projects, ${fmt(await logSize(store.db))} log entries (SQLite)\n`);
    const download = async (path: string) => {
      const res = await app.inject(`/api/v1${path}`);
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return { rows: res.body.split('\r\n').length - 2, bytes: res.rawPayload.length };
    };
    await download('/assets.csv'); // warm-up
    const assets = await timed(RUNS, () => download('/assets.csv'));
    const projectsCsv = await timed(RUNS, () => download('/projects.csv'));
    const old = await timed(1, () => assetsByDetail(store));
    console.log('| read | rows | time (median) | ratio |');
    console.log('|---|---|---|---|');
    console.log(
      `| assets.csv, across projects a page at a time (${fmt(assets.result.bytes / 1024)} KiB) | ${fmt(assets.result.rows)} | ${fmt(assets.ms)} ms | 1 |`,
    );
    console.log(
      `| baseline: projects.csv, one table (${fmt(projectsCsv.result.bytes / 1024)} KiB) | ${fmt(projectsCsv.result.rows)} | ${fmt(projectsCsv.ms)} ms | assets / projects ${fmt(assets.ms / projectsCsv.ms, 2)} |`,
    );
    console.log(
      `| before: every project's detail, twenty at a time (assets only, no CSV) | ${fmt(old.result)} | ${fmt(old.ms)} ms | before / now ${fmt(old.ms / assets.ms, 1)} |\n`,
    );
  } finally {
    await app.close();
    await store.close();
  }
}
