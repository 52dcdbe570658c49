// The portal's project, consignment and distribution-point pages against the real server (`amanah
// serve` on a fresh demo database), in English and Arabic, at desktop and phone widths: each page's
// content against the API, the filters and paging of the lists, the chain of a project from pledge
// to asset with its flags, the key figures without JavaScript, the 404 and 400 pages, the JavaScript
// a first visit downloads, and screenshots in test-output/screenshots/records-*.png to look at.
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
interface Named {
  en: string;
  ar: string;
}
interface ProjectJson {
  id: string;
  title: Named;
  sector: string;
  status: string;
  logIndex: number;
  flags: { kind: string; message: Named }[];
  milestones: { id: string }[];
  funding: { tranches: { logIndex: number }[]; pooledFrom: { pledgeId: string }[] };
  materials: {
    receiptId: string;
    flags: unknown[];
    logIndex: number;
    deliveries: { deliveryId: string; logIndex: number }[];
  }[];
  procurement: {
    tenderId: string;
    logIndex: number;
    bids: { id: string; logIndex: number }[];
    awards: { bidId: string; logIndex: number }[];
    contracts: { id: string; logIndex: number; amendments: { id: string; logIndex: number }[] }[];
  }[];
  assets: { id: string; rebuiltThenDestroyed: unknown; damage: { id: string }[] }[];
  versions: { version: number }[];
}
interface ConsignmentJson {
  id: string;
  stage: string;
  trucks: number;
  stages: {
    stage: string;
    logIndex: number;
    /** present on an inspected stage that refused items */
    rejected?: { item: string; quantity: string; reason: string; listVersion: number | null }[];
  }[];
  appeals: { id: string }[];
  deliveries: unknown[];
  items: unknown[];
}

let server: AmanahServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

let projectsTotal: number;
let healthTotal: number;
let project: ProjectJson;
let consignment: ConsignmentJson;
/** A consignment some of whose items were refused at inspection. */
let inspected: ConsignmentJson;
let consignmentsTotal: number;
let points: { id: string; name: Named }[];
/** The damaged and destroyed assets, as the map reads them. */
let struck: {
  items: { id: string; status: string; location: { lat: number }; project: { id: string; title: Named } }[];
  total: number;
};

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
  projectsTotal = (await api<{ total: number }>('/projects?limit=1')).total;
  healthTotal = (await api<{ total: number }>('/projects?sector=health&limit=1')).total;
  // The demo's project with the most to show: flags raised, and an asset rebuilt then destroyed.
  const running = await api<{ items: { id: string }[] }>('/projects?status=in-progress&limit=500');
  const details = await Promise.all(running.items.map((p) => api<ProjectJson>(`/projects/${p.id}`)));
  project =
    details.find((d) => d.flags.length > 0 && d.assets.some((a) => a.rebuiltThenDestroyed !== null)) ??
    details[0]!;
  expect(project.flags.length, 'the demo has a flagged project').toBeGreaterThan(0);
  expect(project.materials.some((m) => m.flags.length > 0)).toBe(true);
  // A consignment that was denied, then appealed.
  const appeals = await api<{ appeals: { consignmentId: string }[] }>('/access/appeals');
  consignment = await api(`/access/consignments/${appeals.appeals[0]!.consignmentId}`);
  consignmentsTotal = (await api<{ total: number }>('/access/consignments?limit=1')).total;
  const early = await api<{ items: { id: string }[] }>('/access/consignments?limit=150');
  const found = (
    await Promise.all(early.items.map((c) => api<ConsignmentJson>(`/access/consignments/${c.id}`)))
  ).find((c) => c.stages.some((st) => (st.rejected ?? []).length > 0));
  expect(found, 'the demo has items rejected at inspection').toBeDefined();
  inspected = found!;
  points = (await api<{ points: typeof points }>('/access/distribution-points')).points;
  struck = await api('/assets?status=damaged&status=destroyed&limit=500');
  expect(struck.items.map((a) => a.status)).toContain('destroyed');
  expect(consignment.appeals.length).toBeGreaterThan(0);
  expect(points.length).toBeGreaterThan(0);
}, 300_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.stop();
});

