// The page verifies, in the browser, the log's latest checkpoint (the log's signature and the witness
// quorum) and the log entry behind every governorate and crossing. Against the real server
// (`amanah serve`, three local witnesses, quorum 2) it must turn green; against a mirror that alters
// what it serves (page.route), red, with the step that failed. Screenshots go to
// test-output/screenshots/verification-*.png.
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAmanahServer, type AmanahServer } from './support/amanah-server.js';
import { launchChromium } from './support/chromium.js';
import { arabicIndicDigit, digitsOf, latinDigit } from './support/digits.js';
import { waitForCosignedCheckpoint, type PublishedLog } from './support/log-ready.js';
import { fitsViewportWidth, takeScreenshot } from './support/screenshots.js';
import { flipRootByte, forgeSignature, keepCosignatures } from './support/tamper.js';
import { ensureWebBuild } from './support/web-build.js';

interface Place {
  code: string;
  name: Record<string, string>;
  logIndex: number;
}

let server: AmanahServer;
let browser: Browser;
let published: PublishedLog;
let places: Place[];
let firstGovernorate: Place;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  server = await startAmanahServer();
  browser = await launchChromium();
  published = await waitForCosignedCheckpoint(server.url);
  const list = async (path: string) =>
    ((await (await fetch(`${server.url}/api/v1/${path}`)).json()) as { items: Place[] }).items;
  const governorates = await list('governorates');
  places = [...governorates, ...(await list('crossings'))];
  firstGovernorate = governorates[0]!;
}, 300_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  expect(problems.splice(0), 'errors in the page').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Requests the verification makes, with the most that were in flight at once for entries and proofs. */
interface Traffic {
  readonly paths: string[];
  most: number;
}

async function openPage(
  { language = 'en', width = 1280 }: { language?: 'en' | 'ar'; width?: number },
  alter?: (context: BrowserContext) => Promise<unknown>,
): Promise<{ page: Page; traffic: Traffic }> {
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width, height: 800 },
  });
  contexts.push(context);
  if (alter) await alter(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  const traffic: Traffic = { paths: [], most: 0 };
  let inFlight = 0;
  const isProofWork = (url: string) => /\/api\/v1\/(events\/|log\/proof\/)/.test(url);
  page.on('request', (request) => {
    const url = new URL(request.url());
    traffic.paths.push(`${url.pathname}${url.search}`);
    if (isProofWork(request.url())) traffic.most = Math.max(traffic.most, ++inFlight);
  });
  const done = (request: { url(): string }) => {
    if (isProofWork(request.url())) inFlight--;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  await page.goto(`${server.url}/?lang=${language}`);
  return { page, traffic };
}

/** Serves `/log/checkpoint` through `change`. */
function alterCheckpoint(change: (note: string) => string) {
  return (context: BrowserContext) =>
    context.route('**/log/checkpoint', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: change(await response.text()) });
    });
}

/** Serves the JSON at `path` (after /api/v1) through `change`. */
function alterJson(path: string, change: (json: Record<string, unknown>) => unknown) {
  return (context: BrowserContext) =>
    context.route(`**/api/v1${path}`, async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, body: JSON.stringify(change(json)) });
    });
}

const status = (page: Page) => page.locator('[data-verification]');

async function waitForVerdict(page: Page, verdict: 'verified' | 'failed'): Promise<string> {
  await page.locator(`[data-verification="${verdict}"]`).waitFor({ timeout: 20_000 });
  return (await page.locator('.verification__text').textContent()) ?? '';
}

/** Brings every place near the screen (the page verifies them lazily) and waits until none is checking. */
async function revealPlaces(page: Page): Promise<void> {
  for (const item of await page.locator('li.place').all()) await item.scrollIntoViewIfNeeded();
  await page.waitForFunction(`document.querySelector('[data-proof="checking"]') === null`, undefined, {
    timeout: 20_000,
  });
  await page.evaluate('window.scrollTo(0, 0)');
}

interface ProofShown {
  state: string | null;
  failure: string | null;
  label: string;
  reason: string | null;
}

async function proofOf(page: Page, place: Place): Promise<ProofShown> {
  const proof = page.locator(`li.place[data-code="${place.code}"] [data-proof]`);
  const reason = proof.locator('.proof__reason');
  return {
    state: await proof.getAttribute('data-proof'),
    failure: await proof.getAttribute('data-failure'),
    label: (await proof.locator('.proof__label').textContent()) ?? '',
    reason: (await reason.count()) === 0 ? null : await reason.textContent(),
  };
}

