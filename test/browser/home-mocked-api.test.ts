// The home page's own behaviour — loading, errors and retry, exact money, digits, fallbacks — against
// the built app with the API fulfilled inside the browser. No server needed; home.test.ts runs the
// same page against the real server.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { arabicIndicDigit, digitsOf, latinDigit } from './support/digits.js';
import {
  crossingsFixture,
  fundPositionFixture,
  governoratesFixture,
  overviewFixture,
} from './support/fixtures.js';
import { webRoot } from './support/paths.js';
import { fitsViewportWidth, takeScreenshot } from './support/screenshots.js';
import { ensureWebBuild } from './support/web-build.js';

type Handler = (route: Route) => Promise<void>;

const json = (body: unknown, status = 200) => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body),
});

let browser: Browser;
let server: PreviewServer;
let baseUrl: string;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  server = await preview({
    configFile: join(webRoot, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0 },
  });
  const address = server.httpServer.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;
  browser = await launchChromium();
}, 240_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  expect(pageErrors.splice(0), 'uncaught errors in the page').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh browser profile whose API answers come from `handlers` (path after /api/v1). */
async function openPage(
  handlers: Record<string, Handler> = {},
  { width = 1280, initScript }: { width?: number; initScript?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width, height: 800 },
  });
  contexts.push(context);
  if (initScript !== undefined) await context.addInitScript(initScript);
  const defaults: Record<string, Handler> = {
    '/overview': (route) => route.fulfill(json(overviewFixture)),
    '/governorates': (route) => route.fulfill(json(governoratesFixture)),
    '/crossings': (route) => route.fulfill(json(crossingsFixture)),
    // The dashboard's other sections; the access and projects routes answer 404 here, as on a
    // server without them, and their sections show a notice rather than an error.
    '/fund/position': (route) => route.fulfill(json(fundPositionFixture)),
  };
  await context.route('**/api/v1/**', async (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/api\/v1/, '');
    const handler = handlers[path] ?? defaults[path];
    await (handler ? handler(route) : route.fulfill(json({ title: 'Not Found' }, 404)));
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Answers with `failure` the first time, then as usual. */
function failOnce(failure: Handler, then: Handler): Handler {
  let calls = 0;
  return (route) => (calls++ === 0 ? failure(route) : then(route));
}

const figureValue = (page: Page, key: string) => page.locator(`[data-figure-key="${key}"] dd`);
const figureLabel = (page: Page, key: string) => page.locator(`[data-figure-key="${key}"] dt`);
const section = (page: Page, heading: string) =>
  page.locator(`section[aria-labelledby="${heading}-heading"]`);

describe('home page with a fulfilled API', () => {
  it('shows a loading state until the overview arrives', async () => {
    let release = (): void => {};
    const answered = new Promise<void>((resolve) => (release = resolve));
    const page = await openPage({
      '/overview': async (route) => {
        await answered;
        await route.fulfill(json(overviewFixture));
      },
    });
    await page.goto(baseUrl);
    const figures = section(page, 'figures');
    await figures.getByRole('status').waitFor();
    expect(await figures.getByRole('status').textContent()).toBe('Loading…');
    expect(await figures.getAttribute('aria-busy')).toBe('true');
    // The lists do not wait for the overview.
    await section(page, 'governorates').locator('li').first().waitFor();

    release();
    await figureValue(page, 'memberStates').waitFor();
    expect(await figures.getByRole('status').count()).toBe(0);
    expect(await figures.getAttribute('aria-busy')).toBe('false');
    expect(await figureValue(page, 'memberStates').textContent()).toBe('7');
  });

  it('explains each kind of failure and loads again on retry', async () => {
    const ok = {
      overview: (route: Route) => route.fulfill(json(overviewFixture)),
      governorates: (route: Route) => route.fulfill(json(governoratesFixture)),
      crossings: (route: Route) => route.fulfill(json(crossingsFixture)),
    };
    const page = await openPage({
      '/overview': failOnce(
        (route) =>
          route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }),
          }),
        ok.overview,
      ),
      '/governorates': failOnce((route) => route.fulfill({ status: 200, body: 'not json' }), ok.governorates),
      '/crossings': failOnce((route) => route.abort('connectionrefused'), ok.crossings),
    });
    await page.goto(baseUrl);

    const figuresAlert = section(page, 'figures').getByRole('alert');
    await figuresAlert.waitFor();
    expect(await figuresAlert.textContent()).toContain('The server answered with status 503.');
    const governoratesAlert = section(page, 'governorates').getByRole('alert');
    await governoratesAlert.waitFor();
    expect(await governoratesAlert.textContent()).toContain("The server's answer could not be read.");
    const crossingsAlert = section(page, 'crossings').getByRole('alert');
    await crossingsAlert.waitFor();
    expect(await crossingsAlert.textContent()).toContain('The server could not be reached.');
    await takeScreenshot(page, 'mocked-errors-en-1280');

    // Retry from the keyboard.
    await figuresAlert.getByRole('button', { name: 'Try again' }).focus();
    await page.keyboard.press('Enter');
    await figureValue(page, 'memberStates').waitFor();
    expect(await figureValue(page, 'memberStates').textContent()).toBe('7');

    await governoratesAlert.getByRole('button', { name: 'Try again' }).click();
    await crossingsAlert.getByRole('button', { name: 'Try again' }).click();
    await section(page, 'crossings').locator('li').first().waitFor();
    expect(await section(page, 'governorates').locator('li').count()).toBe(5);
    expect(await section(page, 'crossings').locator('li').count()).toBe(5);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('formats money exactly, in both languages, and labels unknown figures by their key', async () => {
    const money = (key: string, value: string, currency: string, minorUnits: number) => ({
      key,
      kind: 'money',
      value,
      currency,
      minorUnits,
    });
    const overview = {
      ...overviewFixture,
      figures: [
        // 1.234…e18 dollars: a float would print …456,800.00.
        money('pledged', '123456789012345678901', 'USD', 2),
        money('received', '5', 'USD', 2),
        money('allocated', '-125000000', 'USD', 2),
        money('disbursed', '1234567', 'KWD', 3),
        money('spent', '1000', 'JPY', 0),
        ...overviewFixture.figures,
        { key: 'someNewFigure', kind: 'count', value: 3 },
      ],
    };
    const handlers = { '/overview': (route: Route) => route.fulfill(json(overview)) };

    const page = await openPage(handlers);
    await page.goto(baseUrl);
    await figureValue(page, 'pledged').waitFor();
    expect(await figureValue(page, 'pledged').textContent()).toBe('$1,234,567,890,123,456,789.01');
    expect(await figureValue(page, 'received').textContent()).toBe('$0.05');
    expect(await figureValue(page, 'allocated').textContent()).toBe('-$1,250,000.00');
    expect(digitsOf((await figureValue(page, 'disbursed').textContent()) ?? '')).toBe('1234567');
    expect(await figureValue(page, 'disbursed').textContent()).toMatch(/1,234\.567/);
    expect(await figureValue(page, 'spent').textContent()).toBe('¥1,000');
    expect(await figureLabel(page, 'pledged').textContent()).toBe('Pledged');
    expect(await figureLabel(page, 'someNewFigure').textContent()).toBe('someNewFigure');
    expect(await page.locator('[data-figure-key="pledged"] data').getAttribute('value')).toBe(
      '123456789012345678901',
    );

    const arabic = await openPage(handlers, { width: 360 });
    await arabic.goto(`${baseUrl}/?lang=ar`);
    await figureValue(arabic, 'pledged').waitFor();
    const pledged = (await figureValue(arabic, 'pledged').textContent()) ?? '';
    expect(pledged).toMatch(arabicIndicDigit);
    expect(pledged).not.toMatch(latinDigit);
    expect(digitsOf(pledged)).toBe('123456789012345678901');
    expect(digitsOf((await figureValue(arabic, 'received').textContent()) ?? '')).toBe('5');
    expect(await figureLabel(arabic, 'pledged').textContent()).toBe('المبالغ المتعهَّد بها');
    expect(await fitsViewportWidth(arabic), 'no horizontal overflow at 360 px').toBe(true);
    await takeScreenshot(arabic, 'mocked-money-ar-360');
  });

  it('keeps the digits choice of the settings object: Arabic text with Latin digits', async () => {
    const page = await openPage(
      {},
      { initScript: `localStorage.setItem('amanah.settings', '{"language":"ar","digits":"latn"}')` },
    );
    await page.goto(baseUrl);
    await figureValue(page, 'memberStates').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await figureLabel(page, 'memberStates').textContent()).toBe('الدول الأعضاء');
    expect(await figureValue(page, 'memberStates').textContent()).toBe('7');
    expect(await figureValue(page, 'events').textContent()).not.toMatch(arabicIndicDigit);
  });

  it('remembers the language, lets ?lang= override it, and loads only that catalogue', async () => {
    const page = await openPage();
    const catalogues: string[] = [];
    page.on('request', (request) => {
      const match = /\/assets\/(en|ar)-[\w-]+\.js$/.exec(request.url());
      if (match) catalogues.push(match[1]);
    });
    await page.goto(baseUrl);
    await figureValue(page, 'memberStates').waitFor();
    expect(catalogues).toEqual(['en']);

    await page.getByRole('button', { name: 'العربية' }).click();
    await page.locator('html[lang="ar"]').waitFor();
    expect(await page.getByRole('button', { name: 'العربية' }).getAttribute('aria-pressed')).toBe('true');

    catalogues.length = 0;
    await page.reload();
    await figureValue(page, 'memberStates').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await figureValue(page, 'memberStates').textContent()).toBe('٧');
    expect(catalogues).toEqual(['ar']);

    await page.goto(`${baseUrl}/?lang=en`);
    await figureValue(page, 'memberStates').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // Switching language keeps a shared ?lang= link in step with the page.
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.locator('html[lang="ar"]').waitFor();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ar');
  });

  it('checks the log in the browser, and says why when it cannot, without holding up the page', async () => {
    let release = (): void => {};
    const answered = new Promise<void>((resolve) => (release = resolve));
    const page = await openPage({
      '/log': async (route) => {
        await answered;
        await route.fulfill(json({ title: 'Not Found' }, 404));
      },
    });
    await page.goto(baseUrl);
    const verification = page.locator('[data-verification]');
    await figureValue(page, 'memberStates').waitFor();
    expect(await verification.getAttribute('data-verification')).toBe('checking');
    expect(await page.locator('.verification [role="status"]').textContent()).toBe(
      '◌Checking in this browser…',
    );
    await section(page, 'governorates').locator('[data-proof]').first().waitFor();
    expect(await section(page, 'governorates').locator('[data-proof="checking"]').count()).toBe(5);

    release();
    await page.locator('[data-verification="failed"]').waitFor();
    expect(await verification.getAttribute('data-failure')).toBe('log-unavailable');
    expect(await page.locator('.verification__text').textContent()).toBe(
      'Verification failed: the description of the log could not be loaded.',
    );
    // Without a verified checkpoint no record is verified; the figures and lists are shown all the same.
    const proof = section(page, 'governorates').locator('[data-proof]').first();
    await proof.scrollIntoViewIfNeeded();
    await section(page, 'governorates').locator('[data-proof="failed"]').first().waitFor();
    expect(await proof.getAttribute('data-failure')).toBe('checkpoint');
    expect(await figureValue(page, 'memberStates').textContent()).toBe('7');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('names places in the reader language, in English where a translation is missing', async () => {
    const page = await openPage({
      '/governorates': (route) =>
        route.fulfill(
          json({
            items: [
              ...governoratesFixture.items,
              { code: 'PS0599', name: { en: 'Only English' }, logIndex: 6 },
            ],
            total: 6,
          }),
        ),
      '/crossings': (route) =>
        route.fulfill(
          json({
            items: [
              {
                code: 'new',
                name: { en: 'New crossing', ar: 'معبر جديد' },
                status: 'being-built',
                logIndex: 7,
              },
            ],
            total: 1,
          }),
        ),
    });
    await page.goto(`${baseUrl}/?lang=ar`);
    const governorates = section(page, 'governorates');
    await governorates.locator('li').first().waitFor();
    expect(await governorates.locator('[data-code="PS0501"] .place__name').textContent()).toBe('شمال غزة');
    const fallback = governorates.locator('[data-code="PS0599"] .place__name');
    expect(await fallback.textContent()).toBe('Only English');
    expect(await fallback.getAttribute('lang')).toBe('en');
    // A status this version does not know is shown as unknown, not as a raw word.
    expect(await section(page, 'crossings').locator('.badge').textContent()).toBe('الحالة غير معروفة');
  });
});
