import { CompiledQuery, SqliteAdapter, sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { canonicalJson } from '../domain/canonical-json.js';
import type { SignedEvent } from '../domain/envelope.js';
import type { PayloadOf } from '../domain/event-type.js';
import { consignmentCategory, type ConsignmentState } from '../domain/access/decide.js';
import { consignmentsOfRows } from '../domain/access/imported-rows.js';
import type {
  appealDecided,
  Consignment,
  consignmentStagesRecorded,
  consignmentsImported,
  consignmentsRecorded,
  crossingStatusChanged,
  denialAppealed,
  distributionPointRegistered,
  distributionReported,
  dualUseListPublished,
  ItemCategory,
  Stage,
  StageRecord,
} from '../domain/access/events.js';
import { AmanahError } from '../domain/errors.js';
import { pgArrayLiteral } from './pg-literals.js';
import { instantMs } from '../domain/time.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;
const CHUNK = 400;

// ---------------------------------------------------------------------------------------------------
// The contract with the projects area: what entered Gaza for a consignment, per manifest line.

/**
 * What entered Gaza for a consignment, per manifest line: the manifest quantity less what was rejected
 * at inspection, once the consignment has entered (an empty list before). `undefined` for a consignment
 * that is not recorded.
 */
export async function consignmentEnteredItems(
  db: Db,
  consignmentId: string,
): Promise<Array<{ item: string; category: string; unit: string; quantity: bigint }> | undefined> {
  const c = await db
    .selectFrom('access_consignments')
    .select(['entered_at'])
    .where('id', '=', consignmentId)
    .executeTakeFirst();
  if (!c) return undefined;
  if (c.entered_at === null) return [];
  const rows = await db
    .selectFrom('access_consignment_items')
    .select(['item', 'category', 'unit', 'quantity', 'rejected'])
    .where('consignment_id', '=', consignmentId)
    .orderBy('item')
    .execute();
  return rows
    .map((r) => ({
      item: r.item,
      category: r.category,
      unit: r.unit,
      quantity: BigInt(r.quantity) - BigInt(r.rejected),
    }))
    .filter((r) => r.quantity > 0n);
}

// ---------------------------------------------------------------------------------------------------
// State for the rules

const isSqlite = (db: Db): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

/**
 * The consignment ids among `ids` that are recorded, as a subquery of one column `v`, with the ids as
 * one parameter (a text array on PostgreSQL, a JSON array on SQLite), so the statement text is the
 * same whatever their number: planned once, prepared once.
 *
 * On PostgreSQL each id is looked up on its own through the primary key (`cross join lateral` over a
 * `limit 1` subquery, which the planner cannot fold into a join). `id = any(<ids>)` and its join
 * forms leave the choice to the table's statistics: before the first ANALYZE — a new database taking
 * its first large import — the planner rates each id as matching half a percent of the table, and for
 * a batch of a few hundred ids it scans the whole table instead, once per batch, ever slower as the
 * import grows it.
 */
function recordedIds(db: Db, ids: readonly string[]) {
  return isSqlite(db)
    ? sql<{
        v: string;
      }>`select id as v from access_consignments where id in (select value from json_each(${JSON.stringify(ids)}))`
    : sql<{ v: string }>`select k.v from unnest(cast(${ids} as text[])) as k(v)
        cross join lateral (select 1 from access_consignments c where c.id = k.v limit 1) as found`;
}

export async function existingConsignmentIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await recordedIds(db, ids).execute(db);
  return new Set(rows.map((r) => r.v));
}

/**
 * What the rules for recording consignments read, in one round trip: which of `ids` are recorded, the
 * registered crossings and the published dual-use list versions.
 */
export async function consignmentRecordingState(
  db: Db,
  ids: readonly string[],
): Promise<{ existing: Set<string>; crossings: Set<string>; listVersions: Set<number> }> {
  const rows = await sql<{ k: string; v: string }>`select 'c' as k, code as v from crossings
    union all select 'v' as k, cast(version as text) as v from access_dual_use_versions
    union all select 'e' as k, v from (${recordedIds(db, ids)}) as recorded`.execute(db);
  const out = { existing: new Set<string>(), crossings: new Set<string>(), listVersions: new Set<number>() };
  for (const r of rows.rows) {
    if (r.k === 'c') out.crossings.add(r.v);
    else if (r.k === 'v') out.listVersions.add(Number(r.v));
    else out.existing.add(r.v);
  }
  return out;
}

export async function crossingCodes(db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom('crossings').select('code').execute()).map((r) => r.code));
}

export async function dualUseVersions(db: Db): Promise<Set<number>> {
  return new Set(
    (await db.selectFrom('access_dual_use_versions').select('version').execute()).map((r) =>
      Number(r.version),
    ),
  );
}

export async function latestDualUseVersion(db: Db): Promise<number> {
  const r = await db
    .selectFrom('access_dual_use_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return r?.v === null || r?.v === undefined ? 0 : Number(r.v);
}

interface StoredConsignment extends ConsignmentState {
  id: string;
  crossing: string;
  trucks: bigint;
  weightKg: bigint | null;
  category: ItemCategory;
  stageCount: number;
}

/** The recorded state of consignments, for the rules and for `apply`. */
export async function findConsignmentStates(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, StoredConsignment>> {
  const out = new Map<string, StoredConsignment>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    const rows = await db.selectFrom('access_consignments').selectAll().where('id', 'in', part).execute();
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        crossing: r.crossing,
        trucks: BigInt(r.trucks),
        weightKg: r.weight_kg === null ? null : BigInt(r.weight_kg),
        category: r.category as ItemCategory,
        requestedAt: r.requested_at,
        stage: r.stage === 'requested' ? undefined : (r.stage as Stage),
        stageAt: r.stage_at,
        enteredAt: r.entered_at ?? undefined,
        stageCount: Number(r.stage_count),
        lines: new Map(),
      });
    }
    const items = await db
      .selectFrom('access_consignment_items')
      .select(['consignment_id', 'item', 'quantity', 'rejected', 'delivered', 'lost'])
      .where('consignment_id', 'in', part)
      .execute();
    for (const it of items) {
      out.get(it.consignment_id)?.lines.set(it.item, {
        quantity: BigInt(it.quantity),
        rejected: BigInt(it.rejected),
        settled: BigInt(it.delivered) + BigInt(it.lost),
      });
    }
  }
  return out;
}

