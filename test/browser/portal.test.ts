// The portal's pages against the real server (`amanah serve` on a fresh demo database), in English and
// Arabic, at desktop and phone widths: each page's content against the API, the map and the charts
// drawn, the key figures without JavaScript, keyboard navigation, the 404 page, and screenshots in
// test-output/screenshots/portal-*.png for a person to look at.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPagePath } from '../../src/http/pages.js';
import { matchRoute } from '../../web/src/router/routes.js';
import { startAmanahServer, type AmanahServer } from './support/amanah-server.js';
import { launchChromium } from './support/chromium.js';
import { arabicIndicDigit, digitsOf } from './support/digits.js';
import { waitForCosignedCheckpoint } from './support/log-ready.js';
import { fitsViewportWidth, takeScreenshot } from './support/screenshots.js';
import { ensureWebBuild } from './support/web-build.js';

type Language = 'en' | 'ar';

interface ApiFigure {
  key: string;
  kind: string;
  value: number | string;
}
interface Named {
  en: string;
  ar: string;
}

let server: AmanahServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

let overview: { figures: ApiFigure[]; logSize: number };
let proposal: { id: string; title: Named; signatures: { org: string; kind: string; text: string | null }[] };
let org: { id: string; name: Named; keys: { keyId: string }[] };
let donor: { org: string; name: Named; pledges: { id: string; receipts: unknown[] }[] };
let crossings: { items: { code: string; name: Named; location: { lat: number; lon: number } | null }[] };
let governorates: { items: { code: string; name: Named }[] };
let journalDatesUsd: number;

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${path}`);
  expect(response.status, `GET /api/v1${path}`).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  await ensureWebBuild();
  server = await startAmanahServer();
  browser = await launchChromium();
  await waitForCosignedCheckpoint(server.url);
  overview = await api('/overview');
  const proposals = await api<{ items: { id: string }[] }>('/proposals?limit=500');
  // The demo's proposal with an objection: the page must show the reason.
  const details = await Promise.all(proposals.items.map((p) => api<typeof proposal>(`/proposals/${p.id}`)));
  proposal =
    details.find((d) => d.signatures.some((s) => s.kind === 'objection' && s.text !== null)) ?? details[0]!;
  org = await api('/orgs/egypt');
  donor = await api('/fund/donors/qatar');
  crossings = await api('/crossings');
  governorates = await api('/governorates');
  const journal = await api<{ items: { date: string }[] }>('/fund/journal?currency=USD&limit=500');
  journalDatesUsd = new Set(journal.items.map((line) => line.date)).size;
}, 300_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.stop();
});

async function newPage(
  options: { width?: number; javaScript?: boolean; locale?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    timezoneId: 'UTC',
    viewport: { width: options.width ?? 1280, height: 800 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 404 the page expects (an unknown id, a route another area has not added yet) is not a problem.
    if (message.type() === 'error' && !/404 \(Not Found\)/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return page;
}

async function open(page: Page, path: string, language: Language, pageName: string): Promise<void> {
  const separator = path.includes('?') ? '&' : '?';
  await page.goto(`${server.url}${path}${separator}lang=${language}`);
  await page.locator(`[data-page="${pageName}"]`).waitFor();
  await page.locator('[data-page] h1').first().waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe(language);
  expect(await page.locator('html').getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
}

/** Both widths: no sideways scrolling on a 360 px phone, and a screenshot of each. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await fitsViewportWidth(page), `${name} at ${width} px: no horizontal overflow`).toBe(true);
    await takeScreenshot(page, `portal-${name}-${width}`, 8_000);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const name = (named: Named, language: Language): string => named[language];

describe('routes', () => {
  it('agree between the web app and the server, which answers 404 for any other address', async () => {
    const samples = [
      '/',
      '/explorer',
      '/explorer/12',
      '/explorer/x',
      '/decisions',
      '/decisions/alloc-1',
      '/decisions/Alloc',
      '/orgs',
      '/orgs/egypt',
      '/donors/qatar',
      '/donors',
      '/map',
      '/map/',
      '/data',
      '/projects',
      '/nothing/here',
    ];
    for (const path of samples) {
      expect(isPagePath(path), path).toBe(matchRoute(path).name !== 'not-found');
    }
    expect((await fetch(`${server.url}/no-such-page`)).status).toBe(404);
    expect((await fetch(`${server.url}/explorer/not-a-number`)).status).toBe(404);
    expect((await fetch(`${server.url}/orgs/egypt`)).status).toBe(200);
  });
});

describe.each(['en', 'ar'] as const)('pages in %s', (language) => {
  it('dashboard: figures, fund table and chart, map, log panel', async () => {
    const page = await newPage();
    await open(page, '/', language, 'dashboard');
    await page.locator('[data-figure-key="memberStates"]').waitFor();
    for (const figure of overview.figures) {
      const shown = (await page.locator(`[data-figure-key="${figure.key}"] dd`).textContent()) ?? '';
      expect(digitsOf(shown), figure.key).toBe(digitsOf(String(figure.value)));
    }
    if (language === 'ar') {
      expect(await page.locator('[data-figure-key="events"] dd').textContent()).toMatch(arabicIndicDigit);
    }

    // Funds over time: five step lines, and the table behind them, one row per journal date.
    const chart = page.locator('[data-chart="fund-over-time"]');
    await chart.waitFor();
    expect(await chart.locator('path.chart__line').count()).toBe(5);
    for (const d of await chart
      .locator('path.chart__line')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) {
      expect(d).toMatch(/^M[\d.]+ [\d.]+/);
    }
    const box = await chart.locator('svg').first().boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect(await chart.locator('tbody tr').count()).toBe(journalDatesUsd);

    // The map: five governorates drawn with an area on screen, crossings with a position as points.
    const map = page.locator('[data-map="gaza"]');
    await expectMapDrawn(map, language);

    await page.locator('[data-verification="verified"]').waitFor({ timeout: 30_000 });
    await screenshots(page, `dashboard-${language}`);
    expect(problems).toEqual([]);
  });

  it('log explorer: entries with paging, checkpoint, witnesses and cosignatures, verified here', async () => {
    const page = await newPage();
    await open(page, '/explorer', language, 'explorer');
    const rows = page.locator('[data-table="entries"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(25, overview.logSize));
    // Newest first.
    expect(await rows.first().getAttribute('data-entry')).toBe(String(overview.logSize - 1));
    // Every witness of the log is listed; the quorum has cosigned.
    const log = await api<{ witnesses: { name: string }[]; quorum: number }>('/log');
    const witnesses = page.locator('[data-table="witnesses"] tbody tr');
    expect(await witnesses.count()).toBe(log.witnesses.length);
    expect(await page.locator('[data-cosigned="true"]').count()).toBeGreaterThanOrEqual(log.quorum);
    await page.locator('[data-verification="verified"]').waitFor({ timeout: 30_000 });
    // Entries are checked as they come near the screen.
    await rows.first().scrollIntoViewIfNeeded();
    await page.locator('[data-table="entries"] [data-proof="verified"]').first().waitFor({ timeout: 30_000 });
    await screenshots(page, `explorer-${language}`);

    // Older entries, by keyboard: the pager link, then Enter.
    const older = page.locator('nav.pager a').last();
    await older.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/from=/);
    await page.locator(`[data-table="entries"] tbody tr[data-entry="${overview.logSize - 26}"]`).waitFor();
    expect(problems).toEqual([]);
  });

  it('an entry: its signed event, verified in this browser', async () => {
    const page = await newPage();
    await open(page, '/explorer/5', language, 'entry');
    const event = await api<{ event: unknown }>('/events/5');
    expect(JSON.parse((await page.locator('[data-event-json]').textContent()) ?? '')).toEqual(event.event);
    await page.locator('[data-proof="verified"]').waitFor({ timeout: 30_000 });
    await screenshots(page, `entry-${language}`);
    expect(problems).toEqual([]);
  });

  it('decisions and a decision: proposal, approvals, objections with their reasons', async () => {
    const page = await newPage();
    await open(page, '/decisions', language, 'decisions');
    await page.locator(`[data-proposal="${proposal.id}"]`).waitFor();
    await screenshots(page, `decisions-${language}`);

    await page.locator(`[data-proposal="${proposal.id}"] a`).click();
    await page.locator('[data-page="decision"] h1').waitFor();
    expect(await page.locator('h1').textContent()).toBe(name(proposal.title, language));
    expect(await page.locator('[data-signature]').count()).toBe(proposal.signatures.length);
    for (const signature of proposal.signatures.filter((s) => s.text !== null)) {
      expect(
        await page.locator(`[data-signature][data-org="${signature.org}"] blockquote`).textContent(),
      ).toBe(signature.text);
    }
    await page.locator('[data-signature] [data-proof="verified"]').first().waitFor({ timeout: 30_000 });
    await screenshots(page, `decision-${language}`);
    expect(problems).toEqual([]);
  });

  it('organisations and a member: its keys', async () => {
    const page = await newPage();
    await open(page, '/orgs', language, 'orgs');
    await page.locator(`[data-org="${org.id}"]`).waitFor();
    await screenshots(page, `orgs-${language}`);
    await open(page, `/orgs/${org.id}`, language, 'org');
    await page.locator('[data-page="org"] h1').waitFor();
    expect(await page.locator('h1').textContent()).toBe(name(org.name, language));
    expect(await page.locator('[data-key]').count()).toBe(org.keys.length);
    await page.locator('[data-key] [data-proof="verified"]').first().waitFor({ timeout: 30_000 });
    await screenshots(page, `org-${language}`);
    expect(problems).toEqual([]);
  });

  it('a donor: pledges and receipts', async () => {
    const page = await newPage();
    await open(page, `/donors/${donor.org}`, language, 'donor');
    await page.locator('[data-pledge]').first().waitFor();
    expect(await page.locator('[data-pledge]').count()).toBe(donor.pledges.length);
    expect(await page.locator('[data-receipt]').count()).toBe(
      donor.pledges.reduce((n, pledge) => n + pledge.receipts.length, 0),
    );
    expect(await page.locator('h1').textContent()).toContain(name(donor.name, language));
    await page.locator('[data-pledge] [data-proof="verified"]').first().waitFor({ timeout: 30_000 });
    await screenshots(page, `donor-${language}`);
    expect(problems).toEqual([]);
  });

  it('the map page and the open-data page', async () => {
    const page = await newPage();
    await open(page, '/map', language, 'map');
    await expectMapDrawn(page.locator('[data-map="gaza"]'), language);
    await screenshots(page, `map-${language}`);
    await open(page, '/data', language, 'data');
    const link = page.locator('[data-downloads="orgs"] a[data-format="hxl.csv"]').first();
    const response = await fetch(new URL((await link.getAttribute('href')) ?? '', server.url));
    expect(response.status).toBe(200);
    expect((await response.text()).split('\r\n')[1]).toMatch(/^#org\+id,/);
    await screenshots(page, `data-${language}`);
    expect(problems).toEqual([]);
  });

  it('a real 404 page in the reader’s language, for unknown addresses and unknown ids', async () => {
    const page = await newPage();
    const response = await page.goto(`${server.url}/no-such-page?lang=${language}`);
    expect(response?.status()).toBe(404);
    await page.locator('[data-page="not-found"]').waitFor();
    const title = (await page.locator('h1').textContent()) ?? '';
    expect(title).toBe(language === 'ar' ? 'الصفحة غير موجودة' : 'Page not found');
    await screenshots(page, `not-found-${language}`);
    for (const path of [
      '/decisions/no-such-decision',
      '/orgs/no-such-org',
      '/donors/no-such-donor',
      '/explorer/999999',
    ]) {
      await page.goto(`${server.url}${path}?lang=${language}`);
      await page.locator('[data-page="not-found"]').waitFor();
      expect(await page.locator('h1').textContent(), path).toBe(title);
    }
    expect(problems).toEqual([]);
  });
});

async function expectMapDrawn(map: ReturnType<Page['locator']>, language: Language): Promise<void> {
  await map.waitFor();
  const areas = map.locator('path.map__area');
  expect(await areas.count()).toBe(5);
  for (let i = 0; i < 5; i++) {
    const box = await areas.nth(i).boundingBox();
    expect(box?.width, `governorate ${i} drawn`).toBeGreaterThan(10);
    expect(box?.height, `governorate ${i} drawn`).toBeGreaterThan(10);
  }
  for (const g of governorates.items) {
    expect(await map.locator(`[data-label="${g.code}"]`).textContent()).toBe(name(g.name, language));
  }
  const located = crossings.items.filter((c) => c.location !== null);
  expect(await map.locator('[data-crossing] circle').count()).toBe(located.length);
  // The table behind the map lists every crossing, located or not.
  expect(await map.locator('[data-crossing-row]').count()).toBe(crossings.items.length);
}

describe('without JavaScript', () => {
  it.each(['en', 'ar'] as const)('shows the key figures in %s, rendered by the server', async (language) => {
    const page = await newPage({ javaScript: false, locale: language === 'ar' ? 'ar' : 'en-US', width: 360 });
    const response = await page.goto(`${server.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    for (const figure of overview.figures) {
      const shown = (await page.locator(`[data-static-figure="${figure.key}"] dd`).textContent()) ?? '';
      expect(digitsOf(shown), figure.key).toBe(digitsOf(String(figure.value)));
    }
    expect(await page.locator('[data-static-figure="memberStates"] dt').textContent()).toBe(
      language === 'ar' ? 'الدول الأعضاء' : 'Member states',
    );
    expect(await fitsViewportWidth(page)).toBe(true);
    await takeScreenshot(page, `portal-nojs-${language}-360`, 8_000);
  });
});

