import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { AmanahError } from '../domain/errors.js';

/**
 * A small streaming reader for .xlsx workbooks (ECMA-376 SpreadsheetML in a ZIP container): it reads
 * the ZIP central directory (APPNOTE.TXT §4.3.16 end of central directory, §4.3.12 file headers),
 * inflates one worksheet as a stream and yields its rows one by one, so a 30 MB sheet never sits in
 * memory whole. Shared strings (xl/sharedStrings.xml) are loaded first: cells refer to them by index.
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

/** One worksheet row: cell values by zero-based column (empty cells are ''), and its 1-based row number. */
export interface SheetRow {
  row: number;
  cells: string[];
}

async function readEntries(path: string): Promise<{ entries: Map<string, ZipEntry>; size: number }> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw notXlsx(path, 'no ZIP end-of-central-directory record');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff) throw notXlsx(path, 'ZIP64 archives are not supported');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw notXlsx(path, 'a damaged ZIP central directory');
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      entries.set(name, { name, method, compressedSize, localOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
    // Resolve where each entry's data starts (after its local header, whose extra field may differ).
    for (const e of entries.values()) {
      const h = Buffer.alloc(30);
      await fh.read(h, 0, 30, e.localOffset);
      if (h.readUInt32LE(0) !== LOCAL_SIGNATURE) throw notXlsx(path, `a damaged ZIP entry ${e.name}`);
      e.localOffset += 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
    }
    return { entries, size };
  } finally {
    await fh.close();
  }
}

function notXlsx(path: string, why: string): AmanahError {
  return new AmanahError('VALIDATION_FAILED', `${path} is not a readable .xlsx workbook: ${why}`);
}

function entryStream(path: string, e: ZipEntry): NodeJS.ReadableStream {
  if (e.compressedSize === 0) return createReadStream(path, { start: 0, end: -1 });
  const raw = createReadStream(path, { start: e.localOffset, end: e.localOffset + e.compressedSize - 1 });
  if (e.method === METHOD_STORED) return raw;
  if (e.method !== METHOD_DEFLATE) throw notXlsx(path, `entry ${e.name} uses compression method ${e.method}`);
  return raw.pipe(createInflateRaw());
}

async function entryText(path: string, e: ZipEntry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of entryStream(path, e)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character and entity references (XML 1.0 §4.1). */
export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? m;
  });
}

/** All the text of an <si> or <is> element: plain <t>, or the runs of rich text. */
function textOf(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g))
    out += decodeXml(m[1] ?? '');
  return out;
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  return m?.[1];
}

function parseRow(xml: string, shared: readonly string[], fallbackRow: number): SheetRow {
  const open = /^<row\b([^>]*)>/.exec(xml);
  const row = Number(attr(open?.[1] ?? '', 'r') ?? fallbackRow);
  const cells: string[] = [];
  let next = 0;
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const attrs = m[1]!;
    const ref = attr(attrs, 'r');
    const col = ref ? columnIndex(ref) : next;
    next = col + 1;
    const body = m[2] ?? '';
    const type = attr(attrs, 't');
    let value = '';
    if (type === 'inlineStr') value = textOf(body);
    else {
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      if (v !== undefined) value = type === 's' ? (shared[Number(v)] ?? '') : decodeXml(v);
    }
    while (cells.length < col) cells.push('');
    cells[col] = value;
  }
  return { row, cells };
}

/** The names of the workbook's sheets, in order, with the archive path of each. */
async function sheetPaths(path: string, entries: Map<string, ZipEntry>): Promise<Map<string, string>> {
  const wb = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!wb || !rels) throw notXlsx(path, 'no xl/workbook.xml');
  const targets = new Map<string, string>();
  for (const m of (await entryText(path, rels)).matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attr(m[1]!, 'Id');
    const target = attr(m[1]!, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const m of (await entryText(path, wb)).matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = decodeXml(attr(m[1]!, 'name') ?? '');
    const id = attr(m[1]!, 'r:id');
    const target = id ? targets.get(id) : undefined;
    if (target) out.set(name, target);
  }
  return out;
}

/**
 * Streams the rows of one sheet (the first when `sheet` is not given). `onBytes` reports how many
 * compressed bytes of the sheet have been read, against the total, for a progress bar.
 */
export async function* readXlsxRows(
  path: string,
  opts: { sheet?: string; onBytes?: (done: number, total: number) => void } = {},
): AsyncGenerator<SheetRow> {
  const { entries } = await readEntries(path);
  const sheets = await sheetPaths(path, entries);
  const target = opts.sheet === undefined ? [...sheets.values()][0] : sheets.get(opts.sheet);
  if (!target) {
    throw notXlsx(
      path,
      `no sheet named "${opts.sheet}"; it has ${[...sheets.keys()].map((s) => `"${s}"`).join(', ')}`,
    );
  }
  const sheetEntry = entries.get(target);
  if (!sheetEntry) throw notXlsx(path, `the sheet's part ${target} is missing`);
  const sst = entries.get('xl/sharedStrings.xml');
  const shared: string[] = [];
  if (sst)
    for (const m of (await entryText(path, sst)).matchAll(/<si>([\s\S]*?)<\/si>/g))
      shared.push(textOf(m[1]!));

  const raw = createReadStream(path, {
    start: sheetEntry.localOffset,
    end: sheetEntry.localOffset + sheetEntry.compressedSize - 1,
  });
  let read = 0;
  raw.on('data', (c) => {
    read += (c as Buffer).length;
    opts.onBytes?.(read, sheetEntry.compressedSize);
  });
  const stream = sheetEntry.method === METHOD_STORED ? raw : raw.pipe(createInflateRaw());
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let n = 0;
  for await (const chunk of stream) {
    buf += decoder.decode(chunk as Buffer, { stream: true });
    let start = buf.indexOf('<row');
    for (;;) {
      if (start < 0) {
        buf = buf.length > 64 ? buf.slice(-64) : buf; // keep a possible partial "<row" at the end
        break;
      }
      const close = buf.indexOf('>', start);
      if (close < 0) {
        buf = buf.slice(start);
        break;
      }
      if (buf[close - 1] === '/') {
        n++; // an empty row
        start = buf.indexOf('<row', close);
        continue;
      }
      const end = buf.indexOf('</row>', close);
      if (end < 0) {
        buf = buf.slice(start);
        break;
      }
      n++;
      yield parseRow(buf.slice(start, end), shared, n);
      start = buf.indexOf('<row', end + 6);
    }
  }
}

/** An Excel date serial (1900 date system, with its 1900-02-29 that never was) as a UTC Date. */
export function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25_569) * 86_400_000));
}
