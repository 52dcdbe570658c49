// Where the money went against need (GET /api/v1/needs/report, src/store/needs-repository.ts
// needsReport): per governorate and per sector, the share of need the adopted formula computes beside
// the share of all allocations in one currency. Shares are in parts per million, amounts in minor units.
import { asArray, asInteger, asObject, asString } from './read-json';

/** What the dashboard reads, under /api/v1 (the server picks the approval policy's currency). */
export const NEEDS_REPORT_PATH = '/needs/report';

/** One governorate or one sector: its needs share, and what it was allocated. */
export interface NeedsShare {
  /** A governorate's P-code or a sector's key. */
  readonly key: string;
  /** Its share of need under the formula in force, in parts per million (0 when there is none). */
  readonly needPpm: number;
  /** What it was allocated, in minor units of the report's currency (a decimal string). */
  readonly allocated: string;
  /** Its share of all allocations in the currency, in parts per million. */
  readonly allocatedPpm: number;
  /** allocatedPpm − needPpm: below 0, it received less than its needs share. */
  readonly gapPpm: number;
}

export interface NeedsReport {
  readonly currency: string;
  /** The formula version in force, or null when none has been adopted yet. */
  readonly formulaVersion: number | null;
  readonly totalAllocated: string;
  /** Ranked from the furthest below its needs share to the furthest above, as the server sends them. */
  readonly byGovernorate: readonly NeedsShare[];
  readonly bySector: readonly NeedsShare[];
}

const minorUnitsPattern = /^-?\d+$/;
const ppmPattern = /^-?\d{1,7}$/;

function asMinor(value: unknown, what: string): string {
  const text = asString(value, what);
  if (!minorUnitsPattern.test(text)) throw new TypeError(`${what}: integer string expected`);
  return text;
}

/** A share in parts per million: at most ±1,000,000, sent as a decimal string. */
function asPpm(value: unknown, what: string): number {
  const text = asString(value, what);
  const ppm = Number(text);
  if (!ppmPattern.test(text) || Math.abs(ppm) > 1_000_000)
    throw new TypeError(`${what}: parts per million expected`);
  return ppm;
}

function parseRows(value: unknown, what: string): NeedsShare[] {
  return asArray(value, what).map((raw, i) => {
    const row = asObject(raw, `${what}[${i}]`);
    return {
      key: asString(row.key, `${what}[${i}].key`),
      needPpm: asPpm(row.needPpm, `${what}[${i}].needPpm`),
      allocated: asMinor(row.allocated, `${what}[${i}].allocated`),
      allocatedPpm: asPpm(row.allocatedPpm, `${what}[${i}].allocatedPpm`),
      gapPpm: asPpm(row.gapPpm, `${what}[${i}].gapPpm`),
    };
  });
}

/** `{ currency, formula: { version, … } | null, totalAllocated, byGovernorate, bySector, … }`. */
export function parseNeedsReport(json: unknown): NeedsReport {
  const object = asObject(json, 'needs report');
  const formula = object.formula === null ? null : asObject(object.formula, 'formula');
  return {
    currency: asString(object.currency, 'currency'),
    formulaVersion: formula === null ? null : asInteger(formula.version, 'formula.version'),
    totalAllocated: asMinor(object.totalAllocated, 'totalAllocated'),
    byGovernorate: parseRows(object.byGovernorate, 'byGovernorate'),
    bySector: parseRows(object.bySector, 'bySector'),
  };
}
