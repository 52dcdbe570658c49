import type { Consignment, ItemCategory, StageRecord } from '../domain/access/events.js';
import { ITEM_CATEGORIES, STAGES } from '../domain/access/vocabulary.js';
import type { CsvRecord } from './csv-reader.js';
import { clean, CROSSING_NAMES, parseDay, type RowResult } from './sources.js';

/**
 * The partner template: a CSV file with a row of human headers, then a row of HXL hashtags
 * (https://hxlstandard.org), then one row per manifest line. Columns are found by their hashtag, not
 * their header or position; the lines of one consignment follow each other and repeat its columns.
 * docs/access.md documents every column; `amanah import csv --template` writes an empty template.
 */
export const TEMPLATE_COLUMNS: ReadonlyArray<{
  key: string;
  tag: string;
  header: string;
  required: boolean;
}> = [
  { key: 'id', tag: '#x_consignment+id', header: 'Consignment ID', required: true },
  { key: 'crossing', tag: '#loc+crossing+code', header: 'Crossing', required: true },
  { key: 'requested', tag: '#date+requested', header: 'Requested', required: true },
  { key: 'donor', tag: '#org+donor', header: 'Donor', required: false },
  { key: 'sender', tag: '#org+sender', header: 'Sender', required: false },
  { key: 'trucks', tag: '#indicator+trucks+num', header: 'Trucks', required: true },
  { key: 'item', tag: '#item+name', header: 'Item', required: true },
  { key: 'category', tag: '#item+type+code', header: 'Category', required: true },
  { key: 'quantity', tag: '#indicator+quantity+num', header: 'Quantity', required: true },
  { key: 'unit', tag: '#item+unit', header: 'Unit', required: true },
  { key: 'weight', tag: '#indicator+weight_kg+num', header: 'Weight (kg)', required: false },
  ...STAGES.map((s) => ({
    key: `stage:${s}`,
    tag: `#date+${s}`,
    header: `${s[0]!.toUpperCase()}${s.slice(1)}`,
    required: false,
  })),
  { key: 'reason', tag: '#description+reason', header: 'Reason (denied, returned)', required: false },
  { key: 'destination', tag: '#loc+destination', header: 'Destination (kind:id)', required: false },
];

/** The template: headers and hashtags, and one example consignment of two lines. */
export function templateCsv(): string {
  const ex = (v: Record<string, string>) => TEMPLATE_COLUMNS.map((c) => v[c.key] ?? '').join(',');
  return [
    TEMPLATE_COLUMNS.map((c) => c.header).join(','),
    TEMPLATE_COLUMNS.map((c) => c.tag).join(','),
    ex({
      id: 'wfp-2025-000123',
      crossing: 'kerem-shalom',
      requested: '2025-01-18T07:00:00Z',
      donor: 'WFP',
      trucks: '2',
      item: 'Wheat flour',
      category: 'food',
      quantity: '40',
      unit: 'pallet',
      weight: '36000',
      'stage:cleared': '2025-01-18T15:00:00Z',
      'stage:entered': '2025-01-19T09:30:00Z',
    }),
    ex({
      id: 'wfp-2025-000123',
      crossing: 'kerem-shalom',
      requested: '2025-01-18T07:00:00Z',
      donor: 'WFP',
      trucks: '2',
      item: 'Water purification tablets',
      category: 'water-sanitation',
      quantity: '4',
      unit: 'pallet',
      weight: '1200',
      'stage:cleared': '2025-01-18T15:00:00Z',
      'stage:entered': '2025-01-19T09:30:00Z',
    }),
    '',
  ].join('\n');
}

function parseTag(tag: string): { base: string; attrs: Set<string> } | undefined {
  const t = tag.trim().toLowerCase().replace(/\s+/g, '');
  if (!/^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/.test(t)) return undefined;
  const [base, ...attrs] = t.slice(1).split('+');
  return { base: base!, attrs: new Set(attrs) };
}

/** Maps each template column to the index of the first file column whose hashtag carries it. */
export function locateColumns(
  tags: readonly string[],
): { columns: Map<string, number> } | { reason: string } {
  const parsed = tags.map(parseTag);
  const columns = new Map<string, number>();
  for (const c of TEMPLATE_COLUMNS) {
    const want = parseTag(c.tag)!;
    const i = parsed.findIndex(
      (p) => p && p.base === want.base && [...want.attrs].every((a) => p.attrs.has(a)),
    );
    if (i >= 0) columns.set(c.key, i);
    else if (c.required) return { reason: `the hashtag row has no ${c.tag} column (${c.header})` };
  }
  return { columns };
}

