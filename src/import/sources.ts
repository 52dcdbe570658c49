import { hash } from 'node:crypto';
import type { Consignment, ItemCategory } from '../domain/access/events.js';
import { excelSerialToDate } from './xlsx-reader.js';

/**
 * How the public line lists are read into consignments. The sources name crossings, categories and
 * dates each in their own way; these tables say how each name is recorded, and a row whose value is in
 * none of them is refused with that value in the reason. The mapping is part of the documented import
 * (docs/access.md): change it there and here together.
 */

/**
 * Crossings and routes the public line lists name beyond the demo's eight: UNRWA's "Western Erez" and
 * "Gate 96", and COGAT's routes that are not itemised by crossing. An import registers the ones its
 * rows use when the log does not have them yet (`crossing.registered`, signed by the same officer).
 */
export const SOURCE_ROUTES = [
  {
    code: 'western-erez',
    en: 'Western Erez (Zikim gate)',
    ar: 'إيرز الغربي',
    kind: 'land',
    status: 'closed',
    lat: 31.56,
    lon: 34.525,
  },
  {
    code: 'gate-96',
    en: 'Gate 96',
    ar: 'البوابة 96',
    kind: 'land',
    status: 'closed',
    lat: 31.46,
    lon: 34.48,
  },
  {
    code: 'land-crossings',
    en: 'Land crossings (not itemised by the source)',
    ar: 'المعابر البرية (غير مفصلة في المصدر)',
    kind: 'land',
    status: 'unknown',
  },
  { code: 'airdrops', en: 'Airdrops', ar: 'الإنزال الجوي', kind: 'corridor', status: 'unknown' },
] as const;

/** A row mapped to a consignment, or the reason it cannot be. */
export type RowResult = { ok: Consignment } | { reason: string };

/** Source names of crossings and routes → crossing codes (src/demo/facts.ts and docs/access.md). */
export const CROSSING_NAMES: Readonly<Record<string, string>> = {
  // UNRWA "Crossing"
  'Kerem Shalom': 'kerem-shalom',
  'Rafah Crossing': 'rafah',
  Erez: 'erez',
  'Western Erez': 'western-erez',
  'Gate 96': 'gate-96',
  JLOTS: 'maritime-corridor',
  // COGAT "Route": land crossings are not itemised by crossing in the COGAT list
  'Land Crossings': 'land-crossings',
  'Maritime Route (JLOTS)': 'maritime-corridor',
  'Aerial Route': 'airdrops',
};

export const COGAT_CATEGORIES: Readonly<Record<string, ItemCategory>> = {
  Food: 'food',
  'Shelter Equipment': 'shelter',
  'Medical Supplies': 'medical',
  Water: 'water-sanitation',
  'Combined Aid': 'mixed',
  Gas: 'fuel',
  Fuel: 'fuel',
  'UN and NGO equipment': 'other',
  'Essential infrastructure equipment': 'construction-material',
};

export const UNRWA_CATEGORIES: Readonly<Record<string, ItemCategory>> = {
  'Food Items': 'food',
  'Non-Food Items': 'other',
  'Mixed Items': 'mixed',
  'Medical Supplies': 'medical',
  'Medical Supply': 'medical',
};

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/**
 * A calendar day as the sources write it: "25 Feb 2024", "1 Sept 2024", "2024-02-25" or "25/02/2024"
 * (day first). Returns YYYY-MM-DD, or undefined for anything else (including days that do not exist).
 */
