// The home page against the real server: `node bin/amanah.js serve` on a fresh demo database.
// Compares what the page shows with what the API says, in English and Arabic, at desktop and phone
// widths, and leaves screenshots in test-output/screenshots/ for a person to look at.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmanahServer, type AmanahServer } from './support/amanah-server.js';
import { launchChromium } from './support/chromium.js';
import { arabicIndicDigit, digitsOf, latinDigit } from './support/digits.js';
import { screenshotDir, webRoot } from './support/paths.js';
import { fitsViewportWidth, takeScreenshot } from './support/screenshots.js';
import { ensureWebBuild } from './support/web-build.js';

interface ApiFigure {
  key: string;
  kind: string;
  value: number | string;
}
interface ApiNeedsRow {
  key: string;
  needPpm: string;
  allocated: string;
  allocatedPpm: string;
  gapPpm: string;
}
interface ApiNeedsReport {
  currency: string;
  byGovernorate: ApiNeedsRow[];
  bySector: ApiNeedsRow[];
}
interface ApiPlace {
  code: string;
  name: Record<string, string>;
  status?: string;
}

let server: AmanahServer;
let browser: Browser;
let overview: { origin: string; logSize: number; figures: ApiFigure[] };
let governorates: { items: ApiPlace[]; total: number };
let crossings: { items: ApiPlace[]; total: number };
let needs: ApiNeedsReport;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${path}`);
  expect(response.status, `GET /api/v1${path}`).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  await ensureWebBuild();
  server = await startAmanahServer();
  browser = await launchChromium();
  overview = await api('/overview');
  governorates = await api('/governorates');
  crossings = await api('/crossings');
  needs = await api('/needs/report');
}, 300_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.stop();
});

async function newPage(width: number): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width, height: 800 },
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return page;
}

const figureValue = (page: Page, key: string) => page.locator(`[data-figure-key="${key}"] dd`);
const figureLabel = (page: Page, key: string) => page.locator(`[data-figure-key="${key}"] dt`);

/** Every figure of the API is on the page, with the same number (whatever the digits). */
async function expectFiguresMatchApi(page: Page): Promise<void> {
  expect(await page.locator('[data-figure-key]').count()).toBe(overview.figures.length);
  for (const figure of overview.figures) {
    const shown = (await figureValue(page, figure.key).textContent()) ?? '';
    expect(digitsOf(shown), `figure ${figure.key}: "${shown}"`).toBe(digitsOf(String(figure.value)));
  }
}

/** The lists show every governorate and crossing of the API, named in `language`. */
async function expectPlacesMatchApi(page: Page, language: 'en' | 'ar'): Promise<void> {
  for (const [heading, list] of [
    ['governorates', governorates],
    ['crossings', crossings],
  ] as const) {
    const section = page.locator(`section[aria-labelledby="${heading}-heading"]`);
    const items = section.locator('li');
    await items.first().waitFor();
    expect(await items.count(), heading).toBe(list.items.length);
    for (const place of list.items) {
      const name = await section.locator(`li[data-code="${place.code}"] .place__name`).textContent();
      expect(name, `${heading} ${place.code}`).toBe(place.name[language] ?? place.name.en);
    }
  }
}

async function expectDocumentLanguage(page: Page, lang: string, dir: string): Promise<void> {
  expect(await page.locator('html').getAttribute('lang')).toBe(lang);
  expect(await page.locator('html').getAttribute('dir')).toBe(dir);
}

async function screenshotAtWidths(page: Page, language: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await fitsViewportWidth(page), `${language} at ${width} px: no horizontal overflow`).toBe(true);
    await takeScreenshot(page, `home-${language}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The sectors' names in a catalogue of the web app. */
const sectorNames = (language: 'en' | 'ar'): Record<string, string> =>
  (
    JSON.parse(readFileSync(join(webRoot, 'src', 'locales', `${language}.json`), 'utf8')) as {
      sector: Record<string, string>;
    }
  ).sector;

/** A share in parts per million as the digits of its percentage to two places: 433446 → "4334". */
const percentDigits = (ppm: string): string => digitsOf(String(Math.round(Number(ppm) / 100)));

