/**
 * Open-data downloads of any list the API serves: CSV, HXL-tagged CSV and JSON, each the whole list.
 *
 * A list is downloaded at its own path with a suffix that names the format:
 *
 *   GET /api/v1/<list>.csv       text/csv, a header row, then one row per item (RFC 4180, UTF-8)
 *   GET /api/v1/<list>.hxl.csv   the same with a second row of HXL hashtags (hxlstandard.org)
 *   GET /api/v1/<list>.json      {"items":[…],"total":n}, the items as the list's own endpoint returns them
 *
 * The list's filters are query parameters, checked like any other (a malformed one is a 400 with the
 * parameter named); paging is not: a download holds every item, read page by page from the
 * repository and streamed, so a long journal never sits in memory at once.
 *
 * To give a list its downloads, describe its columns and how to read a page of it, and register that
 * in a route plugin (see list-downloads.ts):
 *
 *   registerListDownload(app, {
 *     path: '/orgs',
 *     summary: 'Organisations',
 *     filters: { kind: z.enum(ORG_KINDS).optional() },
 *     columns: [
 *       { name: 'id', hxl: '#org+id', value: (o) => o.id },
 *       { name: 'name_en', hxl: '#org+name+i_en', value: (o) => o.name.en },
 *     ],
 *     page: (query, range) => listOrgs(db, { ...query, ...range }),
 *   });
 *
 * Amounts stay integer minor units (a column for the currency beside them): nothing is rounded or
 * converted on the way out. Cells are written exactly as the API holds them.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** What a cell may hold; `null` and `undefined` are written as an empty cell. */
export type Cell = string | number | bigint | boolean | null | undefined;

export interface ListColumn<T> {
  /** The CSV header: lowercase, words joined by `_` (`amount_minor`, `name_ar`). */
  readonly name: string;
  /** The HXL hashtag with its attributes, e.g. `#org+name+i_ar`, `#value+pledged`, `#currency`. */
  readonly hxl: string;
  readonly value: (item: T) => Cell;
}

export interface ListDownload<T, F extends z.ZodRawShape> {
  /** The list's path under the API prefix, without a suffix: `/orgs`, `/fund/journal`. */
  readonly path: string;
  /** One line for the API documentation. */
  readonly summary: string;
  readonly tags?: readonly string[];
  /** The list's filters as query parameters (each optional, or with a default). */
  readonly filters?: F;
  /**
   * Reads one page; a page shorter than `limit` (or reaching `total`) is the last. (Written before
   * `columns`, so that TypeScript infers the item type from it.)
   */
  readonly page: (
    filters: z.infer<z.ZodObject<F>>,
    range: { offset: number; limit: number },
  ) => Promise<{ items: readonly T[]; total?: number }>;
  readonly columns: readonly ListColumn<T>[];
  /** Items per page read (default 500). */
  readonly pageSize?: number;
}

export type ListFormat = 'csv' | 'hxl' | 'json';

/** The suffix each format is served at. */
export const FORMAT_SUFFIX: Record<ListFormat, string> = { csv: '.csv', hxl: '.hxl.csv', json: '.json' };

const HXL_HASHTAG = /^#[a-z][a-z0-9_]*(\s*\+[a-z][a-z0-9_]*)*$/;

/** One CSV field (RFC 4180 §2): quoted when it holds a comma, a quote or a line break. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 §2.1 asks. */
export function csvRow(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** JSON with bigints as decimal strings (the API's convention for amounts). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Every item of the list, page by page. */
async function* allItems<T, F extends z.ZodRawShape>(
  spec: ListDownload<T, F>,
  filters: z.infer<z.ZodObject<F>>,
): AsyncGenerator<T> {
  const limit = spec.pageSize ?? 500;
  for (let offset = 0; ; offset += limit) {
    const page = await spec.page(filters, { offset, limit });
    yield* page.items;
    if (page.items.length < limit || (page.total !== undefined && offset + limit >= page.total)) return;
  }
}

/** The text of a download, in chunks of about 64 KiB. */
export async function* renderList<T, F extends z.ZodRawShape>(
  spec: ListDownload<T, F>,
  filters: z.infer<z.ZodObject<F>>,
  format: ListFormat,
): AsyncGenerator<string> {
  let buffer = '';
  if (format === 'json') {
    let count = 0;
    buffer = '{"items":[';
    for await (const item of allItems(spec, filters)) {
      buffer += (count++ === 0 ? '' : ',') + toJson(item);
      if (buffer.length > 65_536) {
        yield buffer;
        buffer = '';
      }
    }
    yield `${buffer}],"total":${count}}`;
    return;
  }
  buffer = csvRow(spec.columns.map((c) => c.name));
  if (format === 'hxl') buffer += csvRow(spec.columns.map((c) => c.hxl));
  for await (const item of allItems(spec, filters)) {
    buffer += csvRow(spec.columns.map((c) => c.value(item)));
    if (buffer.length > 65_536) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer;
}

/** The file name a download is saved as: `/fund/journal` → `fund-journal.hxl.csv`. */
export function downloadName(path: string, format: ListFormat): string {
  return `${path.replace(/^\/+/, '').replace(/\//g, '-')}${FORMAT_SUFFIX[format]}`;
}

/**
 * Registers `<path>.csv`, `<path>.hxl.csv` and `<path>.json` on `app` (inside the API's prefix).
 * Throws at start-up on a column without a valid HXL hashtag, or a repeated column name.
 */
export function registerListDownload<T, F extends z.ZodRawShape = Record<never, never>>(
  app: FastifyInstance,
  spec: ListDownload<T, F>,
): void {
  const names = new Set<string>();
  for (const column of spec.columns) {
    if (!HXL_HASHTAG.test(column.hxl)) {
      throw new Error(`${spec.path}: column ${column.name} has no valid HXL hashtag ("${column.hxl}")`);
    }
    if (names.has(column.name)) throw new Error(`${spec.path}: column ${column.name} appears twice`);
    names.add(column.name);
  }
  const querystring = z.strictObject(spec.filters ?? ({} as F));
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const format of ['csv', 'hxl', 'json'] as const) {
    typed.get(
      `${spec.path}${FORMAT_SUFFIX[format]}`,
      {
        schema: {
          summary: `${spec.summary}: the whole list as ${format === 'hxl' ? 'HXL-tagged CSV' : format.toUpperCase()}`,
          tags: [...(spec.tags ?? ['open data'])],
          querystring,
        },
      },
      async (req, reply) => {
        const filters = req.query as z.infer<z.ZodObject<F>>;
        const chunks = renderList(spec, filters, format);
        // Read the first chunk before answering, so that a failing query is still a proper error.
        const first = await chunks.next();
        const body = Readable.from(
          (async function* () {
            if (!first.done) yield first.value;
            yield* chunks;
          })(),
        );
        return reply
          .type(
            format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8; header=present',
          )
          .header('content-disposition', `attachment; filename="${downloadName(spec.path, format)}"`)
          .header('cache-control', 'no-cache')
          .send(body);
      },
    );
  }
}
