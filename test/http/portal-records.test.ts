// The portal's project, consignment and distribution-point pages on the server side: their list
// downloads (CSV, HXL-tagged CSV, JSON), the key figures rendered as HTML for readers without
// JavaScript, 404 for unknown ids and 400 for malformed queries, on the demo data, on SQLite and
// PostgreSQL.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEM_CATEGORIES, STAGES } from '../../src/domain/access/events.js';
import { SECTORS } from '../../src/domain/funds/events.js';
import { inProcessTransport } from '../../src/cli/context.js';
import { generateDemo } from '../../src/demo/generate.js';
import { buildApp } from '../../src/http/app.js';
import { CONSIGNMENT_QUERY, PROJECT_QUERY, readListQuery } from '../../src/http/html-records.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import type { Store } from '../../src/store/database.js';
import * as web from '../../web/src/api/list-query.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const ORIGIN = 'demo.amanah.local/log';
const webBuilt = existsSync(fileURLToPath(new URL('../../web/dist/index.html', import.meta.url)));

/** The hashtags the HXL knowledge base (../shared/standards/hxl) lists. */
function hxlHashtags(): Set<string> | undefined {
  const path = fileURLToPath(
    new URL('../../../shared/standards/hxl/hxl-knowledge-base.json', import.meta.url),
  );
  if (!existsSync(path)) return undefined;
  const base = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { options: { hashtag?: string }[] }>;
  return new Set(
    Object.values(base).flatMap((q) =>
      q.options.flatMap((o) => (o.hashtag === undefined ? [] : [o.hashtag])),
    ),
  );
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field, 'the file ends with CRLF').toBe('');
  return rows;
}

/** The value of a key figure the server rendered: `<… data-static-figure="key">…<data value="v">`. */
function figure(body: string, key: string): string | undefined {
  return new RegExp(`data-static-figure="${key}">.*?<data value="([^"]*)">`).exec(body)?.[1];
}

describe('list queries', () => {
  it('offer the same choices in the web app as the API accepts', () => {
    expect([...web.SECTORS]).toEqual([...SECTORS]);
    expect([...web.ITEM_CATEGORIES]).toEqual([...ITEM_CATEGORIES]);
    expect([...web.CONSIGNMENT_STAGES]).toEqual(['requested', ...STAGES]);
  });

  it('are read the same way by the server and the web app', () => {
    const samples: [string, 'projects' | 'consignments'][] = [
      ['', 'projects'],
      ['sector=health&page=2&lang=ar', 'projects'],
      ['sector=&governorate=PS0270&status=&partner=', 'projects'],
      ['sector=bogus', 'projects'],
      ['sector=health&sector=housing', 'projects'],
      ['page=0', 'projects'],
      ['page=x', 'projects'],
      ['colour=red', 'projects'],
      ['partner=Not_A_Slug', 'projects'],
      ['governorate=gaza', 'projects'],
      ['crossing=kerem-shalom&stage=denied&category=food&from=2025-01-01&to=2025-01-31', 'consignments'],
      ['stage=lost', 'consignments'],
      ['from=2025-13-01', 'consignments'],
      ['to=yesterday', 'consignments'],
      ['sector=health', 'consignments'],
    ];
    for (const [search, list] of samples) {
      const server = readListQuery(
        new URLSearchParams(search),
        list === 'projects' ? PROJECT_QUERY : CONSIGNMENT_QUERY,
      );
      const client =
        list === 'projects'
          ? web.parseListQuery(search, web.PROJECT_FILTERS)
          : web.parseListQuery(search, web.CONSIGNMENT_FILTERS);
      expect(client, `${list}?${search}`).toEqual(server);
    }
    const refused = readListQuery(new URLSearchParams('sector=bogus&x=1'), PROJECT_QUERY);
    expect(refused).toEqual({
      ok: false,
      problems: [
        { param: 'sector', value: 'bogus', kind: 'invalid', accepted: SECTORS.join(', ') },
        {
          param: 'x',
          value: '1',
          kind: 'unknown',
          accepted: 'sector, governorate, status, partner, page, lang',
        },
      ],
    });
  });
});

