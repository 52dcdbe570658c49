// The home page against the real server: `node bin/amanah.js serve` on a fresh demo database.
// Compares what the page shows with what the API says, in English and Arabic, at desktop and phone
// widths, and leaves screenshots in test-output/screenshots/ for a person to look at.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmanahServer, type AmanahServer } from './support/amanah-server.js';
import { launchChromium } from './support/chromium.js';
import { arabicIndicDigit, digitsOf, latinDigit } from './support/digits.js';
import { fitsViewportWidth, takeScreenshot } from './support/screenshots.js';
import { ensureWebBuild } from './support/web-build.js';

interface ApiFigure {
  key: string;
  kind: string;
  value: number | string;
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
