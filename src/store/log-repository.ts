import { CompiledQuery, SqliteAdapter, type Kysely } from 'kysely';
import { AmanahError } from '../domain/errors.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;

/** One entry of the log as stored: its index, the event's id and type, and the signed event's text. */
export interface LogEntry {
  index: number;
  eventId: string;
  type: string;
  actor: string;
  time: string;
  body: string;
  leafHash: Uint8Array;
}

/** Number of entries in the log (the next index). */
export async function logSize(db: Db): Promise<number> {
  const row = await db
    .selectFrom('log_entries')
    .select((eb) => eb.fn.max('idx').as('top'))
    .executeTakeFirst();
  return row?.top === null || row?.top === undefined ? 0 : Number(row.top) + 1;
}

/** The SQLite statement text for appending `n` entries, built once per `n` (see appendEntries). */
const appendTexts = new Map<number, string>();

export async function appendEntries(db: Db, entries: readonly LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    idx: BigInt(e.index),
    event_id: e.eventId,
    type: e.type,
    actor: e.actor,
    time: e.time,
    body: e.body,
    leaf_hash: e.leafHash,
  }));
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    // PostgreSQL's write path sends this with the batch's other writes (pg-write-path.ts)
    await db.insertInto('log_entries').values(rows).execute();
    return;
  }
  // Building a many-row insert costs more than SQLite takes to run it: the text is built once per
  // row count, and the prepared statement behind it is kept (database.ts), so only values change.
  let text = appendTexts.get(rows.length);
  if (text === undefined) {
    text = db.insertInto('log_entries').values(rows).compile().sql;
    appendTexts.set(rows.length, text);
  }
  const params: unknown[] = [];
  for (const r of rows) params.push(r.idx, r.event_id, r.type, r.actor, r.time, r.body, r.leaf_hash);
  await db.executeQuery(CompiledQuery.raw(text, params));
}

export async function findEntryByEventId(db: Db, eventId: string): Promise<LogEntry | undefined> {
  const row = await db
    .selectFrom('log_entries')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row && toEntry(row);
}

/** The entries, among `eventIds`, that the log already holds. */
export async function findEntriesByEventIds(db: Db, eventIds: readonly string[]): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for (let i = 0; i < eventIds.length; i += 500) {
    const rows = await db
      .selectFrom('log_entries')
      .selectAll()
      .where('event_id', 'in', eventIds.slice(i, i + 500))
      .execute();
    out.push(...rows.map(toEntry));
  }
  return out;
}

export async function getEntry(db: Db, index: number): Promise<LogEntry> {
  const row = await db
    .selectFrom('log_entries')
    .selectAll()
    .where('idx', '=', BigInt(index))
    .executeTakeFirst();
  if (!row) throw new AmanahError('NOT_FOUND', `the log has no entry ${index}`);
  return toEntry(row);
}

/** Entries in index order from `from`, at most `limit`, optionally of one type. */
export async function readEntries(
  db: Db,
  { from, limit, type }: { from: number; limit: number; type?: string | undefined },
): Promise<LogEntry[]> {
  let q = db.selectFrom('log_entries').selectAll().where('idx', '>=', BigInt(from));
  if (type !== undefined) q = q.where('type', '=', type);
  const rows = await q.orderBy('idx').limit(limit).execute();
  return rows.map(toEntry);
}

export interface LogInfo {
  origin: string;
  title: { en: string; ar: string };
  genesisIndex: number;
}

export async function findLogInfo(db: Db): Promise<LogInfo | undefined> {
  const row = await db.selectFrom('log_info').selectAll().where('id', '=', 1n).executeTakeFirst();
  return (
    row && {
      origin: row.origin,
      title: { en: row.title_en, ar: row.title_ar },
      genesisIndex: Number(row.genesis_index),
    }
  );
}

function toEntry(row: {
  idx: bigint;
  event_id: string;
  type: string;
  actor: string;
  time: string;
  body: string;
  leaf_hash: Uint8Array;
}): LogEntry {
  return {
    index: Number(row.idx),
    eventId: row.event_id,
    type: row.type,
    actor: row.actor,
    time: row.time,
    body: row.body,
    leafHash: new Uint8Array(row.leaf_hash),
  };
}
