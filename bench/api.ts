/**
 * The public dashboard endpoints under load (issue 7): 100 concurrent connections (autocannon, in its
 * own worker thread) against each `/api/v1` endpoint the dashboard reads, beside a static JSON route
 * of the same server in the same run. The database is a demo built with `--scale`
 * (BENCH_API_SCALE, default 100 ≈ 100,000 events; 1000 ≈ 1M events takes several minutes to build
 * and is kept in BENCH_API_DB for later runs).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import autocannon from 'autocannon';
import { buildApp } from '../src/http/app.js';
import { systemClock } from '../src/services/clock.js';
import { CommandService } from '../src/services/command-service.js';
import { DEMO_ORIGIN, demoSize, generateDemo } from '../src/demo/generate.js';
import { inProcessTransport } from '../src/cli/context.js';
import { openStore } from '../src/store/database.js';
import { logSize } from '../src/store/log-repository.js';
import { loadOrCreateLogKey } from '../src/services/log-key.js';
import { fmt } from './support.js';

/**
 * The endpoints the dashboard reads on a first visit (web/src/pages/dashboard-page.tsx; each must exist
 * on the server; web/src/api/access.ts names the access query).
 */
export const DASHBOARD_ENDPOINTS = [
  '/api/v1/overview',
  '/api/v1/governorates',
  '/api/v1/crossings',
  '/api/v1/fund/position',
  '/api/v1/access/metrics/daily/latest?days=90',
  '/api/v1/projects/progress',
];

async function ensureDemo(file: string, scale: number): Promise<number> {
  const store = await openStore(file);
  try {
    const have = await logSize(store.db);
    const want = demoSize(scale);
    if (have >= want) return have;
    console.log(`building a demo at scale ${scale} (${fmt(want)} events) in ${file} …`);
    const commands = new CommandService({ store, origin: DEMO_ORIGIN, clock: systemClock });
    const started = performance.now();
    let last = 0;
    await generateDemo({
      transport: inProcessTransport(commands),
      scale,
      onProgress: (done, total) => {
        if (performance.now() - last > 10_000) {
          last = performance.now();
          console.log(`  ${fmt(done)} / ${fmt(total)}`);
        }
      },
    });
    await commands.close();
    console.log(`  built in ${fmt((performance.now() - started) / 1000, 0)} s`);
    return await logSize(store.db);
  } finally {
    await store.close();
  }
}

async function load(url: string, seconds: number): Promise<autocannon.Result> {
  // as a browser asks: compressed answers (the daily access metrics are 166 KB of JSON, 7 KB in brotli)
  return autocannon({
    url,
    connections: 100,
    duration: seconds,
    workers: 1,
    headers: { 'accept-encoding': 'br, gzip' },
  });
}

export async function benchApi(): Promise<void> {
  const scale = Number(process.env.BENCH_API_SCALE ?? 100);
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 10);
  const dir = process.env.BENCH_API_DIR ?? join(tmpdir(), 'amanah-bench-api');
  mkdirSync(dir, { recursive: true });
  const file = process.env.BENCH_API_DB ?? join(dir, `demo-scale-${scale}.db`);
  const fresh = !existsSync(file);
  const events = await ensureDemo(file, scale);
  console.log(
    `\nDashboard API at 100 connections, ${seconds} s each, demo of ${fmt(events)} events${fresh ? '' : ' (reused)'}:`,
  );

  const store = await openStore(file);
  const key = await loadOrCreateLogKey(store, join(dir, 'log-key'), DEMO_ORIGIN);
  const app = await buildApp({ store, clock: systemClock, origin: DEMO_ORIGIN, web: false, log: { key } });
  // The baseline: a static JSON answer of the same size as the overview, from the same server.
  let sample = '';
  app.get('/bench/static', async (_req, reply) => reply.type('application/json').send(sample));
  sample = JSON.stringify((await app.inject('/api/v1/overview')).json());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    await load(`${base}/bench/static`, 2); // warm-up
    const baseline = await load(`${base}/bench/static`, seconds);
    console.log('| endpoint | req/s | p50 | p99 | req/s ÷ static baseline |');
    console.log('|---|---|---|---|---|');
    const row = (name: string, r: autocannon.Result) =>
      console.log(
        `| ${name} | ${fmt(r.requests.average)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${fmt(r.requests.average / baseline.requests.average, 2)} |`,
      );
    row('static JSON (baseline)', baseline);
    for (const path of DASHBOARD_ENDPOINTS) {
      const check = await app.inject(path);
      if (check.statusCode !== 200) throw new Error(`${path} answered ${check.statusCode}`);
      const r = await load(`${base}${path}`, seconds);
      if (r.non2xx > 0) throw new Error(`${path}: ${r.non2xx} answers were not 2xx`);
      row(path, r);
    }
  } finally {
    await app.close();
  }
}