describe('keyboard and settings', () => {
  it('reaches every page from the navigation with Tab and Enter, and moves the focus to the page', async () => {
    const page = await newPage();
    await open(page, '/', 'en', 'dashboard');
    const targets = [
      ['Log explorer', 'explorer'],
      ['Decisions', 'decisions'],
      ['Organisations', 'orgs'],
      ['Map', 'map'],
      ['Open data', 'data'],
      ['Dashboard', 'dashboard'],
    ] as const;
    for (const [label, pageName] of targets) {
      // From the top of a fresh page, Tab forwards; from the main region (where the focus lands after
      // a navigation), Shift+Tab back into the navigation above it.
      const backwards = (await page.evaluate<string>('document.activeElement?.id ?? ""')) === 'main';
      let found = false;
      for (let i = 0; i < 40 && !found; i++) {
        await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
        const focused = await page.evaluate<string>(
          "document.activeElement?.tagName === 'A' ? document.activeElement.textContent : ''",
        );
        found = focused === label;
      }
      expect(found, `Tab reaches ${label}`).toBe(true);
      await page.keyboard.press('Enter');
      await page.locator(`[data-page="${pageName}"]`).waitFor();
      expect(await page.evaluate<string>('document.activeElement?.id')).toBe('main');
      expect(await page.locator(`.page-nav a[aria-current="page"]`).textContent()).toBe(label);
    }
    await page.goBack();
    await page.locator('[data-page="data"]').waitFor();
    expect(problems).toEqual([]);
  });

  it('shows dates in the Hijri calendar and digits by choice', async () => {
    const page = await newPage();
    await open(page, `/donors/${donor.org}`, 'ar', 'donor');
    const date = page.locator('[data-receipt] time').first();
    await date.waitFor();
    const gregorian = (await date.textContent()) ?? '';
    await page.locator('.display-settings summary').click();
    await page.locator('[data-control="calendar"]').selectOption('islamic-umalqura');
    await expect.poll(async () => (await date.textContent()) ?? '').not.toBe(gregorian);
    const hijri = (await date.textContent()) ?? '';
    // 2025-11-20 is 29 Jumada al-Awwal 1447 in the Umm al-Qura calendar.
    expect(digitsOf(hijri)).toContain('1447');
    expect(hijri).toMatch(/هـ/);
    await page.locator('[data-control="digits"]').selectOption('latn');
    await expect.poll(async () => (await date.textContent()) ?? '').toMatch(/1447/);
    await takeScreenshot(page, 'portal-donor-ar-hijri-1280', 8_000);
    // Kept for the next visit.
    await page.reload();
    await page.locator('[data-receipt] time').first().waitFor();
    expect(await page.locator('[data-receipt] time').first().textContent()).toMatch(/1447/);
    expect(problems).toEqual([]);
  });

  it('speaks Turkish, Urdu and Indonesian where their catalogues have words, English elsewhere', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/?lang=ur`);
    await page.locator('[data-page="dashboard"]').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('.page-nav a').first().textContent()).toBe('ڈیش بورڈ');
    // A key the Urdu catalogue does not have yet falls back to English.
    expect(await page.locator('#figures-heading').textContent()).toBe('Key figures');
    await page.goto(`${server.url}/?lang=tr`);
    await page.locator('[data-page="dashboard"]').waitFor();
    expect(await page.locator('.page-nav a').first().textContent()).toBe('Gösterge paneli');
    expect(problems).toEqual([]);
  });
});