describe.each(STORE_KINDS)('project and consignment pages on the demo data, %s', (kind) => {
  let app: FastifyInstance;
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    const clock = fixedClock(NOW);
    const commands = new CommandService({ store, origin: ORIGIN, clock });
    await generateDemo({ transport: inProcessTransport(commands), seed: 7, now: () => clock.now() });
    await commands.close();
    app = await buildApp({ store, clock, origin: ORIGIN, log: { key: testLogKey(ORIGIN) } });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  /** Every item of a paged list endpoint. */
  async function everything(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = (
        await get(`/api/v1${path}${path.includes('?') ? '&' : '?'}offset=${offset}&limit=500`)
      ).json();
      items.push(...page.items);
      if (items.length >= page.total) return items;
    }
  }

  const lists = [
    { path: '/projects', first: 'id' },
    { path: '/assets', first: 'asset_id' },
    { path: '/access/consignments', first: 'id' },
    { path: '/access/distribution-points', first: 'id' },
  ];

  it.each(lists)('serves $path as CSV, HXL CSV and JSON, with every item', async ({ path, first }) => {
    const csv = await get(`/api/v1${path}.csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toContain(`${path.slice(1).replaceAll('/', '-')}.csv`);
    const rows = parseCsv(csv.body);
    expect(rows[0]![0]).toBe(first);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.length).toBe(rows[0]!.length);

    const hxl = parseCsv((await get(`/api/v1${path}.hxl.csv`)).body);
    expect(hxl[0]).toEqual(rows[0]);
    expect(hxl.slice(2)).toEqual(rows.slice(1));
    const known = hxlHashtags();
    for (const tag of hxl[1]!) {
      expect(tag).toMatch(/^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/);
      if (known) expect(known.has(tag.slice(1).split('+')[0]!), `${tag} is an HXL hashtag`).toBe(true);
    }

    const json = (await get(`/api/v1${path}.json`)).json();
    expect(json.total).toBe(rows.length - 1);
    expect(json.items.length).toBe(json.total);
  });

  it('gives the same items as the API, and applies the filters', async () => {
    expect((await get('/api/v1/projects.json')).json().items).toEqual(await everything('/projects'));
    const health = (await get('/api/v1/projects.json?sector=health&status=in-progress')).json();
    expect(health.items).toEqual(await everything('/projects?sector=health&status=in-progress'));
    expect(health.total).toBeGreaterThan(0);
    expect(health.items.every((p: { sector: string }) => p.sector === 'health')).toBe(true);

    const denied = (await get('/api/v1/access/consignments.json?stage=denied')).json();
    expect(denied.items).toEqual(await everything('/access/consignments?stage=denied'));
    expect(denied.total).toBeGreaterThan(0);
    const january = parseCsv(
      (await get('/api/v1/access/consignments.csv?from=2025-01-01&to=2025-01-31&category=food')).body,
    );
    expect(january.length).toBeGreaterThan(1);
    for (const row of january.slice(1)) {
      expect(row[2]! >= '2025-01-01' && row[2]! < '2025-02-01', row[2]).toBe(true);
      expect(row[7]).toBe('food');
    }

    const points = (await get('/api/v1/access/distribution-points')).json().points;
    expect((await get('/api/v1/access/distribution-points.json')).json()).toEqual({
      items: points,
      total: points.length,
    });
  });

  it('lists every asset of the projects, with its damage, as the project pages show them', async () => {
    const housing = (await everything('/projects?sector=housing')) as { id: string }[];
    const details = await Promise.all(
      housing.map(async (p) => (await get(`/api/v1/projects/${p.id}`)).json()),
    );
    const expected = details
      .flatMap((d: { id: string; assets: { id: string; status: string; damage: unknown[] }[] }) =>
        d.assets.map((a) => [a.id, d.id, a.status, String(a.damage.length)]),
      )
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const rows = parseCsv((await get('/api/v1/assets.csv?sector=housing')).body);
    const header = rows[0]!;
    const at = (name: string): number => header.indexOf(name);
    expect(
      rows
        .slice(1)
        .map((r) => [r[at('asset_id')]!, r[at('project_id')]!, r[at('status')]!, r[at('damage_reports')]!])
        .sort(),
    ).toEqual(expected);
    // The JSON download is the list endpoint's items, each exactly as its project's page shows it.
    const listed = await everything('/assets?sector=housing');
    expect((await get('/api/v1/assets.json?sector=housing')).json()).toEqual({
      items: listed,
      total: listed.length,
    });
    const fromDetails = new Map(
      details.flatMap((d: { id: string; title: unknown; assets: { id: string }[] }) =>
        d.assets.map((a) => [a.id, { asset: a, project: d }] as const),
      ),
    );
    for (const item of listed as { id: string; project: { id: string; title: unknown } }[]) {
      const { project, ...asset } = item;
      expect(asset, item.id).toEqual(fromDetails.get(item.id)?.asset);
      expect(project.title, item.id).toEqual(fromDetails.get(item.id)?.project.title);
    }
    // The record the plan asks for: rebuilt with these funds, then destroyed again.
    const destroyed = parseCsv((await get('/api/v1/assets.csv?status=destroyed')).body).slice(1);
    expect(destroyed.length).toBeGreaterThan(0);
    for (const row of destroyed) {
      expect(row[at('status')]).toBe('destroyed');
      expect(row[at('rebuilt_then_destroyed')]).toBe('true');
    }
  });

  it('refuses malformed filters of the downloads with a 400 that names them', async () => {
    for (const [url, field] of [
      ['/api/v1/projects.csv?sector=bogus', 'querystring.sector'],
      ['/api/v1/assets.json?status=gone', 'querystring.status'],
      ['/api/v1/access/consignments.hxl.csv?from=2025-02-30', 'querystring.from'],
      ['/api/v1/access/distribution-points.csv?kind=kitchen', 'querystring'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors.map((e: { path: string }) => e.path).join(' ')).toContain(field);
    }
  });

  describe.skipIf(!webBuilt)('pages without JavaScript (needs npm run build:web)', () => {
    it('renders the project list with its count, a page of projects and the downloads', async () => {
      const all = (await get('/api/v1/projects?limit=25')).json();
      for (const [headers, lang, heading] of [
        [{ 'accept-language': 'ar' }, 'ar', 'المشاريع'],
        [{}, 'en', 'Projects'],
      ] as const) {
        const res = await get('/projects', headers);
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
        expect(res.body).toContain(`<h1>${heading}</h1>`);
        expect(figure(res.body, 'projects')).toBe(String(all.total));
        for (const p of all.items) expect(res.body).toContain(`href="/projects/${p.id}"`);
        expect(res.body).toContain('href="/api/v1/projects.hxl.csv"');
      }
      const health = await get('/projects?sector=health&page=2');
      const total = (await get('/api/v1/projects?sector=health&limit=1')).json().total;
      expect(figure(health.body, 'projects')).toBe(String(total));
      expect(health.body).toContain('href="/api/v1/projects.csv?sector=health"');
      expect(health.body).toContain('rel="prev" href="/projects?sector=health&#38;lang=en"');
    });

    it('renders a project with its funding figures, flags and log entries', async () => {
      const items = (await everything('/projects?status=in-progress')) as { id: string }[];
      const details = await Promise.all(
        items.map(async (p) => (await get(`/api/v1/projects/${p.id}`)).json()),
      );
      const project = details.find(
        (d) =>
          d.flags.length > 0 &&
          d.assets.some((a: { rebuiltThenDestroyed: unknown }) => a.rebuiltThenDestroyed !== null),
      );
      expect(project, 'the demo has a flagged project rebuilt then destroyed').toBeDefined();
      const res = await get(`/projects/${project.id}?lang=ar`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(project.title.ar);
      expect(res.body).toContain(`data-static-flags="${project.flags.length}"`);
      for (const flag of project.flags) expect(res.body).toContain(flag.message.ar.replace(/"/g, '&#34;'));
      const released = project.funding.tranches.reduce(
        (n: bigint, t: { amount: { value: string } }) => n + BigInt(t.amount.value),
        0n,
      );
      expect(figure(res.body, 'released')).toBe(String(released));
      expect(figure(res.body, 'budget')).toBe(project.budget.value);
      expect(figure(res.body, 'assets')).toBe(String(project.assets.length));
      expect(figure(res.body, 'rebuiltThenDestroyed')).toBe(
        String(
          project.assets.filter((a: { rebuiltThenDestroyed: unknown }) => a.rebuiltThenDestroyed !== null)
            .length,
        ),
      );
      expect(res.body).toContain(`href="/explorer/${project.logIndex}"`);
    });

    it('renders a consignment and the distribution points', async () => {
      const [denied] = (await get('/api/v1/access/consignments?stage=denied&limit=1')).json().items;
      const detail = (await get(`/api/v1/access/consignments/${denied.id}`)).json();
      const res = await get(`/consignments/${denied.id}`, { 'accept-language': 'ar' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('data-static-page="consignment"');
      expect(res.body).toContain('رُفضت');
      expect(figure(res.body, 'appeals')).toBe(String(detail.appeals.length));
      expect(figure(res.body, 'trucks')).toBe(String(detail.trucks));
      for (const stage of detail.stages) expect(res.body).toContain(`href="/explorer/${stage.logIndex}"`);

      const list = await get('/consignments?stage=denied');
      expect(list.statusCode).toBe(200);
      const total = (await get('/api/v1/access/consignments?stage=denied&limit=1')).json().total;
      expect(figure(list.body, 'consignments')).toBe(String(total));

      const points = (await get('/api/v1/access/distribution-points')).json().points;
      const page = await get('/distribution-points');
      expect(page.statusCode).toBe(200);
      expect(figure(page.body, 'points')).toBe(String(points.length));
      const meals = points.reduce(
        (n: bigint, p: { served: { meals: string } }) => n + BigInt(p.served.meals),
        0n,
      );
      expect(figure(page.body, 'meals')).toBe(String(meals));
      for (const p of points) expect(page.body).toContain(p.name.en);
    });

    it('shows on a consignment what inspection refused', async () => {
      const row = await store.db
        .selectFrom('access_consignment_items')
        .select('consignment_id')
        .where('rejected', '>', 0n as never)
        .orderBy('consignment_id')
        .executeTakeFirst();
      expect(row, 'the demo has items refused at inspection').toBeDefined();
      const detail = (await get(`/api/v1/access/consignments/${row!.consignment_id}`)).json();
      const refused = detail.stages.flatMap(
        (s: { rejected?: { listVersion: number }[] }) => s.rejected ?? [],
      );
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((r: { listVersion: number }) => r.listVersion === 1 || r.listVersion === 2)).toBe(
        true,
      );
      const res = await get(`/consignments/${row!.consignment_id}`);
      expect(res.statusCode).toBe(200);
      expect(figure(res.body, 'rejected')).toBe(
        String(detail.items.reduce((n: bigint, i: { rejected: string }) => n + BigInt(i.rejected), 0n)),
      );
      expect(figure(res.body, 'rejected')).not.toBe('0');
    });

    it('answers 404 with the not-found page in the reader’s language for unknown ids', async () => {
      for (const url of [
        '/projects/no-such-project',
        '/consignments/no-such-consignment',
        '/projects/x_y',
        '/nothing/here',
      ]) {
        for (const [headers, title] of [
          [{ 'accept-language': 'ar' }, 'الصفحة غير موجودة'],
          [{}, 'Page not found'],
        ] as const) {
          const res = await get(url, headers);
          expect(res.statusCode, url).toBe(404);
          expect(res.headers['content-type']).toMatch(/^text\/html/);
          expect(res.body).toContain('data-static-page="not-found"');
          expect(res.body).toContain(`<h1>${title}</h1>`);
        }
      }
    });

    it('answers 400 with an explanation for a malformed query, changing nothing', async () => {
      for (const [url, param] of [
        ['/projects?sector=bogus', 'sector'],
        ['/projects?page=0', 'page'],
        ['/projects?colour=red', 'colour'],
        ['/consignments?from=2025-13-01', 'from'],
        ['/consignments?stage=lost', 'stage'],
        ['/distribution-points?kind=clinic', 'kind'],
      ] as const) {
        const res = await get(url, { 'accept-language': 'ar' });
        expect(res.statusCode, url).toBe(400);
        expect(res.body).toContain('<html lang="ar" dir="rtl">');
        expect(res.body).toContain(`data-param="${param}"`);
        expect(res.body).toContain('تعذّرت قراءة العنوان');
      }
      const res = await get('/projects?sector=bogus');
      expect(res.body).toContain('“sector=bogus” is not a value this list accepts.');
      expect(res.body).toContain(SECTORS.join(', '));
    });
  });
});