export function parseDay(text: string): string | undefined {
  const s = text.trim();
  let y: number, m: number, d: number;
  let r = /^(\d{1,2})[ -]([A-Za-z]{3,5})\.?[ -](\d{4})$/.exec(s);
  if (r) {
    const month = MONTHS[r[2]!.toLowerCase()];
    if (!month) return undefined;
    [y, m, d] = [Number(r[3]), month, Number(r[1])];
  } else if ((r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  } else if ((r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) {
    [y, m, d] = [Number(r[3]), Number(r[2]), Number(r[1])];
  } else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.toISOString().slice(0, 10);
}

/** A decimal number of tonnes as whole kilograms ("12.5" → "12500"), or undefined when it is not one. */
export function tonnesToKg(text: string): string | undefined {
  const r = /^(\d{1,9})(?:\.(\d{1,3})\d*)?$/.exec(text.trim());
  if (!r) return undefined;
  // at most 999,999,999,999 kg: exact as a plain number (below 2^53)
  const kg = Number(r[1]!) * 1000 + Number((r[2] ?? '').padEnd(3, '0'));
  return kg > 0 ? String(kg) : undefined;
}

function digest(parts: readonly string[]): string {
  return hash('sha256', parts.join('\u001f'), 'hex');
}

/**
 * A function of one text, remembering its last few thousand answers: a line list repeats the same
 * dates, routes, classifications and donors on thousands of rows.
 */
function remembered<T>(f: (text: string) => T): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    const known = answers.get(text);
    if (known !== undefined || answers.has(text)) return known as T;
    const a = f(text);
    if (answers.size >= 4096) answers.clear();
    answers.set(text, a);
    return a;
  };
}

/** A COGAT date as the instant its rows are recorded at (midnight UTC of the day), or undefined. */
const cogatInstant = remembered((text) => {
  const day = parseDay(text);
  return day && `${day}T00:00:00.000Z`;
});
const cogatText = remembered((text) => clean(text, 200));
const cogatKg = remembered(tonnesToKg);

/** Free text as the log accepts it: trimmed, inner runs of white space made single, at most `max` characters. */
export function clean(text: string | undefined, max: number): string | undefined {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t.slice(0, max).trim();
}

export const COGAT_HEADER = ['Index', 'Date', 'Route', 'Classification', 'Donor', 'Aid (tons)'];

/**
 * A row of the COGAT list: one truck (land and maritime routes) or one airdrop day, with the day it
 * entered, its classification, donor and tonnage ("-" when not given). The consignment id is the row's
 * Index and a digest of its content, so the same row imported again has the same id. (The file's
 * SHA-256 is named once per signed batch, in its `source`; the argument is kept for existing callers.)
 */
export function cogatRow(cells: readonly string[], _fileSha: string, line: number): RowResult {
  if (cells.length !== 6)
    return { reason: `expected 6 columns (${COGAT_HEADER.join(', ')}), found ${cells.length}` };
  const [index, date, route, classification, donor, tons] = cells.map((c) => c.trim()) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d{1,9}$/.test(index)) return { reason: `Index "${index}" is not a row number` };
  const at = cogatInstant(date);
  if (!at) return { reason: `Date "${date}" is not a date (expected "25 Feb 2024")` };
  const crossing = CROSSING_NAMES[route];
  if (!crossing)
    return {
      reason: `unknown crossing: Route "${route}" is none of ${Object.keys(CROSSING_NAMES).join(', ')}`,
    };
  const category = COGAT_CATEGORIES[classification];
  if (!category) return { reason: `Classification "${classification}" is not a known category` };
  let weightKg: string | undefined;
  if (tons !== '-' && tons !== '') {
    if (tons.startsWith('-')) return { reason: `Aid (tons) "${tons}" is negative` };
    weightKg = cogatKg(tons);
    if (!weightKg) return { reason: `Aid (tons) "${tons}" is not a positive number of tonnes` };
  }
  const id = `cogat-${index}-${digest(['cogat', ...cells]).slice(0, 10)}`;
  const donorName = cogatText(donor);
  // members in canonical (RFC 8785) order, as they are signed: nothing needs sorting on the way
  return {
    ok: {
      consignmentId: id,
      crossing,
      ...(donorName ? { donor: donorName } : {}),
      items: [
        {
          category,
          item: cogatText(classification)!,
          // a truck (or airdrop) load; its tonnage where the source gives it
          quantity: '1',
          unit: crossing === 'airdrops' ? 'airdrop' : 'truck',
          ...(weightKg ? { weightKg } : {}),
        },
      ],
      requestedAt: at,
      row: line,
      stages: [{ at, stage: 'entered' }],
      trucks: crossing === 'airdrops' ? 0 : 1,
    },
  };
}

