import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
} from 'kysely';
import pg from 'pg';
import { AmanahError } from '../domain/errors.js';
import { migrationProvider, type Dialect } from './migrations/index.js';
import type { Schema } from './schema.js';
import { PgWritePath } from './pg-write-path.js';
import type { ReadAhead } from './read-ahead.js';

export type { Dialect };

/** An open database: the Kysely handle and which dialect is behind it. */
export interface Store {
  readonly db: Kysely<Schema>;
  readonly dialect: Dialect;
  /**
   * A transaction of the write path (commands, replay). On PostgreSQL writes whose result nobody
   * reads travel with the next statement that must answer, and reads issued together are sent
   * together; `ahead` reads many commands' states at once (see pg-write-path.ts). On SQLite, where
   * there are no round trips to save, it is a plain transaction and `ahead` is undefined.
   */
  writeTransaction<T>(fn: (tx: Kysely<Schema>, ahead: ReadAhead | undefined) => Promise<T>): Promise<T>;
  /** where it lives: a file path or a URL with the password removed */
  readonly location: string;
  close(): Promise<void>;
}

/** True when the target names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (v: string) => BigInt(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Opens (creating when needed) the database at `target` — a SQLite file path or a `postgres://` URL —
 * and runs every pending migration. Migrations go forward only.
 */
export async function openStore(target: string, options: { migrate?: boolean } = {}): Promise<Store> {
  const store = isPostgresUrl(target) ? openPostgres(target) : openSqlite(target).store;
  if (options.migrate !== false) await migrate(store);
  return store;
}

/**
 * A migrated SQLite database as {@link openStore} opens it, with its connection at hand — for code
 * that runs its own prepared statements beside Kysely's, in the same transactions (the verifier's
 * projection replay).
 */
export async function openSqliteStore(
  target: string,
): Promise<{ store: Store; connection: SqliteDatabase.Database }> {
  const opened = openSqlite(target);
  await migrate(opened.store);
  return opened;
}

function openSqlite(target: string): { store: Store; connection: SqliteDatabase.Database } {
  const file = target === ':memory:' ? target : resolve(target);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(file);
  } catch (e) {
    throw new AmanahError(
      'DATABASE_UNAVAILABLE',
      `cannot open SQLite database ${file}: ${(e as Error).message}`,
    );
  }
  sqlite.pragma('journal_mode = WAL');
  // FULL: a command is acknowledged only once its transaction is on disk ("nothing acknowledged is lost").
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.defaultSafeIntegers(true);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const store: Store = {
    db,
    dialect: 'sqlite',
    location: file,
    writeTransaction: (fn) => db.transaction().execute((tx) => fn(tx, undefined)),
    close: () => db.destroy(),
  };
  return { store, connection: sqlite };
}

/**
 * Kysely prepares every query anew; preparing costs more than running the small statements of the
 * command path, so prepared statements are kept per SQL text (Kysely's SQLite driver uses one
 * connection behind a mutex, so a statement is never used by two queries at once).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const MAX = 1_000;
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        if (cache.size >= MAX) cache.delete(cache.keys().next().value!);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 8, types: pgTypes });
  // An idle connection that the server drops (restart, failover) must not bring the process down:
  // the pool discards it and opens a new one on the next query.
  pool.on('error', () => undefined);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const writePath = new PgWritePath(pool);
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    dialect: 'postgres',
    location: safe.toString(),
    writeTransaction: (fn) => writePath.transaction(fn),
    close: () => db.destroy(),
  };
}

async function migrate(store: Store): Promise<void> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider(store.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const message = error instanceof Error ? error.message : String(error);
    const code = /ECONNREFUSED|does not exist|authentication/i.test(message)
      ? 'DATABASE_UNAVAILABLE'
      : 'INTERNAL';
    throw new AmanahError(code, `migration ${failed} failed on ${store.location}: ${message}`);
  }
}