/** A number as the English page shows it: grouped once the demo log has more than 999 entries. */
const english = (value: number): string => new Intl.NumberFormat('en-US').format(value);

describe('verification in the browser, against the real server', () => {
  it('turns green, and verifies every governorate and crossing, a few at a time (English)', async () => {
    const { page, traffic } = await openPage({});
    const headline = await waitForVerdict(page, 'verified');
    expect(headline).toBe(
      `Verified in this browser: checkpoint of ${english(published.size)} entries, signed by the log and cosigned by 3 of 3 witnesses (at least 2 required).`,
    );
    const live = page.locator('.verification [role="status"]');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    expect(await live.textContent()).toContain(headline);

    const material = Buffer.from(published.logKey.split('+').slice(2).join('+'), 'base64');
    const fingerprint = createHash('sha256').update(material).digest('hex');
    const shown = (await page.locator('[data-fact="logKeyFingerprint"] dd').textContent()) ?? '';
    expect(shown.replace(/ /g, '')).toBe(fingerprint);
    expect(shown).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    expect(await page.locator('[data-fact="logKey"] dd').textContent()).toBe(published.logKey);

    // Lazily: the last crossing is far below the first screen, so its entry is not asked for yet.
    const last = places.at(-1)!;
    expect(traffic.paths).not.toContain(`/api/v1/events/${last.logIndex}`);
    expect((await proofOf(page, last)).state).toBe('checking');

    await revealPlaces(page);
    for (const place of places) {
      expect(await proofOf(page, place), place.code).toEqual({
        state: 'verified',
        failure: null,
        label: `✓Verified in log entry #${place.logIndex}`,
        reason: null,
      });
    }
    expect(traffic.most, 'entries and proofs in flight at once').toBeLessThanOrEqual(4);
    // The page asked the server for data only: the log, the checkpoint, entries and proofs, and the
    // dashboard's other figures (the fund, access, needs, projects).
    const asked = traffic.paths.filter((path) => /^\/(api|log)\//.test(path));
    const allowed =
      /^\/(api\/v1\/(log|overview|governorates|crossings|events\/\d+|log\/proof\/inclusion\?index=\d+&size=\d+|fund\/position|fund\/journal\?[\w=&]+|access\/metrics\/daily\/latest\?days=\d+|needs\/report|projects\/progress)|log\/checkpoint)$/;
    expect(asked.filter((path) => !allowed.test(path))).toEqual([]);
    expect(asked).toContain(`/api/v1/log/proof/inclusion?index=${last.logIndex}&size=${published.size}`);
    await takeScreenshot(page, 'verification-en-1280');
  });

  it('keeps the verification code out of the first download', async () => {
    const { page, traffic } = await openPage({});
    await waitForVerdict(page, 'verified');
    const html = await (await fetch(`${server.url}/`)).text();
    const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const main = await (await fetch(`${server.url}${entry}`)).text();
    expect(main, 'the main bundle holds no cosignature code').not.toContain('cosignature/v1');
    const chunk = traffic.paths.find((path) => /^\/assets\/verify-record-[\w-]+\.js$/.test(path));
    expect(chunk, 'the verification chunk is loaded on its own').toBeDefined();
    expect(await (await fetch(`${server.url}${chunk}`)).text()).toContain('cosignature/v1');
  });

  it('says the same in Arabic, with Arabic-Indic digits, at desktop and phone widths', async () => {
    const { page } = await openPage({ language: 'ar' });
    const headline = await waitForVerdict(page, 'verified');
    expect(headline).toMatch(/^تم التحقق في هذا المتصفح: النقطة المرجعية للسجل، وعدد قيودها /);
    expect(headline).toMatch(arabicIndicDigit);
    expect(headline).not.toMatch(latinDigit);
    expect(digitsOf(headline)).toBe(`${published.size}332`);
    await revealPlaces(page);
    for (const place of places) {
      const proof = await proofOf(page, place);
      expect(proof.state, place.code).toBe('verified');
      expect(proof.label).toMatch(/^✓تم التحقق: القيد رقم [٠-٩]+ في السجل$/);
      expect(digitsOf(proof.label)).toBe(String(place.logIndex));
    }
    await takeScreenshot(page, 'verification-ar-1280');
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await fitsViewportWidth(page), 'no horizontal overflow at 360 px').toBe(true);
    await takeScreenshot(page, 'verification-ar-360');
  });

  it('calls a record appended after the latest checkpoint pending, not failed', async () => {
    const target = places.at(-1)!;
    const later = published.size + 3;
    const { page, traffic } = await openPage(
      {},
      alterJson('/crossings', (json) => ({
        ...json,
        items: (json.items as Place[]).map((item) =>
          item.code === target.code ? { ...item, logIndex: later } : item,
        ),
      })),
    );
    await waitForVerdict(page, 'verified');
    await revealPlaces(page);
    expect(await proofOf(page, target)).toEqual({
      state: 'pending',
      failure: null,
      label: `◔Recorded after the latest checkpoint (entry #${english(later)})`,
      reason: null,
    });
    expect(traffic.paths).not.toContain(`/api/v1/events/${later}`);
  });
});