export async function findAppealState(
  db: Db,
  appealId: string,
): Promise<{ status: string; filedAt: string } | undefined> {
  const r = await db
    .selectFrom('access_appeals')
    .select(['status', 'filed_at'])
    .where('id', '=', appealId)
    .executeTakeFirst();
  return r && { status: r.status, filedAt: r.filed_at };
}

export async function appealExists(db: Db, appealId: string): Promise<boolean> {
  return (await findAppealState(db, appealId)) !== undefined;
}

export async function consignmentForAppeal(
  db: Db,
  id: string,
): Promise<{ stage: Stage | undefined; stageAt: string; rejected: bigint } | undefined> {
  const s = (await findConsignmentStates(db, [id])).get(id);
  if (!s) return undefined;
  let rejected = 0n;
  for (const l of s.lines.values()) rejected += l.rejected;
  return { stage: s.stage, stageAt: s.stageAt, rejected };
}

export async function crossingStatusExists(
  db: Db,
  crossing: string,
  effectiveFrom: string,
): Promise<boolean> {
  return (
    (await db
      .selectFrom('access_crossing_status')
      .select('crossing')
      .where('crossing', '=', crossing)
      .where('effective_from', '=', effectiveFrom)
      .executeTakeFirst()) !== undefined
  );
}

export async function pointExists(db: Db, pointId: string): Promise<boolean> {
  return (
    (await db.selectFrom('access_points').select('id').where('id', '=', pointId).executeTakeFirst()) !==
    undefined
  );
}

export async function reportExists(db: Db, reportId: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('access_point_reports')
      .select('id')
      .where('id', '=', reportId)
      .executeTakeFirst()) !== undefined
  );
}

/** Per "consignment|item": delivered to the point, and already reported received there. */
export async function deliveredToPoint(
  db: Db,
  pointId: string,
): Promise<Map<string, { delivered: bigint; received: bigint }>> {
  const out = new Map<string, { delivered: bigint; received: bigint }>();
  const rows = await db
    .selectFrom('access_deliveries')
    .select(['consignment_id', 'item', 'quantity'])
    .where('destination_kind', '=', 'distribution-point')
    .where('destination_id', '=', pointId)
    .execute();
  for (const r of rows)
    out.set(`${r.consignment_id}|${r.item}`, { delivered: BigInt(r.quantity), received: 0n });
  const reports = await db
    .selectFrom('access_point_reports')
    .select('received')
    .where('point_id', '=', pointId)
    .where('received', 'is not', null)
    .execute();
  for (const rep of reports) {
    for (const r of JSON.parse(rep.received!) as Array<{
      consignmentId: string;
      item: string;
      quantity: string;
    }>) {
      const k = `${r.consignmentId}|${r.item}`;
      const d = out.get(k) ?? { delivered: 0n, received: 0n };
      d.received += BigInt(r.quantity);
      out.set(k, d);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Projection

interface DailyDelta {
  trucks: bigint;
  weight_kg: bigint;
  entered: bigint;
  denied: bigint;
  returned: bigint;
  intercepted: bigint;
  looted: bigint;
}
interface CategoryDelta {
  requested: bigint;
  cleared: bigint;
  denied: bigint;
  entered: bigint;
  intercepted: bigint;
  looted: bigint;
}

/** A row of `access_stages`, its values in the order of {@link BULK_COLUMNS}. */
type StageRow = [
  consignment_id: string,
  seq: number,
  stage: string,
  at: string,
  day: string,
  seconds: number,
  after: string,
  reason: string | null,
  detail: string | null,
  log_index: number,
];

/** A map's value for `key`, made by `create` the first time. */
function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = create()));
  return v;
}

/** Everything one event changes, gathered first and written in a few multi-row statements. */
class Changes {
  readonly stages: StageRow[] = [];
  readonly deliveries = new Map<
    string,
    {
      consignment_id: string;
      item: string;
      destination_kind: string;
      destination_id: string;
      quantity: bigint;
    }
  >();
  /** day → crossing → what changes in that day's row */
  readonly daily = new Map<string, Map<string, DailyDelta>>();
  /** day → category → what changes in that day's row */
  readonly category = new Map<string, Map<string, CategoryDelta>>();
  /** day → the stage waited after → seconds waited → how many more stages did */
  readonly durations = new Map<string, Map<string, Map<number, number>>>();

  waited(day: string, after: string, seconds: number): void {
    const bySeconds = entry(
      entry(this.durations, day, newMap<Map<number, number>>),
      after,
      () => new Map<number, number>(),
    );
    bySeconds.set(seconds, (bySeconds.get(seconds) ?? 0) + 1);
  }

  dailyOf(day: string, crossing: string): DailyDelta {
    return entry(entry(this.daily, day, newMap<DailyDelta>), crossing, () => ({
      trucks: 0n,
      weight_kg: 0n,
      entered: 0n,
      denied: 0n,
      returned: 0n,
      intercepted: 0n,
      looted: 0n,
    }));
  }

  categoryOf(day: string, category: string): CategoryDelta {
    return entry(entry(this.category, day, newMap<CategoryDelta>), category, () => ({
      requested: 0n,
      cleared: 0n,
      denied: 0n,
      entered: 0n,
      intercepted: 0n,
      looted: 0n,
    }));
  }
}

function newMap<V>(): Map<string, V> {
  return new Map();
}