export const UNRWA_HEADER = [
  'ID',
  'Last Edited Time',
  'Received Date',
  'Data Source',
  'Manifest of',
  'Description of Cargo',
  'Cargo Category',
  'Status',
  'Time of Opening Gate',
  'Quantity',
  'Units',
  'Donating Country/ Organization',
  'Donation Type',
  'Crossing',
  'Destination Recipient/ Partner',
  'Data Period',
];

const TONNE_UNITS = new Set(['MT', 'Ton']);

/**
 * A row of UNRWA's supplies list: one truck received at a crossing on a day, with its cargo, quantity
 * and unit. The consignment id is UNRWA's own ID. A row whose Crossing holds something that is not a
 * crossing (an organisation, a data period: the columns are shifted) is refused with that value.
 */
export function unrwaRow(cells: readonly string[], _fileSha: string, row: number): RowResult {
  const c = (i: number) => (cells[i] ?? '').trim();
  const id = c(0);
  if (!/^\d{1,12}$/.test(id)) return { reason: `ID "${id}" is not a number` };
  const crossingName = c(13);
  const crossing = CROSSING_NAMES[crossingName];
  if (!crossing) {
    return {
      reason: crossingName
        ? `unknown crossing: Crossing holds "${crossingName}", which is no crossing (the row's columns look shifted)`
        : 'Crossing is empty',
    };
  }
  const serial = Number(c(2));
  if (!c(2) || !Number.isFinite(serial) || serial < 36_526 || serial > 73_051)
    return { reason: `Received Date "${c(2)}" is not an Excel date serial` };
  const day = excelSerialToDate(Math.floor(serial)).toISOString().slice(0, 10);
  const category = UNRWA_CATEGORIES[c(6)];
  if (!category) return { reason: `Cargo Category "${c(6)}" is not a known category` };
  if (c(7) !== 'Received') return { reason: `Status "${c(7)}" is not "Received"` };
  const q = c(9);
  if (q.startsWith('-')) return { reason: `Quantity "${q}" is negative` };
  const unitName = c(10);
  let quantity: string;
  let unit: string;
  let weightKg: string | undefined;
  if (TONNE_UNITS.has(unitName)) {
    const kg = tonnesToKg(q);
    if (!kg) return { reason: `Quantity "${q}" ${unitName} is not a positive number of tonnes` };
    [quantity, unit, weightKg] = [kg, 'kg', kg];
  } else {
    if (!/^[1-9]\d{0,14}$/.test(q))
      return { reason: `Quantity "${q}" is not a positive whole number of ${unitName || 'units'}` };
    [quantity, unit] = [q, unitName === '' ? 'unspecified' : clean(unitName, 40)!];
  }
  const item = clean(c(5), 200) ?? clean(c(6), 200)!;
  const at = `${day}T00:00:00.000Z`;
  const donor = clean(c(11), 200);
  const sender = clean(c(4), 200);
  // members in canonical (RFC 8785) order, as they are signed
  return {
    ok: {
      consignmentId: `unrwa-${id}`,
      crossing,
      ...(donor ? { donor } : {}),
      items: [{ category, item, quantity, unit, ...(weightKg ? { weightKg } : {}) }],
      requestedAt: at,
      row,
      ...(sender ? { sender } : {}),
      stages: [
        { at, stage: 'entered' },
        { at, stage: 'collected' },
      ],
      trucks: unitName === 'Truck' ? Math.min(Number(q), 100) : 1,
    },
  };
}
