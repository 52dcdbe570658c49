// The portal's server side: open-data downloads of every list (CSV, HXL-tagged CSV, JSON) and the
// dashboard's key figures rendered into index.html for readers without JavaScript, on the demo data,
// on SQLite and PostgreSQL.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { inProcessTransport } from '../../src/cli/context.js';
import { generateDemo } from '../../src/demo/generate.js';
import { buildApp } from '../../src/http/app.js';
import { formatMoneyHtml, pickHtmlLanguage } from '../../src/http/html-figures.js';
import { csvField, csvRow, renderList, type ListDownload } from '../../src/http/list-formats.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import type { Store } from '../../src/store/database.js';
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

describe('CSV and list rendering', () => {
  it('quotes what RFC 4180 requires, and only that', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "yes"')).toBe('"say ""yes"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(12345678901234567890n)).toBe('12345678901234567890');
    expect(csvRow(['شمال غزة', 1, true])).toBe('شمال غزة,1,true\r\n');
  });

  it('reads every page of a long list, and writes the HXL row second', async () => {
    const items = Array.from({ length: 1203 }, (_, i) => ({ n: i, text: `item, ${i}` }));
    const asked: number[] = [];
    const spec: ListDownload<{ n: number; text: string }, { even: z.ZodOptional<z.ZodBoolean> }> = {
      path: '/things',
      summary: 'Things',
      pageSize: 500,
      page: async (_filters, range) => {
        asked.push(range.offset);
        return { items: items.slice(range.offset, range.offset + range.limit), total: items.length };
      },
      columns: [
        { name: 'n', hxl: '#meta+id', value: (i) => i.n },
        { name: 'text', hxl: '#description', value: (i) => i.text },
      ],
    };
    let text = '';
    for await (const chunk of renderList(spec, {}, 'hxl')) text += chunk;
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['n', 'text']);
    expect(rows[1]).toEqual(['#meta+id', '#description']);
    expect(rows.length).toBe(2 + 1203);
    expect(rows[1204]).toEqual(['1202', 'item, 1202']);
    expect(asked).toEqual([0, 500, 1000]);

    let json = '';
    for await (const chunk of renderList(spec, {}, 'json')) json += chunk;
    expect(JSON.parse(json)).toEqual({ items, total: 1203 });
  });

  it('formats money exactly on the server, in both languages', () => {
    expect(formatMoneyHtml('123456789012345678', 'USD', 2, 'en-u-nu-latn')).toBe(
      '<bdi>$</bdi>1,234,567,890,123,456.78',
    );
    expect(formatMoneyHtml('1000', 'JOD', 3, 'ar-u-nu-arab')).toContain('١٫٠٠٠');
    expect(pickHtmlLanguage(undefined, 'fr-FR,ar;q=0.8,en;q=0.5')).toBe('ar');
    expect(pickHtmlLanguage('en', 'ar')).toBe('en');
    expect(pickHtmlLanguage(undefined, 'ar;q=0.1, en')).toBe('en');
    expect(pickHtmlLanguage(undefined, undefined)).toBe('en');
  });
});

describe.each(STORE_KINDS)('the portal on the demo data, %s', (kind) => {
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
  }, 120_000);
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
    { path: '/orgs', first: 'id' },
    { path: '/keys', first: 'key_id' },
    { path: '/governorates', first: 'pcode' },
    { path: '/crossings', first: 'code' },
    { path: '/proposals', first: 'id' },
    { path: '/fund/pledges', first: 'pledge_id' },
    { path: '/fund/journal', first: 'log_index' },
  ];

  it.each(lists)('serves $path as CSV, HXL CSV and JSON, with every item', async ({ path, first }) => {
    const csv = await get(`/api/v1${path}.csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers['content-disposition']).toContain(`${path.slice(1).replace('/', '-')}.csv`);
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

  it('gives the same items as the paged list endpoints', async () => {
    for (const path of ['/orgs', '/keys', '/proposals', '/fund/journal']) {
      expect((await get(`/api/v1${path}.json`)).json().items, path).toEqual(await everything(path));
    }
    const governorates = (await get('/api/v1/governorates')).json();
    expect((await get('/api/v1/governorates.json')).json()).toEqual(governorates);
    // A donor's pledges are the tracker's.
    const tracker = (await get('/api/v1/fund/donors/qatar')).json();
    expect((await get('/api/v1/fund/pledges.json?donor=qatar')).json().items).toEqual(tracker.pledges);
  });

  it('applies the list filters and refuses malformed ones with a 400 that names them', async () => {
    const members = parseCsv((await get('/api/v1/orgs.csv?kind=member-state')).body);
    expect(members.length - 1).toBe(7);
    expect(new Set(members.slice(1).map((r) => r[1]))).toEqual(new Set(['member-state']));
    const usd = (await get('/api/v1/fund/journal.json?currency=USD')).json();
    expect(usd.items.every((line: { currency: string }) => line.currency === 'USD')).toBe(true);

    for (const [url, field] of [
      ['/api/v1/orgs.csv?kind=planet', 'querystring.kind'],
      ['/api/v1/fund/journal.hxl.csv?currency=usd', 'querystring.currency'],
      ['/api/v1/proposals.json?offset=5', 'querystring'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors.map((e: { path: string }) => e.path).join(' ')).toContain(field);
    }
  });

  it('compresses text answers for clients that accept it, and only for them', async () => {
    const plain = await get('/api/v1/fund/journal?limit=500');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
      ['br;q=0, gzip', 'gzip', gunzipSync],
    ] as const) {
      const res = await get('/api/v1/fund/journal?limit=500', { 'accept-encoding': accept });
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      expect(JSON.parse(decode(res.rawPayload).toString('utf8'))).toEqual(plain.json());
    }
    // Small answers go as they are.
    expect(
      (await get('/api/v1/health', { 'accept-encoding': 'br' })).headers['content-encoding'],
    ).toBeUndefined();
  });

  it.skipIf(!webBuilt)(
    'renders the key figures into / for readers without JavaScript (needs npm run build:web)',
    async () => {
      const overview = (await get('/api/v1/overview')).json();
      for (const [headers, lang, label] of [
        [{ 'accept-language': 'ar,en;q=0.5' }, 'ar', 'الدول الأعضاء'],
        [{}, 'en', 'Member states'],
      ] as const) {
        const res = await get('/', headers);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.body).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
        for (const figure of overview.figures) {
          expect(res.body).toContain(`data-static-figure="${figure.key}"`);
          expect(res.body).toContain(`<data value="${figure.value}">`);
        }
        expect(res.body).toContain(label);
      }
      expect((await get('/?lang=ar')).body).toContain('<html lang="ar" dir="rtl">');
    },
  );

  it.skipIf(!webBuilt)(
    'answers 404 for addresses the portal does not have (needs npm run build:web)',
    async () => {
      for (const [url, status] of [
        ['/orgs/egypt', 200],
        ['/explorer/12', 200],
        ['/map', 200],
        ['/no/such/page', 404],
        ['/explorer/twelve', 404],
      ] as const) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(status);
        expect(res.headers['content-type'], url).toMatch(/^text\/html/);
        // A page of the web app alone starts empty; an unknown address carries the not-found page.
        if (status === 200) expect(res.body).toContain('<div id="root"></div>');
        else
          expect(res.body).toContain('<div id="root"><div class="static-page" data-static-page="not-found">');
      }
      const api = await get('/api/v1/no-such-list.csv');
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    },
  );
});
