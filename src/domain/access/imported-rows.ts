import { AmanahError } from '../errors.js';
import type { Consignment, ImportedRow } from './events.js';
import { IMPORTED_ROW_COLUMNS } from './vocabulary.js';

/**
 * The consignment a row of `consignments.imported` stands for: the same record as
 * `consignments.recorded` would hold for it, so that both are decided by the same rules and projected
 * the same way.
 */
export function consignmentOfRow(r: ImportedRow): Consignment {
  const [row, consignmentId, crossing, requestedAt, trucks, donor, sender, item, category, quantity, unit] =
    r;
  const weightKg = r[11];
  return {
    consignmentId,
    crossing,
    ...(donor === null ? {} : { donor }),
    items: [{ category, item, quantity, unit, ...(weightKg === null ? {} : { weightKg }) }],
    requestedAt,
    row,
    ...(sender === null ? {} : { sender }),
    stages: r[12].map(([stage, at]) => ({ at, stage })),
    trucks,
  };
}

/**
 * The row that stands for a consignment, when one can: a consignment with its line in a source file, a
 * single manifest line and stages that carry nothing but their time. `undefined` for any other.
 */
export function rowOfConsignment(c: Consignment): ImportedRow | undefined {
  const [line, ...more] = c.items;
  if (c.row === undefined || line === undefined || more.length > 0) return undefined;
  const stages: Array<[ImportedRow[12][number][0], string]> = [];
  for (const s of c.stages) {
    if (s.reason !== undefined || s.rejected || s.items || s.destination) return undefined;
    stages.push([s.stage, s.at]);
  }
  return [
    c.row,
    c.consignmentId,
    c.crossing,
    c.requestedAt,
    c.trucks,
    c.donor ?? null,
    c.sender ?? null,
    line.item,
    line.category,
    line.quantity,
    line.unit,
    line.weightKg ?? null,
    stages,
  ];
}

const expanded = new WeakMap<readonly ImportedRow[], readonly Consignment[]>();

/**
 * The consignments of an event's rows, made once per event: its rules and its projection both read
 * them (a cache of a pure function, keyed by the rows themselves).
 */
export function consignmentsOfRows(rows: readonly ImportedRow[]): readonly Consignment[] {
  let out = expanded.get(rows);
  if (!out) expanded.set(rows, (out = rows.map(consignmentOfRow)));
  return out;
}

/** Where a field of the consignment a row stands for lies in the row: its column, or column.stage.item. */
const COLUMN_OF: Readonly<Record<string, string>> = {
  ...Object.fromEntries(IMPORTED_ROW_COLUMNS.map((c, i) => [c, String(i)])),
  'items.0.item': String(IMPORTED_ROW_COLUMNS.indexOf('item')),
  'items.0.category': String(IMPORTED_ROW_COLUMNS.indexOf('category')),
  'items.0.quantity': String(IMPORTED_ROW_COLUMNS.indexOf('quantity')),
  'items.0.unit': String(IMPORTED_ROW_COLUMNS.indexOf('unit')),
  'items.0.weightKg': String(IMPORTED_ROW_COLUMNS.indexOf('weightKg')),
};
const STAGES_COLUMN = IMPORTED_ROW_COLUMNS.indexOf('stages');

/**
 * A refusal of the consignment a row stands for (its issues' paths name the consignment's fields,
 * `payload.rows.3.crossing`), with the paths of the row instead (`payload.rows.3.2`), as the row's
 * schema gives its own.
 */
export function withRowPaths(e: AmanahError): AmanahError {
  const issues = e.issues.map((i) => {
    const m = /^(payload\.rows\.\d+)\.(.+)$/.exec(i.path);
    if (!m) return i;
    const field = m[2]!;
    const stage = /^stages\.(\d+)\.(stage|at)$/.exec(field);
    const column = stage
      ? `${STAGES_COLUMN}.${stage[1]}.${stage[2] === 'stage' ? 0 : 1}`
      : (COLUMN_OF[field] ?? field);
    return { ...i, path: `${m[1]}.${column}` };
  });
  return new AmanahError(e.code, e.message, issues, e.details);
}