/** Walks one stage of a consignment: the rows and the aggregates it changes. Mirrors `advanceStage`. */
function projectStage(ch: Changes, c: StoredConsignment, s: StageRecord, index: number): void {
  const day = s.at.slice(0, 10);
  const seconds = Math.max(0, Math.round((instantMs(s.at) - instantMs(c.stageAt)) / 1000));
  const detail =
    s.rejected || s.items || s.destination
      ? canonicalJson({
          ...(s.rejected ? { rejected: s.rejected } : {}),
          ...(s.items ? { items: s.items } : {}),
          ...(s.destination ? { destination: s.destination } : {}),
        })
      : null;
  const after = c.stage ?? 'requested';
  ch.stages.push([
    c.id,
    c.stageCount + 1,
    s.stage,
    s.at,
    day,
    seconds,
    after,
    s.reason ?? null,
    detail,
    index,
  ]);
  ch.waited(day, after, seconds);
  c.stageCount += 1;
  for (const r of s.rejected ?? []) {
    const line = c.lines.get(r.item)!;
    line.rejected += BigInt(r.quantity);
  }
  const daily = ch.dailyOf(day, c.crossing);
  const cat = ch.categoryOf(day, c.category);
  switch (s.stage) {
    case 'cleared':
      cat.cleared += 1n;
      break;
    case 'denied':
      daily.denied += 1n;
      cat.denied += 1n;
      break;
    case 'returned':
      daily.returned += 1n;
      break;
    case 'entered':
      daily.trucks += c.trucks;
      daily.weight_kg += c.weightKg ?? 0n;
      daily.entered += 1n;
      cat.entered += 1n;
      c.enteredAt = s.at;
      break;
    case 'intercepted':
      daily.intercepted += 1n;
      cat.intercepted += 1n;
      break;
    case 'looted':
      daily.looted += 1n;
      cat.looted += 1n;
      break;
    default:
      break;
  }
  if (s.stage === 'delivered' || s.stage === 'intercepted' || s.stage === 'looted') {
    const items =
      s.items ??
      [...c.lines]
        .map(([item, l]) => ({ item, quantity: String(l.quantity - l.rejected - l.settled) }))
        .filter((x) => x.quantity !== '0');
    for (const it of items) {
      const line = c.lines.get(it.item)!;
      const q = BigInt(it.quantity);
      line.settled += q;
      if (s.stage === 'delivered') {
        (line as { delivered?: bigint }).delivered = ((line as { delivered?: bigint }).delivered ?? 0n) + q;
        const dest = s.destination!;
        const k = `${c.id}|${it.item}|${dest.kind}|${dest.id}`;
        const d = ch.deliveries.get(k);
        if (d) d.quantity += q;
        else
          ch.deliveries.set(k, {
            consignment_id: c.id,
            item: it.item,
            destination_kind: dest.kind,
            destination_id: dest.id,
            quantity: q,
          });
      } else {
        (line as { lost?: bigint }).lost = ((line as { lost?: bigint }).lost ?? 0n) + q;
      }
    }
  }
  c.stage = s.stage;
  c.stageAt = s.at;
}

/** The per-day aggregates an event changes: each an upsert that adds to the counts already there. */
async function writeDaily(db: Db, ch: Changes): Promise<void> {
  const daily = [...ch.daily].flatMap(([day, byCrossing]) =>
    [...byCrossing].map(([crossing, d]) => ({ day, crossing, ...d })),
  );
  const cats = [...ch.category].flatMap(([day, byCategory]) =>
    [...byCategory].map(([category, d]) => ({ day, category, ...d })),
  );
  const durations = [...ch.durations].flatMap(([day, byStage]) =>
    [...byStage].flatMap(([after, bySeconds]) =>
      [...bySeconds].map(([seconds, n]) => ({ day, after, seconds, n })),
    ),
  );
  const upserts = (
    [
      { table: 'access_daily', key: ['day', 'crossing'], rows: daily },
      { table: 'access_daily_category', key: ['day', 'category'], rows: cats },
      { table: 'access_stage_durations', key: ['day', 'after', 'seconds'], rows: durations },
    ] satisfies Adding[]
  ).filter((u) => u.rows.length > 0);
  if (upserts.length === 0) return;
  const dialect = isSqlite(db) ? 'sqlite' : 'pg';
  if (dialect === 'pg' && upserts.every((u) => u.rows.length <= CHUNK)) {
    // PostgreSQL: the upserts in one statement, one round trip (they touch different tables)
    const shape = upserts.map((u) => `${u.table}:${u.rows.length}`).join('|');
    const text = statementText(`pg|${shape}`, () => {
      const parts = upserts.map((u) => addingUpsert(db, u, u.rows));
      const last = parts.pop()!;
      const ctes = parts.map((p, i) => sql`${sql.raw(`u${i}`)} as (${p})`);
      return (ctes.length ? sql`with ${sql.join(ctes)} ${last}` : sql`${last}`).compile(db);
    });
    await db.executeQuery(
      CompiledQuery.raw(
        text,
        upserts.flatMap((u) => rowValues(u.rows)),
      ),
    );
    return;
  }
  for (const u of upserts)
    for (let i = 0; i < u.rows.length; i += CHUNK) {
      const part = u.rows.slice(i, i + CHUNK);
      const text = statementText(`${dialect}|${u.table}|${part.length}`, () =>
        addingUpsert(db, u, part).compile(),
      );
      await db.executeQuery(CompiledQuery.raw(text, rowValues(part)));
    }
}

type DayTable = 'access_daily' | 'access_daily_category' | 'access_stage_durations';

/** Rows of a per-day aggregate to add: the key columns, and every other column a count to add. */
interface Adding {
  table: DayTable;
  key: readonly string[];
  rows: ReadonlyArray<Record<string, unknown>>;
}

/** `insert … on conflict (key) do update set count = count + excluded.count` for each count column. */
function addingUpsert(db: Db, a: Adding, rows: ReadonlyArray<Record<string, unknown>>) {
  const counts = Object.keys(rows[0]!).filter((c) => !a.key.includes(c));
  return db
    .insertInto(a.table)
    .values(rows as never)
    .onConflict((oc) =>
      oc
        .columns(a.key as never)
        .doUpdateSet(
          (eb) =>
            Object.fromEntries(
              counts.map((c) => [c, eb(`${a.table}.${c}` as never, '+', eb.ref(`excluded.${c}` as never))]),
            ) as never,
        ),
    );
}

/**
 * Upsert texts of the per-day aggregates by dialect and row counts: Kysely builds each shape once, and
 * only the parameters change from one entry to the next (building them cost more than running them).
 */
const upsertTexts = new Map<string, string>();

function statementText(key: string, build: () => CompiledQuery): string {
  let text = upsertTexts.get(key);
  if (text === undefined) {
    text = build().sql;
    upsertTexts.set(key, text);
  }
  return text;
}

