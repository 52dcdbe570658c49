import type { SignedEvent } from '../domain/envelope.js';
import type { Store } from '../store/database.js';
import { logSize, readEntries } from '../store/log-repository.js';
import { PROJECTION_TABLES } from '../store/schema.js';
import { readTablePage } from '../store/table-reader.js';
import { applyEvent } from './event-handlers.js';

export interface Difference {
  table: string;
  key: string;
  /** `missing`: in the live database only; `extra`: in the rebuilt one only; `value`: a column differs */
  kind: 'missing' | 'extra' | 'value';
  column?: string;
  live?: unknown;
  replayed?: unknown;
}

export interface ReplayReport {
  entries: number;
  tables: Array<{ table: string; rows: number }>;
  identical: boolean;
  firstDifference?: Difference;
}

const PAGE = 5_000;

/**
 * Rebuilds every projection from the log of `live` into the empty database `scratch`, then compares the
 * two table by table, row by row. The projections are pure functions of the events, so anything but
 * "identical" means a projection was changed outside the log — or a bug.
 */
export async function replay(
  live: Store,
  scratch: Store,
  onProgress?: (phase: 'replay' | 'compare', done: number, total: number) => void,
): Promise<ReplayReport> {
  const total = await logSize(live.db);
  for (let from = 0; from < total; from += PAGE) {
    const entries = await readEntries(live.db, { from, limit: PAGE });
    await scratch.writeTransaction(async (tx) => {
      for (const e of entries) await applyEvent(tx, JSON.parse(e.body) as SignedEvent, e.index);
    });
    onProgress?.('replay', Math.min(from + PAGE, total), total);
  }
  const tables: ReplayReport['tables'] = [];
  let t = 0;
  for (const { table, key } of PROJECTION_TABLES) {
    let rows = 0;
    for (let offset = 0; ; offset += PAGE) {
      const [a, b] = await Promise.all([
        readTablePage(live.db, table, key, offset, PAGE),
        readTablePage(scratch.db, table, key, offset, PAGE),
      ]);
      const diff = compareRows(table, key, a, b);
      if (diff) return { entries: total, tables, identical: false, firstDifference: diff };
      rows += a.length;
      if (a.length < PAGE) break;
    }
    tables.push({ table, rows });
    onProgress?.('compare', ++t, PROJECTION_TABLES.length);
  }
  return { entries: total, tables, identical: true };
}

function compareRows(
  table: string,
  key: readonly string[],
  live: Record<string, unknown>[],
  replayed: Record<string, unknown>[],
): Difference | undefined {
  const n = Math.max(live.length, replayed.length);
  for (let i = 0; i < n; i++) {
    const a = live[i];
    const b = replayed[i];
    const keyOf = (r: Record<string, unknown>): string => key.map((k) => String(r[k])).join('/');
    if (!a) return { table, key: keyOf(b!), kind: 'extra' };
    if (!b) return { table, key: keyOf(a), kind: 'missing' };
    if (keyOf(a) !== keyOf(b)) {
      return keyOf(a) < keyOf(b)
        ? { table, key: keyOf(a), kind: 'missing' }
        : { table, key: keyOf(b), kind: 'extra' };
    }
    for (const column of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (normalise(a[column]) !== normalise(b[column])) {
        return { table, key: keyOf(a), kind: 'value', column, live: a[column], replayed: b[column] };
      }
    }
  }
  return undefined;
}

function normalise(v: unknown): string {
  if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'bigint') return `int:${v}`;
  if (typeof v === 'number' && Number.isInteger(v)) return `int:${v}`;
  return JSON.stringify(v) ?? 'undefined';
}