describe('verification in the browser, against a mirror that alters what it serves', () => {
  it('turns red when one byte of the root in the checkpoint is flipped, and verifies no record', async () => {
    const { page } = await openPage({}, alterCheckpoint(flipRootByte));
    const headline = await waitForVerdict(page, 'failed');
    expect(headline).toBe('Verification failed: the checkpoint does not carry a valid signature of the log.');
    expect(await status(page).getAttribute('data-failure')).toBe('log-signature');
    await page.locator('.verification__detail summary').click();
    expect(await page.locator('.verification__detail code').textContent()).toMatch(/does not verify/);
    await revealPlaces(page);
    for (const place of places) {
      expect(await proofOf(page, place), place.code).toEqual({
        state: 'failed',
        failure: 'checkpoint',
        label: '✗Not verified',
        reason: "the log's checkpoint could not be verified",
      });
    }
    await takeScreenshot(page, 'verification-tampered-root-en-1280');
  });

  it('turns the one record red whose event was changed, and leaves the others verified', async () => {
    const target = firstGovernorate;
    const { page } = await openPage(
      {},
      alterJson(`/events/${target.logIndex}`, (json) => {
        const event = json.event as { payload: { areaSqKm: number } };
        event.payload.areaSqKm += 1;
        return json;
      }),
    );
    await waitForVerdict(page, 'verified');
    await revealPlaces(page);
    expect(await proofOf(page, target)).toEqual({
      state: 'failed',
      failure: 'inclusion',
      label: '✗Not verified',
      reason: `log entry #${target.logIndex} does not match the verified checkpoint`,
    });
    for (const place of places.filter((place) => place !== target)) {
      expect((await proofOf(page, place)).state, place.code).toBe('verified');
    }
    await takeScreenshot(page, 'verification-tampered-event-en-1280');
  });

  it('turns red when cosignatures are dropped below the quorum (Arabic)', async () => {
    const { page } = await openPage(
      { language: 'ar' },
      alterCheckpoint((note) => keepCosignatures(note, published.origin, 1)),
    );
    const headline = await waitForVerdict(page, 'failed');
    expect(headline).toBe('تعذّر التحقق: عدد مصادقات الشهود الصحيحة غير كافٍ (١، والحد الأدنى المطلوب ٢).');
    expect(await status(page).getAttribute('data-failure')).toBe('witness-quorum');
    await revealPlaces(page);
    expect(await proofOf(page, firstGovernorate)).toEqual({
      state: 'failed',
      failure: 'checkpoint',
      label: '✗لم يتم التحقق',
      reason: 'تعذّر التحقق من النقطة المرجعية للسجل',
    });
    await takeScreenshot(page, 'verification-tampered-quorum-ar-1280');
  });

  it('turns red on a forged cosignature from a listed witness, even though two others verify', async () => {
    const { page } = await openPage(
      {},
      alterCheckpoint((note) => forgeSignature(note, published.witnesses[1]!.name)),
    );
    const headline = await waitForVerdict(page, 'failed');
    expect(headline).toBe('Verification failed: a witness cosignature on the checkpoint is not valid.');
    expect(await status(page).getAttribute('data-failure')).toBe('witness-signature');
  });
});