/** "2025-01-19" or "2025-01-19T09:30:00Z" (any offset) as a UTC instant; undefined when it is neither. */
export function parseInstant(text: string): string | undefined {
  const s = text.trim();
  const day = parseDay(s);
  if (day) return `${day}T00:00:00.000Z`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * Groups the data rows into consignments (consecutive rows with the same id) and maps each group,
 * yielding the lines it covers and the consignment or the reason it is refused.
 */
export async function* partnerConsignments(
  records: AsyncIterable<CsvRecord>,
): AsyncGenerator<{ lines: number[]; result: RowResult }> {
  let columns: Map<string, number> | undefined;
  let group: CsvRecord[] = [];
  let groupId = '';
  for await (const r of records) {
    if (!columns) {
      if (r.cells.some((c) => c.trim().startsWith('#'))) {
        const located = locateColumns(r.cells);
        if ('reason' in located) {
          yield { lines: [r.line], result: { reason: located.reason } };
          return;
        }
        columns = located.columns;
      }
      continue; // header rows above the hashtags
    }
    const id = (r.cells[columns.get('id')!] ?? '').trim();
    if (group.length > 0 && id !== groupId) {
      yield { lines: group.map((g) => g.line), result: mapGroup(group, columns) };
      group = [];
    }
    groupId = id;
    group.push(r);
  }
  if (!columns) {
    yield {
      lines: [1],
      result: { reason: 'no row of HXL hashtags (#x_consignment+id, #loc+crossing+code, …) was found' },
    };
    return;
  }
  if (group.length > 0) yield { lines: group.map((g) => g.line), result: mapGroup(group, columns) };
}

const SHARED = [
  'crossing',
  'requested',
  'donor',
  'sender',
  'trucks',
  'reason',
  'destination',
  ...STAGES.map((s) => `stage:${s}`),
];

function mapGroup(rows: readonly CsvRecord[], columns: Map<string, number>): RowResult {
  const get = (r: CsvRecord, key: string): string => {
    const i = columns.get(key);
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };
  const first = rows[0]!;
  for (const r of rows.slice(1)) {
    for (const k of SHARED) {
      if (get(r, k) !== get(first, k)) {
        const tag = TEMPLATE_COLUMNS.find((c) => c.key === k)!.tag;
        return {
          reason: `line ${r.line}: ${tag} "${get(r, k)}" differs from the consignment's first line ${first.line} ("${get(first, k)}")`,
        };
      }
    }
  }
  const id = get(first, 'id');
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(id))
    return { reason: `consignment id "${id}" is not lower-case letters, digits and hyphens (2–63)` };
  const crossingText = get(first, 'crossing');
  const crossing = CROSSING_NAMES[crossingText] ?? crossingText;
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(crossing)) return { reason: `unknown crossing "${crossingText}"` };
  const requestedAt = parseInstant(get(first, 'requested'));
  if (!requestedAt)
    return { reason: `#date+requested "${get(first, 'requested')}" is not a date or UTC instant` };
  const trucksText = get(first, 'trucks');
  if (!/^\d{1,5}$/.test(trucksText))
    return { reason: `#indicator+trucks+num "${trucksText}" is not a whole number ≥ 0` };
  const items: Consignment['items'] = [];
  for (const r of rows) {
    const q = get(r, 'quantity');
    if (q.startsWith('-')) return { reason: `line ${r.line}: quantity "${q}" is negative` };
    if (!/^[1-9]\d{0,14}$/.test(q))
      return { reason: `line ${r.line}: quantity "${q}" is not a positive whole number` };
    const category = get(r, 'category') as ItemCategory;
    if (!ITEM_CATEGORIES.includes(category))
      return {
        reason: `line ${r.line}: category "${get(r, 'category')}" is none of ${ITEM_CATEGORIES.join(', ')}`,
      };
    const item = clean(get(r, 'item'), 200);
    const unit = clean(get(r, 'unit'), 40);
    if (!item || !unit) return { reason: `line ${r.line}: item and unit are required` };
    const w = get(r, 'weight');
    if (w !== '' && !/^[1-9]\d{0,14}$/.test(w))
      return { reason: `line ${r.line}: weight "${w}" is not a positive whole number of kg` };
    items.push({ item, category, quantity: q, unit, ...(w ? { weightKg: w } : {}) });
  }
  const stages: StageRecord[] = [];
  for (const s of STAGES) {
    const text = get(first, `stage:${s}`);
    if (!text) continue;
    const at = parseInstant(text);
    if (!at) return { reason: `#date+${s} "${text}" is not a date or UTC instant` };
    const reason = clean(get(first, 'reason'), 1000);
    const dest = get(first, 'destination');
    const stage: StageRecord = { stage: s, at };
    if ((s === 'denied' || s === 'returned') && reason) stage.reason = reason;
    if (s === 'delivered') {
      const m = /^(warehouse|distribution-point|project-site):([a-z0-9][a-z0-9-]{1,62})$/.exec(dest);
      if (!m)
        return {
          reason: `#loc+destination "${dest}" is not "warehouse:<id>", "distribution-point:<id>" or "project-site:<id>"`,
        };
      stage.destination = { kind: m[1] as 'warehouse', id: m[2]! };
    }
    stages.push(stage);
  }
  // The template gives each stage's time in its own column: the journey is their order in time.
  stages.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const donor = clean(get(first, 'donor'), 200);
  const sender = clean(get(first, 'sender'), 200);
  return {
    ok: {
      consignmentId: id,
      crossing,
      requestedAt,
      ...(donor ? { donor } : {}),
      ...(sender ? { sender } : {}),
      trucks: Number(trucksText),
      items,
      stages,
      row: first.line,
    },
  };
}