/**
 * The need-against-allocation chart shows `rows` in the API's order: two bars a row, as long as their
 * shares, labelled in `language`; the table behind it holds the same shares and amounts.
 */
async function expectNeedsMatchApi(
  page: Page,
  by: 'governorate' | 'sector',
  rows: readonly ApiNeedsRow[],
  label: (key: string) => string,
): Promise<void> {
  const chart = page.locator(`[data-chart="needs-by-${by}"]`);
  await chart.waitFor();
  expect(
    await chart.locator('svg [data-key]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-key'))),
  ).toEqual(rows.map((row) => row.key));
  const unit: number[] = [];
  for (const row of rows) {
    const group = chart.locator(`svg [data-key="${row.key}"]`);
    expect(await group.locator('.chart__label').textContent()).toBe(label(row.key));
    for (const [series, ppm] of [
      ['need', row.needPpm],
      ['allocated', row.allocatedPpm],
    ] as const) {
      const width = Number(await group.locator(`[data-series="${series}"] rect`).getAttribute('width'));
      if (Number(ppm) > 0) unit.push(width / Number(ppm));
      else expect(width, `${row.key} ${series}`).toBe(0);
    }
  }
  // Every bar is drawn to the same scale: its length over its share is the same number.
  for (const ratio of unit) expect(ratio).toBeCloseTo(unit[0]!, 6);

  await chart.locator('details summary').click();
  expect(await chart.locator('tbody tr').count()).toBe(rows.length);
  for (const row of rows) {
    const tr = chart.locator(`tbody tr[data-key="${row.key}"]`);
    expect(await tr.locator('th').textContent()).toBe(label(row.key));
    const cell = async (column: string) =>
      (await tr.locator(`td[data-column="${column}"]`).textContent()) ?? '';
    expect(digitsOf(await cell('need')), `${row.key} need`).toBe(percentDigits(row.needPpm));
    expect(digitsOf(await cell('allocated')), `${row.key} allocated`).toBe(percentDigits(row.allocatedPpm));
    expect(digitsOf(await cell('amount')), `${row.key} amount`).toBe(digitsOf(row.allocated));
    expect(digitsOf(await cell('gap')), `${row.key} gap`).toBe(
      percentDigits(String(Math.abs(Number(row.gapPpm)))),
    );
  }
  await chart.locator('details summary').click();
}

