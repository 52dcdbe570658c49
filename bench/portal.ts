/**
 * First visit to the dashboard on a weak connection (issue 7): Chromium (Debian's, through
 * playwright-core) with DevTools network emulation at 1.6 Mbps down, 750 kbps up, 150 ms latency,
 * a cold cache each run. Reports the bytes transferred (all, and JavaScript only), the time until the
 * key figures are on screen (as HTML from the server, then as rendered by the app), and the time
 * until the network is idle, beside a baseline in the same run: one small static file (/favicon.svg)
 * fetched under the same conditions, i.e. the connection's own cost.
 *
 *   npm run bench -- portal          (needs `npm run build`; BENCH_PORTAL_RUNS, default 3)
 */
import type { CDPSession, Page } from 'playwright-core';
import { startAmanahServer } from '../test/browser/support/amanah-server.js';
import { launchChromium } from '../test/browser/support/chromium.js';
import { ensureWebBuild } from '../test/browser/support/web-build.js';

/** The profile: 1.6 Mbps / 150 ms (DevTools throughput is in bytes per second). */
export const THROTTLE = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1_000_000) / 8,
  uploadThroughput: (750 * 1_000) / 8,
} as const;

interface Visit {
  htmlFiguresMs: number;
  appFiguresMs: number;
  idleMs: number;
  bytes: number;
  jsBytes: number;
  requests: number;
}

async function throttled(
  page: Page,
): Promise<{ cdp: CDPSession; sizes: Map<string, { type: string; bytes: number }> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  const sizes = new Map<string, { type: string; bytes: number }>();
  cdp.on('Network.responseReceived', (e) => sizes.set(e.requestId, { type: e.type, bytes: 0 }));
  cdp.on('Network.loadingFinished', (e) => {
    const entry = sizes.get(e.requestId);
    if (entry) entry.bytes = e.encodedDataLength;
  });
  return { cdp, sizes };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number): string => `${Math.round(value)} ms`;

export async function benchPortal(): Promise<void> {
  const runs = Number(process.env.BENCH_PORTAL_RUNS ?? 3);
  await ensureWebBuild();
  const server = await startAmanahServer();
  const browser = await launchChromium();
  try {
    const visits: Visit[] = [];
    const baselines: number[] = [];
    for (let run = 0; run < runs; run++) {
      // Baseline: the smallest request the site answers, same profile, fresh context.
      {
        const context = await browser.newContext();
        const page = await context.newPage();
        await throttled(page);
        const start = Date.now();
        await page.goto(`${server.url}/favicon.svg`, { waitUntil: 'load' });
        baselines.push(Date.now() - start);
        await context.close();
      }
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const { sizes } = await throttled(page);
      const start = Date.now();
      const navigation = page.goto(`${server.url}/`, { waitUntil: 'commit' });
      await page.locator('[data-static-figure="pledged"]').waitFor({ timeout: 60_000 });
      const htmlFiguresMs = Date.now() - start;
      await page.locator('[data-figure-key="pledged"]').waitFor({ timeout: 60_000 });
      const appFiguresMs = Date.now() - start;
      await navigation;
      await page.waitForLoadState('networkidle', { timeout: 120_000 });
      const idleMs = Date.now() - start;
      const all = [...sizes.values()];
      visits.push({
        htmlFiguresMs,
        appFiguresMs,
        idleMs,
        bytes: all.reduce((n, s) => n + s.bytes, 0),
        jsBytes: all.filter((s) => s.type === 'Script').reduce((n, s) => n + s.bytes, 0),
        requests: all.length,
      });
      await context.close();
    }
    const base = median(baselines);
    const pick = (key: keyof Visit) => median(visits.map((v) => v[key]));
    console.log(`\nportal: first visit to / at 1.6 Mbps / 150 ms, cold cache, ${runs} runs (median)`);
    console.log(`  baseline (one static file)    ${ms(base)}`);
    console.log(
      `  key figures, server HTML      ${ms(pick('htmlFiguresMs'))}  (${(pick('htmlFiguresMs') / base).toFixed(1)}× baseline; target ≤ 3000 ms)`,
    );
    console.log(
      `  key figures, rendered by app  ${ms(pick('appFiguresMs'))}  (${(pick('appFiguresMs') / base).toFixed(1)}× baseline)`,
    );
    console.log(`  network idle                  ${ms(pick('idleMs'))}`);
    console.log(`  transferred                   ${kb(pick('bytes'))} in ${pick('requests')} requests`);
    console.log(`  of which JavaScript           ${kb(pick('jsBytes'))} (budget 250 KB)`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPortal();