/**
 * The parameters of a multi-row VALUES list as Kysely orders them: row after row, each row's columns in
 * the order of the first row's members (every row here has the same members, in the same order).
 */
function rowValues(rows: ReadonlyArray<Record<string, unknown>>): unknown[] {
  const columns = Object.keys(rows[0]!);
  const out: unknown[] = [];
  for (const r of rows) for (const c of columns) out.push(r[c]);
  return out;
}

async function writeDeliveries(db: Db, ch: Changes): Promise<void> {
  const rows = [...ch.deliveries.values()];
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('access_deliveries')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['consignment_id', 'item', 'destination_kind', 'destination_id']).doUpdateSet((eb) => ({
          quantity: eb('access_deliveries.quantity', '+', eb.ref('excluded.quantity')),
        })),
      )
      .execute();
  }
}

/**
 * How many of `left` rows the next multi-row INSERT takes: 256, or the largest power of two that fits.
 * Batches differ in size; cut this way they come to a handful of statement shapes, each built and
 * prepared once, instead of one new statement for nearly every batch.
 */
function statementRows(left: number): number {
  return left >= 256 ? 256 : 2 ** Math.floor(Math.log2(left));
}

/** Multi-row INSERT texts by table and row count (SQLite): written once, then reused. */
const insertTexts = new Map<string, string>();

type BulkTable = 'access_consignments' | 'access_consignment_items' | 'access_stages' | 'access_sources';

/**
 * The columns of the tables written in bulk, in the order a row gives its values, with their types
 * (for PostgreSQL's `unnest` of one array per column).
 */
const BULK_COLUMNS: Record<BulkTable, ReadonlyArray<readonly [string, 'text' | 'bigint']>> = {
  access_consignments: [
    ['id', 'text'],
    ['crossing', 'text'],
    ['requested_at', 'text'],
    ['donor', 'text'],
    ['sender', 'text'],
    ['trucks', 'bigint'],
    ['weight_kg', 'bigint'],
    ['category', 'text'],
    ['stage', 'text'],
    ['stage_at', 'text'],
    ['stage_count', 'bigint'],
    ['entered_at', 'text'],
    ['source_row', 'bigint'],
    ['log_index', 'bigint'],
  ],
  access_consignment_items: [
    ['consignment_id', 'text'],
    ['item', 'text'],
    ['category', 'text'],
    ['unit', 'text'],
    ['quantity', 'bigint'],
    ['weight_kg', 'bigint'],
    ['rejected', 'bigint'],
    ['delivered', 'bigint'],
    ['lost', 'bigint'],
  ],
  access_sources: [
    ['log_index', 'bigint'],
    ['kind', 'text'],
    ['file', 'text'],
  ],
  access_stages: [
    ['consignment_id', 'text'],
    ['seq', 'bigint'],
    ['stage', 'text'],
    ['at', 'text'],
    ['day', 'text'],
    ['seconds', 'bigint'],
    ['after', 'text'],
    ['reason', 'text'],
    ['detail', 'text'],
    ['log_index', 'bigint'],
  ],
};

/** A row of `access_consignments`, its values in the order of {@link BULK_COLUMNS}. */
type ConsignmentRow = [
  id: string,
  crossing: string,
  requested_at: string,
  donor: string | null,
  sender: string | null,
  trucks: bigint,
  weight_kg: bigint | null,
  category: string,
  stage: string,
  stage_at: string,
  stage_count: number,
  entered_at: string | null,
  source_row: number | null,
  log_index: number,
];

/** A row of `access_consignment_items`, its values in the order of {@link BULK_COLUMNS}. */
type ItemRow = [
  consignment_id: string,
  item: string,
  category: string,
  unit: string,
  quantity: bigint,
  weight_kg: bigint | null,
  rejected: bigint,
  delivered: bigint,
  lost: bigint,
];

/**
 * Inserts rows of several tables, each row given as its values in the order of {@link BULK_COLUMNS}.
 * An import writes thousands of rows per entry, and building the same multi-row statement anew for
 * every chunk cost more than running it:
 * - SQLite: each table's multi-row statement text is written once per row count and only its
 *   parameters change (the store keeps the prepared statement per text);
 * - PostgreSQL: one statement for all the tables — each `INSERT … SELECT * FROM unnest(<one array per
 *   column>)`, the first ones as data-modifying CTEs — so a batch costs one round trip and a plan of a
 *   few parameters rather than thousands.
 */
async function insertRows(
  db: Db,
  lists: ReadonlyArray<{ table: BulkTable; rows: ReadonlyArray<readonly unknown[]> }>,
): Promise<void> {
  const nonEmpty = lists.filter((l) => l.rows.length > 0);
  if (nonEmpty.length === 0) return;
  if (!isSqlite(db)) {
    const parts = nonEmpty.map(({ table, rows }) => {
      const columns = BULK_COLUMNS[table];
      const arrays = columns.map(
        ([, type], j) =>
          sql`cast(${pgArrayLiteral(rows.map((r) => (r[j] === null ? null : String(r[j]))))} as ${sql.raw(type)}[])`,
      );
      return sql`insert into ${sql.table(table)} (${sql.join(columns.map(([c]) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`;
    });
    const last = parts.pop()!;
    const ctes = parts.map((p, i) => sql`${sql.raw(`w${i}`)} as (${p})`);
    await (ctes.length ? sql`with ${sql.join(ctes)} ${last}` : last).execute(db);
    return;
  }
  for (const { table, rows } of nonEmpty) {
    const width = BULK_COLUMNS[table].length;
    for (let i = 0; i < rows.length;) {
      const count = statementRows(rows.length - i);
      const params = new Array<unknown>(count * width);
      for (let r = 0; r < count; r++) {
        const row = rows[i + r]!;
        for (let c = 0; c < width; c++) params[r * width + c] = row[c];
      }
      i += count;
      await db.executeQuery(CompiledQuery.raw(insertText(table, count), params));
    }
  }
}