describe('home page served by amanah serve', () => {
  it('serves the app at /, falls back to it for client routes, and not under /api', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await home.text();
    expect(html).toContain('<div id="root">');

    // A page of the portal gets the same app (the key figures are rendered into `/` only).
    const deepLink = await fetch(`${server.url}/decisions/some-decision`);
    expect(deepLink.status).toBe(200);
    const deepHtml = await deepLink.text();
    expect(deepHtml).toContain('<div id="root"></div>');
    const scriptOf = (text: string) => /src="(\/assets\/[^"]+\.js)"/.exec(text)?.[1];
    expect(scriptOf(deepHtml)).toBe(scriptOf(html));

    const unknownApi = await fetch(`${server.url}/api/v1/no-such-resource`);
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).not.toMatch(/^text\/html/);

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('lets browsers cache the hashed assets for ever, and revalidate index.html', async () => {
    const home = await fetch(`${server.url}/`);
    // A new deployment must reach readers at once: index.html is revalidated on every visit.
    expect(home.headers.get('cache-control'), 'index.html must be revalidated').toMatch(
      /no-cache|max-age=0\b/,
    );
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await home.text())?.[1];
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.headers.get('cache-control'), 'hashed assets can be cached for ever').toMatch(
      /max-age=31536000.*immutable|immutable.*max-age=31536000/,
    );
  });

  it('shows the figures, the log and the places in English, then in Arabic after the switch', async () => {
    const page = await newPage(1280);
    await page.goto(server.url);
    await figureValue(page, 'memberStates').waitFor();
    await expectDocumentLanguage(page, 'en', 'ltr');

    // The demo data: seven member states, five governorates.
    expect(await figureLabel(page, 'memberStates').textContent()).toBe('Member states');
    expect(await figureValue(page, 'memberStates').textContent()).toBe('7');
    expect(await figureValue(page, 'governorates').textContent()).toBe('5');
    await expectFiguresMatchApi(page);
    expect(await page.locator('[data-fact="origin"] dd').textContent()).toBe(overview.origin);
    expect(digitsOf((await page.locator('[data-fact="size"] dd').textContent()) ?? '')).toBe(
      String(overview.logSize),
    );
    await expectPlacesMatchApi(page, 'en');
    await screenshotAtWidths(page, 'en');

    // Switch with the keyboard.
    const arabic = page.getByRole('button', { name: 'العربية' });
    await arabic.focus();
    await page.keyboard.press('Enter');
    await page.locator('html[lang="ar"]').waitFor();
    await expectDocumentLanguage(page, 'ar', 'rtl');
    expect(await arabic.getAttribute('aria-pressed')).toBe('true');
    expect(await figureLabel(page, 'memberStates').textContent()).toBe('الدول الأعضاء');
    expect(await figureValue(page, 'memberStates').textContent()).toBe('٧');
    const events = (await figureValue(page, 'events').textContent()) ?? '';
    expect(events).toMatch(arabicIndicDigit);
    expect(events).not.toMatch(latinDigit);
    await expectFiguresMatchApi(page);
    await expectPlacesMatchApi(page, 'ar');
    await screenshotAtWidths(page, 'ar');

    // The choice survives a reload.
    await page.reload();
    await figureValue(page, 'memberStates').waitFor();
    await expectDocumentLanguage(page, 'ar', 'rtl');
    expect(problems).toEqual([]);
  });

  it.each(['en', 'ar'] as const)(
    'draws need against allocation from the needs report in %s, within a 360 px phone',
    async (language) => {
      const page = await newPage(360);
      await page.goto(`${server.url}/?lang=${language}`);
      const section = page.locator('[data-slot="needs"]');
      await section.locator('[data-chart="needs-by-governorate"]').waitFor();
      // The demo adopts a needs formula and allocates to all five governorates.
      expect(needs.byGovernorate).toHaveLength(5);
      expect(needs.bySector.length).toBeGreaterThan(0);
      const governorateName = (key: string) => {
        const place = governorates.items.find((item) => item.code === key);
        return place?.name[language] ?? place?.name.en ?? key;
      };
      await expectNeedsMatchApi(page, 'governorate', needs.byGovernorate, governorateName);
      const values = await section.locator('.chart__value').allTextContents();
      expect(values.join(' ')).toMatch(language === 'ar' ? arabicIndicDigit : latinDigit);
      if (language === 'ar') expect(values.join(' ')).not.toMatch(latinDigit);

      const box = await section.locator('[data-chart] svg[role="img"]').boundingBox();
      expect(box?.width).toBeGreaterThan(250);
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
      expect(await fitsViewportWidth(page)).toBe(true);
      await section.screenshot({ path: join(screenshotDir, `home-needs-${language}-360.png`) });

      // By sector, chosen with the keyboard.
      const select = section.locator('[data-control="needs-by"]');
      await select.focus();
      await page.keyboard.press('ArrowDown');
      await section.locator('[data-chart="needs-by-sector"]').waitFor();
      const sectorLabel = (key: string) => sectorNames(language)[key] ?? key;
      await expectNeedsMatchApi(page, 'sector', needs.bySector, sectorLabel);
      expect(await fitsViewportWidth(page)).toBe(true);
      expect(problems).toEqual([]);
    },
  );

  it('opens directly in Arabic with ?lang=ar', async () => {
    const page = await newPage(360);
    await page.goto(`${server.url}/?lang=ar`);
    await figureValue(page, 'memberStates').waitFor();
    await expectDocumentLanguage(page, 'ar', 'rtl');
    expect(await figureLabel(page, 'memberStates').textContent()).toBe('الدول الأعضاء');
    expect(await figureValue(page, 'memberStates').textContent()).toBe('٧');
    expect(await fitsViewportWidth(page)).toBe(true);
    expect(problems).toEqual([]);
  });
});
