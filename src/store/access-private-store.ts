import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type ColumnType } from 'kysely';
import pg from 'pg';
import { AmanahError } from '../domain/errors.js';
import { isPostgresUrl, type Dialect } from './database.js';

type Int = ColumnType<bigint, bigint | number, bigint | number>;

/**
 * The private store: personal data about beneficiaries, kept apart from the log and its projections.
 *
 * - On SQLite it is its own file (by default `<name>.private.db` beside the log's database), so the
 *   log's database can be copied to mirrors, verifiers and backups without carrying a name, and an
 *   erasure is physical: `secure_delete` overwrites the freed pages and the write-ahead log is
 *   truncated after each erasure.
 * - On PostgreSQL it is its own schema, `amanah_private`, reached through its own connection pool whose
 *   search path is that schema only; it can be given its own URL (another database or server), its own
 *   role and grants, and is left out of dumps with `--exclude-schema amanah_private`.
 *
 * None of its tables is a projection: replay never rebuilds them, the replay comparison and the public
 * exports never read them, and no public route serves them.
 */
export interface BeneficiaryRecordsTable {
  commitment: string;
  /** the organisation whose key recorded the distribution report */
  org_id: string;
  report_id: string;
  point_id: string;
  /** the report's day */
  date: string;
  household_key: string;
  /** the record as committed: canonical JSON */
  record: string;
  /** 32 random bytes, hex */
  salt: string;
  /** the log entry of the distribution report */
  log_index: Int;
  stored_at: string;
  stored_by: string;
}

/** That a record was erased, when, by whom and why: no personal data is kept. */
export interface BeneficiaryErasuresTable {
  commitment: string;
  org_id: string;
  report_id: string;
  household_key: string;
  erased_at: string;
  erased_by: string;
  reason: string;
}

/** Ids of the signed requests already served, so a captured request cannot be sent again. */
export interface PrivateRequestsTable {
  id: string;
  key_id: string;
  type: string;
  at: string;
}

export interface PrivateSchema {
  beneficiary_records: BeneficiaryRecordsTable;
  beneficiary_erasures: BeneficiaryErasuresTable;
  private_requests: PrivateRequestsTable;
}

export interface PrivateStore {
  readonly db: Kysely<PrivateSchema>;
  readonly dialect: Dialect;
  /** a file path, or a URL with the password removed and the schema named */
  readonly location: string;
  /** makes erased bytes unrecoverable where the engine allows it (SQLite: truncates the WAL) */
  afterErasure(): Promise<void>;
  close(): Promise<void>;
}

export const PRIVATE_SCHEMA = 'amanah_private';

/**
 * Where the private store of the database `target` lives by default: a sibling SQLite file
 * (`data/amanah.db` → `data/amanah.private.db`), or the `amanah_private` schema of the same PostgreSQL
 * database.
 */
export function defaultPrivateTarget(target: string): string {
  if (isPostgresUrl(target)) return target;
  if (target === ':memory:') return target;
  return /\.db$/.test(target) ? target.replace(/\.db$/, '.private.db') : `${target}.private.db`;
}

/** Opens (creating when needed) the private store at `target` and brings its tables up to date. */
export async function openPrivateStore(target: string): Promise<PrivateStore> {
  const store = isPostgresUrl(target) ? await openPostgres(target) : openSqlite(target);
  await migrate(store);
  return store;
}

function openSqlite(target: string): PrivateStore {
  const file = target === ':memory:' ? target : resolve(target);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(file);
  } catch (e) {
    throw new AmanahError(
      'DATABASE_UNAVAILABLE',
      `cannot open the private store ${file}: ${(e as Error).message}`,
    );
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  // freed pages are overwritten with zeros, so an erased record does not linger in the file
  sqlite.pragma('secure_delete = ON');
  sqlite.defaultSafeIntegers(true);
  const db = new Kysely<PrivateSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    afterErasure: async () => {
      // the erased rows' old pages may still sit in the write-ahead log until it is checkpointed
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string): Promise<PrivateStore> {
  // the schema first, on a plain connection; then a pool that sees that schema only
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    await c.query(`create schema if not exists ${PRIVATE_SCHEMA}`);
  } catch (e) {
    throw new AmanahError(
      'DATABASE_UNAVAILABLE',
      `cannot open the private store's schema ${PRIVATE_SCHEMA}: ${(e as Error).message}`,
    );
  } finally {
    await c.end().catch(() => undefined);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    options: `-c search_path=${PRIVATE_SCHEMA}`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20
          ? (v: string) => BigInt(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => undefined);
  const db = new Kysely<PrivateSchema>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    dialect: 'postgres',
    location: `${safe.toString()} (schema ${PRIVATE_SCHEMA})`,
    afterErasure: async () => undefined,
    close: () => db.destroy(),
  };
}

/** The private store's own forward-only steps, tracked in its own migration table. */
const STEPS: Record<string, (db: Kysely<unknown>) => Promise<void>> = {
  '0001-beneficiaries': async (db) => {
    await db.schema
      .createTable('beneficiary_records')
      .addColumn('commitment', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('report_id', 'text', (c) => c.notNull())
      .addColumn('point_id', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('household_key', 'text', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('salt', 'text', (c) => c.notNull())
      .addColumn('log_index', 'bigint', (c) => c.notNull())
      .addColumn('stored_at', 'text', (c) => c.notNull())
      .addColumn('stored_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('beneficiary_records_household_idx')
      .on('beneficiary_records')
      .columns(['household_key'])
      .execute();
    await db.schema
      .createIndex('beneficiary_records_report_idx')
      .on('beneficiary_records')
      .columns(['report_id'])
      .execute();
    await db.schema
      .createTable('beneficiary_erasures')
      .addColumn('commitment', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('report_id', 'text', (c) => c.notNull())
      .addColumn('household_key', 'text', (c) => c.notNull())
      .addColumn('erased_at', 'text', (c) => c.notNull())
      .addColumn('erased_by', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('private_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
  },
};

async function migrate(store: PrivateStore): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    migrationTableName: 'private_migration',
    migrationLockTableName: 'private_migration_lock',
    provider: {
      getMigrations: async () =>
        Object.fromEntries(Object.entries(STEPS).map(([name, up]) => [name, { up }])),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await store.close().catch(() => undefined);
    throw new AmanahError(
      'DATABASE_UNAVAILABLE',
      `the private store at ${store.location} could not be brought up to date: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}

/** Row counts of the private tables (for tests and the operator's overview; no content). */
export async function privateCounts(store: PrivateStore): Promise<{ records: number; erasures: number }> {
  const [r, e] = await Promise.all([
    sql<{ n: bigint }>`select count(*) as n from beneficiary_records`.execute(store.db),
    sql<{ n: bigint }>`select count(*) as n from beneficiary_erasures`.execute(store.db),
  ]);
  return { records: Number(r.rows[0]!.n), erasures: Number(e.rows[0]!.n) };
}