/** `insert into <table> (<columns>) values (?, …), …` for `count` rows (SQLite). */
function insertText(table: BulkTable, count: number): string {
  const key = `${table}|${count}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    const columns = BULK_COLUMNS[table];
    const row = `(${columns.map(() => '?').join(', ')})`;
    text = `insert into "${table}" (${columns.map(([c]) => `"${c}"`).join(', ')}) values ${Array.from({ length: count }, () => row).join(', ')}`;
    insertTexts.set(key, text);
  }
  return text;
}

async function insertStages(db: Db, rows: readonly StageRow[]): Promise<void> {
  await insertRows(db, [{ table: 'access_stages', rows }]);
}

export async function applyConsignmentsRecorded(
  db: Db,
  e: SignedEvent<PayloadOf<typeof consignmentsRecorded>>,
  index: number,
): Promise<void> {
  await projectNewConsignments(db, e.payload.consignments, e.payload.source, index);
}

export async function applyConsignmentsImported(
  db: Db,
  e: SignedEvent<PayloadOf<typeof consignmentsImported>>,
  index: number,
): Promise<void> {
  await projectNewConsignments(db, consignmentsOfRows(e.payload.rows), e.payload.source, index);
}

/** Consignments recorded for the first time (by log entry `index`): their rows, stages and day totals. */
async function projectNewConsignments(
  db: Db,
  consignments: readonly Consignment[],
  src: { kind: string; file: string } | undefined,
  index: number,
): Promise<void> {
  const ch = new Changes();
  const rows: ConsignmentRow[] = [];
  const itemRows: ItemRow[] = [];
  for (const p of consignments) {
    let weightKg: bigint | null = 0n;
    for (const i of p.items)
      weightKg = weightKg === null || i.weightKg === undefined ? null : weightKg + BigInt(i.weightKg);
    const c: StoredConsignment = {
      id: p.consignmentId,
      crossing: p.crossing,
      trucks: BigInt(p.trucks),
      weightKg,
      category: consignmentCategory(p.items),
      requestedAt: p.requestedAt,
      stage: undefined,
      stageAt: p.requestedAt,
      enteredAt: undefined,
      stageCount: 0,
      lines: new Map(
        p.items.map((i) => [i.item, { quantity: BigInt(i.quantity), rejected: 0n, settled: 0n }]),
      ),
    };
    ch.categoryOf(p.requestedAt.slice(0, 10), c.category).requested += 1n;
    for (const s of p.stages) projectStage(ch, c, s, index);
    rows.push([
      c.id,
      c.crossing,
      c.requestedAt,
      p.donor ?? null,
      p.sender ?? null,
      c.trucks,
      c.weightKg,
      c.category,
      c.stage ?? 'requested',
      c.stageAt,
      c.stageCount,
      c.enteredAt ?? null,
      src ? (p.row ?? null) : null,
      index,
    ]);
    for (const i of p.items) {
      const l = c.lines.get(i.item)! as {
        quantity: bigint;
        rejected: bigint;
        delivered?: bigint;
        lost?: bigint;
      };
      itemRows.push([
        c.id,
        i.item,
        i.category,
        i.unit,
        l.quantity,
        i.weightKg === undefined ? null : BigInt(i.weightKg),
        l.rejected,
        l.delivered ?? 0n,
        l.lost ?? 0n,
      ]);
    }
  }
  await insertRows(db, [
    { table: 'access_consignments', rows },
    { table: 'access_consignment_items', rows: itemRows },
    { table: 'access_stages', rows: ch.stages },
    // the file the entry's consignments come from, once for all of them
    { table: 'access_sources', rows: src ? [[index, src.kind, src.file]] : [] },
  ]);
  await writeDeliveries(db, ch);
  await writeDaily(db, ch);
}

export async function applyConsignmentStagesRecorded(
  db: Db,
  e: SignedEvent<PayloadOf<typeof consignmentStagesRecorded>>,
  index: number,
): Promise<void> {
  const states = await findConsignmentStates(
    db,
    e.payload.stages.map((s) => s.consignmentId),
  );
  const ch = new Changes();
  for (const s of e.payload.stages) projectStage(ch, states.get(s.consignmentId)!, s, index);
  for (const c of states.values()) {
    await db
      .updateTable('access_consignments')
      .set({
        stage: c.stage ?? 'requested',
        stage_at: c.stageAt,
        stage_count: c.stageCount,
        entered_at: c.enteredAt ?? null,
      })
      .where('id', '=', c.id)
      .execute();
    for (const [item, l] of c.lines) {
      const x = l as { rejected: bigint; delivered?: bigint; lost?: bigint };
      if (
        x.delivered === undefined &&
        x.lost === undefined &&
        ![...e.payload.stages].some(
          (s) => s.consignmentId === c.id && s.rejected?.some((r) => r.item === item),
        )
      )
        continue;
      await db
        .updateTable('access_consignment_items')
        .set((eb) => ({
          rejected: x.rejected,
          delivered: eb('delivered', '+', x.delivered ?? 0n),
          lost: eb('lost', '+', x.lost ?? 0n),
        }))
        .where('consignment_id', '=', c.id)
        .where('item', '=', item)
        .execute();
    }
  }
  await insertStages(db, ch.stages);
  await writeDeliveries(db, ch);
  await writeDaily(db, ch);
}

export async function applyCrossingStatusChanged(
  db: Db,
  e: SignedEvent<PayloadOf<typeof crossingStatusChanged>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('access_crossing_status')
    .values({
      crossing: p.crossing,
      effective_from: p.effectiveFrom,
      status: p.status,
      opens: p.hours?.opens ?? null,
      closes: p.hours?.closes ?? null,
      note: p.note ?? null,
      log_index: index,
    })
    .execute();
  // The crossing's current status is the latest change that has taken effect by the time it is signed.
  const current = await db
    .selectFrom('access_crossing_status')
    .select('status')
    .where('crossing', '=', p.crossing)
    .where('effective_from', '<=', e.time)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (current)
    await db
      .updateTable('crossings')
      .set({ status: current.status })
      .where('code', '=', p.crossing)
      .execute();
}

export async function applyDualUseListPublished(
  db: Db,
  e: SignedEvent<PayloadOf<typeof dualUseListPublished>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('access_dual_use_versions')
    .values({
      version: p.version,
      effective_from: p.effectiveFrom,
      source: p.source,
      items: p.items.length,
      log_index: index,
    })
    .execute();
  if (p.items.length > 0)
    await db
      .insertInto('access_dual_use_items')
      .values(
        p.items.map((i) => ({
          version: p.version,
          item: i.item,
          category: i.category,
          note: i.note ?? null,
        })),
      )
      .execute();
}

export async function applyDenialAppealed(
  db: Db,
  e: SignedEvent<PayloadOf<typeof denialAppealed>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('access_appeals')
    .values({
      id: p.appealId,
      consignment_id: p.consignmentId,
      grounds: p.grounds,
      filed_at: p.filedAt,
      deadline: p.deadline,
      status: 'open',
      outcome: null,
      decided_at: null,
      decision_reason: null,
      log_index: index,
    })
    .execute();
}

export async function applyAppealDecided(
  db: Db,
  e: SignedEvent<PayloadOf<typeof appealDecided>>,
  _index: number,
): Promise<void> {
  const p = e.payload;
  const a = await db
    .selectFrom('access_appeals')
    .select('deadline')
    .where('id', '=', p.appealId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('access_appeals')
    .set({
      status: p.decidedAt.slice(0, 10) > a.deadline ? 'decided-late' : 'decided',
      outcome: p.outcome,
      decided_at: p.decidedAt,
      decision_reason: p.reason,
    })
    .where('id', '=', p.appealId)
    .execute();
}

export async function applyDistributionPointRegistered(
  db: Db,
  e: SignedEvent<PayloadOf<typeof distributionPointRegistered>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('access_points')
    .values({
      id: p.pointId,
      kind: p.kind,
      name_en: p.name.en,
      name_ar: p.name.ar,
      governorate: p.governorate,
      operator: p.operator,
      lat: p.location?.lat ?? null,
      lon: p.location?.lon ?? null,
      log_index: index,
    })
    .execute();
}

export async function applyDistributionReported(
  db: Db,
  e: SignedEvent<PayloadOf<typeof distributionReported>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const keys = p.beneficiaries?.householdKeys ?? [];
  let fresh = 0;
  if (keys.length > 0) {
    const seen = new Set<string>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await db
        .selectFrom('access_household_keys')
        .select('key')
        .where('key', 'in', keys.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) seen.add(r.key);
    }
    const news = keys.filter((k) => !seen.has(k));
    fresh = news.length;
    for (let i = 0; i < news.length; i += CHUNK)
      await db
        .insertInto('access_household_keys')
        .values(news.slice(i, i + CHUNK).map((key) => ({ key, report_id: p.reportId, point_id: p.pointId })))
        .execute();
  }
  await db
    .insertInto('access_point_reports')
    .values({
      id: p.reportId,
      point_id: p.pointId,
      date: p.date,
      meals: BigInt(p.served.meals ?? '0'),
      parcels: BigInt(p.served.parcels ?? '0'),
      litres: BigInt(p.served.litres ?? '0'),
      consultations: BigInt(p.served.consultations ?? '0'),
      households: p.households,
      // without keys a report's households cannot be told apart from earlier ones: all count as reached
      new_households: keys.length > 0 ? fresh + (p.households - keys.length) : p.households,
      commitments: p.beneficiaries?.commitments.length ?? 0,
      received: p.received ? canonicalJson(p.received) : null,
      log_index: index,
    })
    .execute();
}

// ---------------------------------------------------------------------------------------------------
// Queries

/** One day at one crossing. Counts as plain numbers: a day's trucks and kilograms stay far below 2^53. */
export interface DailyRow {
  day: string;
  crossing: string;
  trucks: number;
  weightKg: number;
  entered: number;
  denied: number;
  returned: number;
  intercepted: number;
  looted: number;
}

/** The latest day with any truck recorded (at one crossing, if given), or undefined. */
export async function lastDayWithTrucks(db: Db, crossing?: string): Promise<string | undefined> {
  let q = db
    .selectFrom('access_daily')
    .select((eb) => eb.fn.max('day').as('day'))
    .where('trucks', '>', 0n);
  if (crossing !== undefined) q = q.where('crossing', '=', crossing);
  return (await q.executeTakeFirst())?.day ?? undefined;
}

/**
 * The per-day, per-crossing aggregates over [from, to] (days, inclusive), never scanning consignments,
 * grouped by day: one row a day whose crossings come packed in one text
 * ("code,trucks,kg,entered,denied,returned,intercepted,looted;…", ordered by crossing). A year is 365
 * rows rather than ~3,000: building a result row costs the drivers far more than the database's
 * index range scan, so this is what keeps a year's query in a few milliseconds.
 */
export async function dailyByCrossing(
  db: Db,
  q: { from: string; to: string; crossing?: string | undefined },
): Promise<DailyRow[]> {
  const packed = sql<string>`crossing || ',' || trucks || ',' || weight_kg || ',' || entered || ',' || denied || ',' || returned || ',' || intercepted || ',' || looted`;
  const agg =
    db.getExecutor().adapter instanceof SqliteAdapter
      ? sql<string>`group_concat(${packed}, ';' order by crossing)`
      : sql<string>`string_agg(${packed}, ';' order by crossing)`;
  let query = db
    .selectFrom('access_daily')
    .select(['day', agg.as('crossings')])
    .where('day', '>=', q.from)
    .where('day', '<=', q.to);
  if (q.crossing) query = query.where('crossing', '=', q.crossing);
  const rows = await query.groupBy('day').orderBy('day').execute();
  const out: DailyRow[] = [];
  for (const r of rows)
    for (const c of r.crossings.split(';')) {
      const f = c.split(',');
      out.push({
        day: r.day,
        crossing: f[0]!,
        trucks: Number(f[1]),
        weightKg: Number(f[2]),
        entered: Number(f[3]),
        denied: Number(f[4]),
        returned: Number(f[5]),
        intercepted: Number(f[6]),
        looted: Number(f[7]),
      });
    }
  return out;
}

export async function dailyByCategory(
  db: Db,
  q: { from: string; to: string },
): Promise<
  Array<{
    category: string;
    requested: bigint;
    cleared: bigint;
    denied: bigint;
    entered: bigint;
    intercepted: bigint;
    looted: bigint;
  }>
> {
  const rows = await db
    .selectFrom('access_daily_category')
    .select((eb) => [
      'category',
      eb.fn.sum<bigint>('requested').as('requested'),
      eb.fn.sum<bigint>('cleared').as('cleared'),
      eb.fn.sum<bigint>('denied').as('denied'),
      eb.fn.sum<bigint>('entered').as('entered'),
      eb.fn.sum<bigint>('intercepted').as('intercepted'),
      eb.fn.sum<bigint>('looted').as('looted'),
    ])
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .groupBy('category')
    .orderBy('category')
    .execute();
  return rows.map((r) => ({
    category: r.category,
    requested: BigInt(r.requested),
    cleared: BigInt(r.cleared),
    denied: BigInt(r.denied),
    entered: BigInt(r.entered),
    intercepted: BigInt(r.intercepted),
    looted: BigInt(r.looted),
  }));
}

/** Seconds spent at each stage before the next, for stages reached in [from, to], sorted per stage. */
/**
 * How long the stages reached in the range waited after the stage before them: per stage waited at,
 * each duration in seconds with how many waited it, the shortest first.
 */
export async function stageDurations(
  db: Db,
  q: { from: string; to: string },
): Promise<Map<string, Array<{ seconds: number; n: number }>>> {
  const rows = await db
    .selectFrom('access_stage_durations')
    .select((eb) => ['after', 'seconds', eb.fn.sum<bigint>('n').as('n')])
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .groupBy(['after', 'seconds'])
    .orderBy('after')
    .orderBy('seconds')
    .execute();
  const out = new Map<string, Array<{ seconds: number; n: number }>>();
  for (const r of rows) {
    let list = out.get(r.after);
    if (!list) out.set(r.after, (list = []));
    list.push({ seconds: Number(r.seconds), n: Number(r.n) });
  }
  return out;
}

export interface ConsignmentSummary {
  id: string;
  crossing: string;
  requestedAt: string;
  donor: string | null;
  sender: string | null;
  trucks: number;
  weightKg: string | null;
  category: string;
  stage: string;
  stageAt: string;
  enteredAt: string | null;
  provenance: string | null;
  logIndex: number;
}

function summary(
  r: Schema['access_consignments'] extends unknown ? Record<string, unknown> : never,
): ConsignmentSummary {
  return {
    id: r.id as string,
    crossing: r.crossing as string,
    requestedAt: r.requested_at as string,
    donor: r.donor as string | null,
    sender: r.sender as string | null,
    trucks: Number(r.trucks),
    weightKg: r.weight_kg === null ? null : String(r.weight_kg),
    category: r.category as string,
    stage: r.stage as string,
    stageAt: r.stage_at as string,
    enteredAt: r.entered_at as string | null,
    // the file of the row's entry (access_sources, joined as source_kind and source_file) and its line
    provenance:
      r.source_kind === null || r.source_kind === undefined
        ? null
        : `${String(r.source_kind)}:${String(r.source_file)}:${r.source_row === null ? '' : String(r.source_row)}`,
    logIndex: Number(r.log_index),
  };
}

export async function listConsignments(
  db: Db,
  q: {
    crossing?: string | undefined;
    stage?: string | undefined;
    category?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    offset: number;
    limit: number;
  },
): Promise<{ items: ConsignmentSummary[]; total: number }> {
  let base = db.selectFrom('access_consignments');
  if (q.crossing) base = base.where('crossing', '=', q.crossing);
  if (q.stage) base = base.where('stage', '=', q.stage);
  if (q.category) base = base.where('category', '=', q.category);
  if (q.from) base = base.where('requested_at', '>=', q.from);
  if (q.to) base = base.where('requested_at', '<', `${q.to}T24`);
  const [rows, total] = await Promise.all([
    withSource(base).orderBy('requested_at').orderBy('id').offset(q.offset).limit(q.limit).execute(),
    base.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => summary(r)), total: Number(total.n) };
}

/** A consignments query with each row's source file (kind and SHA-256), for its provenance. */
function withSource<Q extends SelectQueryBuilder<Schema, 'access_consignments', object>>(q: Q) {
  return q
    .leftJoin('access_sources as src', 'src.log_index', 'access_consignments.log_index')
    .selectAll('access_consignments')
    .select(['src.kind as source_kind', 'src.file as source_file']);
}

export async function getConsignment(db: Db, id: string) {
  const r = await withSource(db.selectFrom('access_consignments').where('id', '=', id)).executeTakeFirst();
  if (!r) throw new AmanahError('NOT_FOUND', `consignment ${id} is not recorded`);
  const [items, stages, deliveries, appeals] = await Promise.all([
    db
      .selectFrom('access_consignment_items')
      .selectAll()
      .where('consignment_id', '=', id)
      .orderBy('item')
      .execute(),
    db.selectFrom('access_stages').selectAll().where('consignment_id', '=', id).orderBy('seq').execute(),
    db
      .selectFrom('access_deliveries')
      .selectAll()
      .where('consignment_id', '=', id)
      .orderBy('item')
      .orderBy('destination_id')
      .execute(),
    db
      .selectFrom('access_appeals')
      .selectAll()
      .where('consignment_id', '=', id)
      .orderBy('filed_at')
      .execute(),
  ]);
  return {
    ...summary(r),
    items: items.map((i) => ({
      item: i.item,
      category: i.category,
      unit: i.unit,
      quantity: String(i.quantity),
      weightKg: i.weight_kg === null ? null : String(i.weight_kg),
      rejected: String(i.rejected),
      entered: r.entered_at === null ? '0' : String(BigInt(i.quantity) - BigInt(i.rejected)),
      delivered: String(i.delivered),
      lost: String(i.lost),
    })),
    stages: stages.map((s) => ({
      stage: s.stage,
      at: s.at,
      secondsSincePrevious: Number(s.seconds),
      reason: s.reason,
      ...(s.detail ? (JSON.parse(s.detail) as Record<string, unknown>) : {}),
      logIndex: Number(s.log_index),
    })),
    deliveries: deliveries.map((d) => ({
      item: d.item,
      destination: { kind: d.destination_kind, id: d.destination_id },
      quantity: String(d.quantity),
    })),
    appeals: appeals.map(appealOut),
  };
}

function appealOut(a: Schema['access_appeals'] extends unknown ? Record<string, unknown> : never) {
  return {
    id: a.id as string,
    consignmentId: a.consignment_id as string,
    grounds: a.grounds as string,
    filedAt: a.filed_at as string,
    deadline: a.deadline as string,
    status: a.status as string,
    outcome: a.outcome as string | null,
    decidedAt: a.decided_at as string | null,
    reason: a.decision_reason as string | null,
    logIndex: Number(a.log_index),
  };
}

export async function listAppeals(db: Db, q: { status?: string | undefined }) {
  let query = db.selectFrom('access_appeals').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  return (await query.orderBy('filed_at').orderBy('id').execute()).map(appealOut);
}

export async function crossingStatusHistory(db: Db, crossing?: string) {
  let q = db.selectFrom('access_crossing_status').selectAll();
  if (crossing) q = q.where('crossing', '=', crossing);
  const rows = await q.orderBy('crossing').orderBy('effective_from').execute();
  return rows.map((r) => ({
    crossing: r.crossing,
    effectiveFrom: r.effective_from,
    status: r.status,
    hours: r.opens === null || r.closes === null ? null : { opens: r.opens, closes: r.closes },
    note: r.note,
    logIndex: Number(r.log_index),
  }));
}

export async function listDualUseVersions(db: Db) {
  const rows = await db.selectFrom('access_dual_use_versions').selectAll().orderBy('version').execute();
  return rows.map((r) => ({
    version: Number(r.version),
    effectiveFrom: r.effective_from,
    source: r.source,
    items: Number(r.items),
    logIndex: Number(r.log_index),
  }));
}

export async function dualUseItems(db: Db, version: number) {
  const v = await db
    .selectFrom('access_dual_use_versions')
    .selectAll()
    .where('version', '=', BigInt(version))
    .executeTakeFirst();
  if (!v) throw new AmanahError('NOT_FOUND', `dual-use list version ${version} has not been published`);
  const items = await db
    .selectFrom('access_dual_use_items')
    .selectAll()
    .where('version', '=', BigInt(version))
    .orderBy('item')
    .execute();
  return {
    version,
    effectiveFrom: v.effective_from,
    source: v.source,
    items: items.map((i) => ({ item: i.item, category: i.category, note: i.note })),
  };
}

export async function listPoints(db: Db) {
  const rows = await db
    .selectFrom('access_points')
    .leftJoin('access_point_reports', 'access_point_reports.point_id', 'access_points.id')
    .select((eb) => [
      'access_points.id',
      'access_points.kind',
      'access_points.name_en',
      'access_points.name_ar',
      'access_points.governorate',
      'access_points.operator',
      'access_points.lat',
      'access_points.lon',
      'access_points.log_index',
      eb.fn.count<bigint>('access_point_reports.id').as('reports'),
      eb.fn.coalesce(eb.fn.sum<bigint>('access_point_reports.meals'), sql<bigint>`0`).as('meals'),
      eb.fn.coalesce(eb.fn.sum<bigint>('access_point_reports.parcels'), sql<bigint>`0`).as('parcels'),
      eb.fn.coalesce(eb.fn.sum<bigint>('access_point_reports.litres'), sql<bigint>`0`).as('litres'),
      eb.fn
        .coalesce(eb.fn.sum<bigint>('access_point_reports.consultations'), sql<bigint>`0`)
        .as('consultations'),
      eb.fn
        .coalesce(eb.fn.sum<bigint>('access_point_reports.new_households'), sql<bigint>`0`)
        .as('households'),
    ])
    .groupBy([
      'access_points.id',
      'access_points.kind',
      'access_points.name_en',
      'access_points.name_ar',
      'access_points.governorate',
      'access_points.operator',
      'access_points.lat',
      'access_points.lon',
      'access_points.log_index',
    ])
    .orderBy('access_points.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: { en: r.name_en, ar: r.name_ar },
    governorate: r.governorate,
    operator: r.operator,
    location: r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
    reports: Number(r.reports),
    served: {
      meals: String(r.meals),
      parcels: String(r.parcels),
      litres: String(r.litres),
      consultations: String(r.consultations),
    },
    /** distinct households reached, as far as keyed hashes tell them apart */
    households: String(r.households),
    logIndex: Number(r.log_index),
  }));
}

export async function listPointReports(db: Db, pointId: string) {
  if (!(await pointExists(db, pointId)))
    throw new AmanahError('NOT_FOUND', `distribution point ${pointId} is not registered`);
  const rows = await db
    .selectFrom('access_point_reports')
    .selectAll()
    .where('point_id', '=', pointId)
    .orderBy('date')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    served: {
      meals: String(r.meals),
      parcels: String(r.parcels),
      litres: String(r.litres),
      consultations: String(r.consultations),
    },
    households: Number(r.households),
    newHouseholds: Number(r.new_households),
    commitments: Number(r.commitments),
    received: r.received ? (JSON.parse(r.received) as unknown[]) : [],
    logIndex: Number(r.log_index),
  }));
}

/** How many consignments are recorded. */
export async function consignmentCount(db: Db): Promise<number> {
  const r = await db
    .selectFrom('access_consignments')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Clearance decisions per day (all categories together), for the access index. */
export async function categoryDays(
  db: Db,
  q: { from: string; to: string },
): Promise<Map<string, { cleared: bigint; denied: bigint }>> {
  const rows = await db
    .selectFrom('access_daily_category')
    .select((eb) => [
      'day',
      eb.fn.sum<bigint>('cleared').as('cleared'),
      eb.fn.sum<bigint>('denied').as('denied'),
    ])
    .where('day', '>=', q.from)
    .where('day', '<=', q.to)
    .groupBy('day')
    .execute();
  return new Map(rows.map((r) => [r.day, { cleared: BigInt(r.cleared), denied: BigInt(r.denied) }]));
}

/** A distribution report's point, day and log entry, for the private store's checks. */
export async function findPointReport(
  db: Db,
  reportId: string,
): Promise<{ pointId: string; date: string; logIndex: number } | undefined> {
  const r = await db
    .selectFrom('access_point_reports')
    .select(['point_id', 'date', 'log_index'])
    .where('id', '=', reportId)
    .executeTakeFirst();
  return r && { pointId: r.point_id, date: r.date, logIndex: Number(r.log_index) };
}