/** A page, with the problems it reports (errors in its console, uncaught exceptions). */
async function newPage(
  options: { width?: number; javaScript?: boolean; locale?: string } = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    timezoneId: 'UTC',
    viewport: { width: options.width ?? 1280, height: 800 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { page, problems };
}

async function open(page: Page, path: string, language: Language, pageName: string): Promise<number> {
  const separator = path.includes('?') ? '&' : '?';
  const response = await page.goto(`${server.url}${path}${separator}lang=${language}`);
  await page.locator(`[data-page="${pageName}"]`).waitFor();
  await page.locator('[data-page] h1').first().waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe(language);
  expect(await page.locator('html').getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
  return response?.status() ?? 0;
}

/** Both widths: no sideways scrolling on a 360 px phone, and a screenshot of each. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await fitsViewportWidth(page), `${name} at ${width} px: no horizontal overflow`).toBe(true);
    await takeScreenshot(page, `records-${name}-${width}`, 8_000);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('routes', () => {
  it('agree between the web app and the server for the new pages', () => {
    for (const path of [
      '/projects',
      '/projects/',
      '/projects/prj-0001',
      '/projects/prj-0001/x',
      '/projects/PRJ',
      '/consignments',
      '/consignments/cg-2025-001-002',
      '/distribution-points',
      '/distribution-points/dp-1',
      '/assets',
    ]) {
      expect(isPagePath(path), path).toBe(matchRoute(path).name !== 'not-found');
    }
    expect(matchRoute('/projects', '?sector=health&page=2')).toEqual({
      name: 'projects',
      search: 'sector=health&page=2',
    });
  });
});

describe.each(['en', 'ar'] as const)('pages in %s', (language) => {
  it('projects: a page of the list, filtered by the form, paged, with its downloads', async () => {
    const { page, problems } = await newPage();
    expect(await open(page, '/projects', language, 'projects')).toBe(200);
    const rows = page.locator('[data-table="projects"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(25, projectsTotal));
    expect(digitsOf((await page.locator('[data-table="projects"] caption').textContent()) ?? '')).toBe(
      String(projectsTotal),
    );
    if (language === 'ar') {
      expect(await page.locator('[data-table="projects"] caption').textContent()).toMatch(arabicIndicDigit);
    }
    await screenshots(page, `projects-${language}`);

    // The sector filter, by keyboard: choose Health, then the Show button.
    await page.locator('select[data-filter="sector"]').focus();
    await page.locator('select[data-filter="sector"]').selectOption('health');
    await page.locator('form[data-filters] button[type="submit"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sector=health/);
    await expect
      .poll(async () => digitsOf((await page.locator('[data-table="projects"] caption').textContent()) ?? ''))
      .toBe(String(healthTotal));
    const sectors = await page
      .locator('[data-table="projects"] tbody tr td:nth-of-type(1)')
      .evaluateAll((cells) => [...new Set(cells.map((c) => c.textContent))]);
    expect(sectors).toEqual([language === 'ar' ? 'الصحة' : 'Health']);
    const hxl = page.locator('[data-downloads="projects"] a[data-format="hxl.csv"]');
    expect(await hxl.getAttribute('href')).toBe('/api/v1/projects.hxl.csv?sector=health');
    const file = await (await fetch(new URL((await hxl.getAttribute('href')) ?? '', server.url))).text();
    expect(file.split('\r\n')[1]).toMatch(/^#activity\+id,/);
    expect(file.trim().split('\r\n').length).toBe(2 + healthTotal);

    // The next page, from the pager.
    if (healthTotal > 25) {
      await page.locator('nav.pager a[rel="next"]').click();
      await page.waitForURL(/page=2/);
      await page.locator('[data-table="projects"] tbody tr').first().waitFor();
      expect(await page.locator('[data-table="projects"] tbody tr').count()).toBe(
        Math.min(25, healthTotal - 25),
      );
    }
    expect(problems).toEqual([]);
  });

  it('a project: the chain from pledge to asset, flags shown, each record linked to its log entry', async () => {
    const { page, problems } = await newPage();
    await open(page, `/projects/${project.id}`, language, 'project');
    expect(await page.locator('h1').textContent()).toBe(project.title[language]);
    // Flags in the reader's language.
    const flags = page.locator('[data-flags] [data-flag]');
    expect(await flags.count()).toBe(project.flags.length);
    for (let i = 0; i < project.flags.length; i++) {
      expect(await flags.nth(i).textContent()).toBe(project.flags[i]!.message[language]);
    }
    // Funding: pledges pooled, tranches, each with its log entry.
    expect(await page.locator('[data-step="pledges"] [data-pledge]').count()).toBe(
      project.funding.pooledFrom.length,
    );
    for (const tranche of project.funding.tranches) {
      await page.locator(`[data-table="tranches"] a[href="/explorer/${tranche.logIndex}"]`).waitFor();
    }
    expect(await page.locator('[data-milestone]').count()).toBe(project.milestones.length);
    expect(await page.locator('[data-tender]').count()).toBe(project.procurement.length);
    // Procurement and materials: tender, bids, awards, contracts and amendments, the warehouse
    // receipt and each delivery, each linked to the log entry that recorded it.
    expect(project.procurement.length).toBeGreaterThan(0);
    for (const tender of project.procurement) {
      const at = page.locator(`[data-tender="${tender.tenderId}"]`);
      const indexes = [
        tender.logIndex,
        ...tender.bids.map((b) => b.logIndex),
        ...tender.awards.map((a) => a.logIndex),
        ...tender.contracts.flatMap((c) => [c.logIndex, ...c.amendments.map((x) => x.logIndex)]),
      ];
      for (const index of indexes) {
        expect(
          await at.locator(`a[href="/explorer/${index}"]`).count(),
          `log entry ${index}`,
        ).toBeGreaterThan(0);
      }
    }
    for (const receipt of project.materials) {
      const at = page.locator(`[data-receipt="${receipt.receiptId}"]`);
      for (const index of [receipt.logIndex, ...receipt.deliveries.map((d) => d.logIndex)]) {
        expect(
          await at.locator(`a[href="/explorer/${index}"]`).count(),
          `log entry ${index}`,
        ).toBeGreaterThan(0);
      }
      expect(await at.locator('[data-delivery]').count()).toBe(receipt.deliveries.length);
    }
    expect(await page.locator('a[data-ocds]').getAttribute('href')).toBe('/api/v1/export/ocds');
    // Materials: a receipt whose quantities do not reconcile is marked, in words.
    const flaggedReceipts = project.materials.filter((m) => m.flags.length > 0).length;
    expect(await page.locator('[data-receipt][data-flagged="true"]').count()).toBe(flaggedReceipts);
    expect(await page.locator('[data-material-flag]').count()).toBe(
      project.materials.reduce((n, m) => n + m.flags.length, 0),
    );
    // Assets and damage: rebuilt, then destroyed again.
    expect(await page.locator('[data-asset]').count()).toBe(project.assets.length);
    expect(await page.locator('[data-rebuilt-then-destroyed]').count()).toBe(
      project.assets.filter((a) => a.rebuiltThenDestroyed !== null).length,
    );
    expect(await page.locator('[data-damage]').count()).toBe(
      project.assets.reduce((n, a) => n + a.damage.length, 0),
    );
    expect(await page.locator('[data-table="versions"] tbody tr').count()).toBe(project.versions.length);
    // The log entry links open the explorer's entry.
    const entry = page.locator(`[data-fact="id"] a[href="/explorer/${project.logIndex}"]`);
    await entry.waitFor();
    await page.locator('[data-proof="verified"]').first().waitFor({ timeout: 30_000 });
    await screenshots(page, `project-${language}`);
    await entry.click();
    await page.locator('[data-page="entry"]').waitFor();
    expect(page.url()).toContain(`/explorer/${project.logIndex}`);
    expect(problems).toEqual([]);
  });

  it('consignments and a consignment: every stage with its time, appeals, deliveries', async () => {
    const { page, problems } = await newPage();
    await open(page, '/consignments', language, 'consignments');
    await page.locator('[data-table="consignments"] tbody tr').first().waitFor();
    expect(await page.locator('[data-table="consignments"] tbody tr').count()).toBe(
      Math.min(25, consignmentsTotal),
    );
    await screenshots(page, `consignments-${language}`);

    await open(page, `/consignments?stage=${consignment.stage}`, language, 'consignments');
    await page
      .locator(`[data-table="consignments"] tbody tr[data-stage="${consignment.stage}"]`)
      .first()
      .waitFor();
    const stages = await page
      .locator('[data-table="consignments"] tbody tr')
      .evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-stage')))]);
    expect(stages).toEqual([consignment.stage]);

    await open(page, `/consignments/${consignment.id}`, language, 'consignment');
    await page.locator('[data-section="stages"]').waitFor();
    expect(await page.locator('[data-section="stages"] li').count()).toBe(consignment.stages.length + 1);
    for (const stage of consignment.stages) {
      await page.locator(`[data-section="stages"] a[href="/explorer/${stage.logIndex}"]`).first().waitFor();
    }
    expect(await page.locator('[data-appeal]').count()).toBe(consignment.appeals.length);
    expect(await page.locator('[data-table="manifest"] tbody tr').count()).toBe(consignment.items.length);
    expect(digitsOf((await page.locator('[data-fact="trucks"] dd').textContent()) ?? '')).toBe(
      String(consignment.trucks),
    );
    await screenshots(page, `consignment-${language}`);
    expect(problems).toEqual([]);
  });

  it('a consignment with items refused at inspection: the item, quantity, reason and list version', async () => {
    const { page, problems } = await newPage();
    await open(page, `/consignments/${inspected.id}`, language, 'consignment');
    const refused = inspected.stages.flatMap((st) => st.rejected ?? []);
    const rows = page.locator('[data-table="rejections"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(refused.length);
    for (const r of refused) {
      const row = page.locator(`[data-table="rejections"] tr[data-rejection="${r.item}"]`);
      const cells = await row.locator('th, td').allTextContents();
      expect(cells[0]).toBe(r.item);
      expect(digitsOf(cells[1]!)).toBe(r.quantity);
      expect(cells[2]).toBe(r.reason);
      expect(digitsOf(cells[3]!)).toBe(String(r.listVersion));
      expect(await row.locator(`a[href="/api/v1/access/dual-use/${r.listVersion}"]`).count()).toBe(1);
    }
    expect(problems).toEqual([]);
  });

  it('distribution points: what each served', async () => {
    const { page, problems } = await newPage();
    await open(page, '/distribution-points', language, 'distribution-points');
    await page.locator('[data-table="distribution-points"] tbody tr').first().waitFor();
    expect(await page.locator('[data-table="distribution-points"] tbody tr').count()).toBe(points.length);
    for (const p of points) {
      expect(await page.locator(`[data-point="${p.id}"] th`).textContent()).toBe(p.name[language]);
    }
    await screenshots(page, `points-${language}`);
    expect(problems).toEqual([]);
  });

  it('the map page: projects, distribution points and damaged assets as marks, listed with links in the table', async () => {
    const { page, problems } = await newPage();
    await open(page, '/map', language, 'map');
    const map = page.locator('[data-map="gaza"]');
    await map.locator('[data-layer="projects"] rect').first().waitFor();
    await map.locator('[data-layer="points"] path').first().waitFor();
    expect(await map.locator('[data-project-mark]').count()).toBe(Math.min(500, projectsTotal));
    expect(await map.locator('[data-point-mark]').count()).toBe(points.length);
    // Damaged and destroyed assets: a cross each, a legend entry, a row each in the table.
    await map.locator('[data-layer="assets"] [data-asset-mark]').first().waitFor();
    const located = struck.items.filter((a) => a.location !== null);
    expect(located.length).toBeGreaterThan(0);
    expect(await map.locator('[data-asset-mark]').count()).toBe(located.length);
    expect(await map.locator('[data-asset-mark][data-status="destroyed"]').count()).toBe(
      located.filter((a) => a.status === 'destroyed').length,
    );
    const legend = (await map.locator('[data-legend-item="assets"]').textContent()) ?? '';
    expect(legend).toContain(language === 'ar' ? 'أصول متضررة أو مدمرة' : 'Damaged or destroyed assets');
    expect(digitsOf(legend)).toBe(String(located.length));
    const downloads = page.locator('[data-downloads="assets"] a[data-format="csv"]');
    expect(await downloads.getAttribute('href')).toBe('/api/v1/assets.csv?status=damaged&status=destroyed');
    // Every mark lies on the map, not off its edge.
    const svg = await map.locator('svg.map__svg').boundingBox();
    const marks = await map.locator('[data-point-mark], [data-asset-mark]').evaluateAll((all) =>
      all.map((m) => {
        const r = m.getBoundingClientRect();
        return { x: r.x, width: r.width };
      }),
    );
    for (const box of marks) {
      expect(box.x).toBeGreaterThanOrEqual(svg!.x);
      expect(box.x + box.width).toBeLessThanOrEqual(svg!.x + svg!.width);
    }
    // The table behind the map links each project to its page.
    await map.locator('details.data-table summary').click();
    const link = map.locator(`[data-marks="projects"] [data-mark-row="${project.id}"] a`);
    expect(await link.textContent()).toBe(project.title[language]);
    await link.click();
    await page.locator('[data-page="project"] h1').waitFor();
    expect(await page.locator('h1').textContent()).toBe(project.title[language]);
    await page.goBack();
    await map.waitFor();
    // The assets' table: each row in the reader's language, linked to the asset's project.
    await map.locator('details.data-table summary').click();
    const rows = map.locator('[data-marks="assets"] tbody tr');
    expect(await rows.count()).toBe(located.length);
    const destroyed = located.find((a) => a.status === 'destroyed')!;
    const row = map.locator(`[data-marks="assets"] [data-mark-row="${destroyed.id}"]`);
    expect(await row.getAttribute('data-status')).toBe('destroyed');
    expect(await row.locator('td').nth(2).textContent()).toBe(language === 'ar' ? 'مدمّر' : 'Destroyed');
    expect(await row.locator('td').nth(1).locator('a').textContent()).toBe(destroyed.project.title[language]);
    expect(await row.locator('td').nth(1).locator('a').getAttribute('href')).toBe(
      `/projects/${destroyed.project.id}`,
    );
    expect(await row.locator('a.log-link').count()).toBe(1);
    await screenshots(page, `map-${language}`);
    expect(problems).toEqual([]);
  });

  it('a real 404 for unknown ids and a 400 that explains a malformed query', async () => {
    const { page } = await newPage();
    const title = language === 'ar' ? 'الصفحة غير موجودة' : 'Page not found';
    for (const path of ['/projects/no-such-project', '/consignments/no-such-consignment']) {
      const response = await page.goto(`${server.url}${path}?lang=${language}`);
      expect(response?.status(), path).toBe(404);
      await page.locator('[data-page="not-found"]').waitFor();
      expect(await page.locator('h1').textContent(), path).toBe(title);
    }
    await takeScreenshot(page, `records-not-found-${language}-1280`, 8_000);

    const response = await page.goto(`${server.url}/projects?sector=bogus&lang=${language}`);
    expect(response?.status()).toBe(400);
    await page.locator('[data-page="projects"] [data-query-problems] [data-param="sector"]').waitFor();
    expect(await page.locator('[data-query-problems] [data-param="sector"]').textContent()).toContain(
      'health',
    );
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await fitsViewportWidth(page)).toBe(true);
    await takeScreenshot(page, `records-bad-query-${language}-360`, 8_000);
  });
});

describe('without JavaScript', () => {
  it.each(['en', 'ar'] as const)(
    'shows the key figures of each page in %s, rendered by the server',
    async (language) => {
      const { page } = await newPage({
        javaScript: false,
        locale: language === 'ar' ? 'ar' : 'en-US',
        width: 360,
      });
      const figure = async (key: string): Promise<string> =>
        digitsOf((await page.locator(`[data-static-figure="${key}"] dd`).textContent()) ?? '');

      expect((await page.goto(`${server.url}/projects`))?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      expect(await figure('projects')).toBe(String(projectsTotal));
      expect(await page.locator('[data-static-table="projects"] tbody tr').count()).toBe(
        Math.min(25, projectsTotal),
      );
      expect(await fitsViewportWidth(page)).toBe(true);
      await takeScreenshot(page, `records-nojs-projects-${language}-360`, 8_000);

      expect((await page.goto(`${server.url}/projects/${project.id}`))?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe(project.title[language]);
      expect(await figure('assets')).toBe(String(project.assets.length));
      expect(await page.locator('[data-static-flags] li').count()).toBe(project.flags.length);
      expect(await fitsViewportWidth(page)).toBe(true);
      await takeScreenshot(page, `records-nojs-project-${language}-360`, 8_000);

      expect((await page.goto(`${server.url}/consignments/${consignment.id}`))?.status()).toBe(200);
      expect(await figure('trucks')).toBe(String(consignment.trucks));
      expect(await figure('appeals')).toBe(String(consignment.appeals.length));
      expect(await fitsViewportWidth(page)).toBe(true);
      await takeScreenshot(page, `records-nojs-consignment-${language}-360`, 8_000);

      expect((await page.goto(`${server.url}/consignments`))?.status()).toBe(200);
      expect(await figure('consignments')).toBe(String(consignmentsTotal));
      expect((await page.goto(`${server.url}/distribution-points`))?.status()).toBe(200);
      expect(await figure('points')).toBe(String(points.length));
      expect(await fitsViewportWidth(page)).toBe(true);
      await takeScreenshot(page, `records-nojs-points-${language}-360`, 8_000);

      expect((await page.goto(`${server.url}/projects/no-such-project`))?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe(
        language === 'ar' ? 'الصفحة غير موجودة' : 'Page not found',
      );
      expect((await page.goto(`${server.url}/consignments?to=someday`))?.status()).toBe(400);
      expect(await page.locator('[data-query-problems] [data-param="to"]').count()).toBe(1);
    },
  );
});

describe('first visit', () => {
  it('downloads at most 250 KB of JavaScript for the dashboard, and none of the record pages', async () => {
    const { page, problems } = await newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const scripts = new Map<string, { url: string; bytes: number }>();
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Script') scripts.set(e.requestId, { url: e.response.url, bytes: 0 });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const entry = scripts.get(e.requestId);
      if (entry) entry.bytes = e.encodedDataLength;
    });
    await page.goto(`${server.url}/`);
    await page.locator('[data-figure-key="memberStates"]').waitFor();
    await page.waitForLoadState('networkidle');
    const all = [...scripts.values()];
    const total = all.reduce((n, s) => n + s.bytes, 0);
    expect(total, all.map((s) => `${s.url} ${s.bytes}`).join('\n')).toBeLessThanOrEqual(250 * 1024);
    expect(total).toBeGreaterThan(10 * 1024);
    for (const chunk of ['project-page', 'projects-page', 'consignment-page', 'consignments-page']) {
      expect(
        all.some((s) => s.url.includes(`/${chunk}-`)),
        chunk,
      ).toBe(false);
    }
    expect(problems).toEqual([]);
  });
});
