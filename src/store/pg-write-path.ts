import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type InsertQueryNode,
  type QueryResult,
} from 'kysely';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { ColumnKinds } from './query-footprint.js';
import { ReadAhead } from './read-ahead.js';
import { inlineParameters } from './pg-literals.js';
import { planReads, rowsByKey, type KeyType } from './pg-read-merge.js';
import type { Schema } from './schema.js';

/**
 * The command path's transactions on PostgreSQL, with as few round trips as the work allows.
 *
 * Each command is decided against the state its predecessors left: read the state a rule needs,
 * write the projection, read again for the next command. Sent one statement at a time, most of a
 * batch's time was spent waiting for the server. Here, within a transaction:
 *
 * - a write whose result nobody reads (`insert`, `update`, `delete` without `returning`) is held
 *   back and answered at once;
 * - a statement that must answer (a read, a `returning`, raw SQL, `commit`) is sent after the held
 *   writes in one simple-protocol message, so the server runs them in order and every read sees
 *   every earlier write;
 * - statements issued together (by `Promise.all`: several commands' state read ahead at once) go in
 *   the same message, one round trip for all of them.
 *
 * A held write that fails makes the statement it travels with fail, inside the same transaction,
 * which then rolls back: nothing is written. Statements sent together carry their parameters written
 * as quoted literals — the form in which pg sends parameters anyway (text, their type left for the
 * server to infer), so the server treats both alike: strings escaped as string constants (quotes
 * doubled, the E'' form when they hold a backslash), bytes as hexadecimal bytea input.
 *
 * Only for transactions whose code never reads a write's row count: the command path and replay,
 * whose projection writes return nothing.
 */
export class PgWritePath {
  private columns: Promise<Columns> | undefined;

  constructor(private readonly pool: pg.Pool) {}

  async transaction<T>(fn: (tx: Kysely<Schema>, ahead: ReadAhead) => Promise<T>): Promise<T> {
    const { kinds, keyType } = await this.readColumns();
    const client = await this.pool.connect();
    const conn = new BatchingConnection(client, keyType);
    const tx = new Kysely<Schema>({ dialect: singleConnectionDialect(conn) });
    let broken = false;
    try {
      conn.begin();
      const ahead = new ReadAhead(kinds, {
        readOnly: (on) => (conn.readOnly = on),
        watch: (see) => (conn.watch = see),
      });
      const result = await fn(tx, ahead);
      await conn.commit();
      return result;
    } catch (e) {
      try {
        await conn.rollback();
      } catch {
        broken = true; // the connection is in an unknown state: the pool must not hand it out again
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }

  /** What the database's catalogue says of each column (read once). */
  private readColumns(): Promise<Columns> {
    this.columns ??= readColumns(this.pool).catch((e: unknown) => {
      this.columns = undefined;
      throw e;
    });
    return this.columns;
  }
}

/** What the catalogue says of the columns: how values compare, and which can key a merged read. */
interface Columns {
  kinds: ColumnKinds;
  keyType: KeyType;
}

async function readColumns(pool: pg.Pool): Promise<Columns> {
  const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
    `select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema()`,
  );
  const types = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
  const typeOf = (table: string, column: string) => types.get(`${table}.${column}`);
  return {
    kinds: (table, column) => {
      const t = typeOf(table, column);
      return t === 'text' || t === 'character varying'
        ? 'text'
        : t === 'bigint' || t === 'integer' || t === 'smallint'
          ? 'integer'
          : t === 'boolean'
            ? 'boolean'
            : 'other';
    },
    keyType: (table, column) => {
      const t = typeOf(table, column);
      return t === 'text' ? 'text' : t === 'bigint' ? 'bigint' : t === 'integer' ? 'integer' : undefined;
    },
  };
}

const WRITE_KINDS = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode']);
const VALUES = ') values (';
/** held writes beyond this much text are sent ahead (see push) */
const PUSH_AT_CHARS = 64 * 1024;
/** a write whose parameters come to this much text is sent with them bound (see sendBound) */
const BIND_AT_CHARS = 16 * 1024;
/** statement texts up to this length are prepared under a name, once per connection */
const NAME_UP_TO_CHARS = 8 * 1024;
/** how many statements one connection keeps prepared at most */
const NAMED_PER_CONNECTION = 64;

/** The statements each pooled connection has prepared, by name (see sendBound). */
const prepared = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * Raw SQL that writes rows and returns nothing: its main statement — after any CTEs, which may
 * write too (`with w as (insert …) insert …`) — is an insert, update or delete without `returning`.
 * Anything else, a select above all, is sent when asked.
 */
export function isRawWrite(text: string): boolean {
  // the main statement is what is left outside parentheses, once string constants are dropped
  let top = text.replace(/'(?:[^']|'')*'/g, "''");
  for (let before = ''; before !== top;) {
    before = top;
    top = top.replace(/\([^()]*\)/g, ' ');
  }
  const main = /\b(insert|update|delete|select|values)\b/i.exec(top)?.[1]?.toLowerCase();
  return (main === 'insert' || main === 'update' || main === 'delete') && !/\breturning\b/i.test(top);
}

/** `insert into t (columns) values (…), (…)` and nothing else: more rows may be appended to it. */
function isPlainInsert(n: InsertQueryNode): boolean {
  return (
    n.values?.kind === 'ValuesNode' &&
    !n.onConflict &&
    !n.returning &&
    !n.with &&
    !n.endModifiers?.length &&
    !n.orAction &&
    !n.ignore &&
    !n.defaultValues &&
    !n.top &&
    !n.output &&
    !n.explain
  );
}

interface Waiting {
  query: CompiledQuery;
  resolve(r: QueryResult<unknown>): void;
  reject(e: unknown): void;
}

type PgResult = { command?: string; rowCount?: number | null; rows?: unknown[] };

/** One transaction's connection: holds writes, sends what is waiting together (see PgWritePath). */
class BatchingConnection implements DatabaseConnection {
  private held: string[] = [];
  private waiting: Waiting[] = [];
  private scheduled = false;
  private sending: Promise<void> = Promise.resolve();
  /** true once anything of this transaction (its `begin` at least) has reached the server */
  private begun = false;
  /** while states are read ahead: only reads are accepted */
  readOnly = false;
  /** sees every statement, when set */
  watch: ((query: CompiledQuery) => void) | undefined;
  /** the text up to `values` of the last held statement, when it is a plain insert */
  private lastInsert: string | undefined;
  private heldChars = 0;
  /** writes sent ahead, not waited for; and the first of them to fail, which fails the transaction */
  private pushed: Promise<void> = Promise.resolve();
  private pushFailure: Error | undefined;
  /** settles when the last query asked on this connection has finished */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly keyType: KeyType,
  ) {}

  begin(): void {
    this.lastInsert = undefined;
    this.heldChars = 0;
    this.pushFailure = undefined;
    this.held = ['begin'];
    this.begun = false;
  }

  async commit(): Promise<void> {
    await this.sending;
    const r = await this.execute(['commit']);
    await this.pushed;
    if (this.pushFailure) throw this.pushFailure;
    if (r.command === 'ROLLBACK') throw new Error('the transaction was rolled back by the server');
  }

  async rollback(): Promise<void> {
    await this.sending.catch(() => undefined);
    await this.pushed;
    this.held = [];
    this.heldChars = 0;
    this.lastInsert = undefined;
    for (const w of this.waiting.splice(0)) w.reject(new Error('the transaction was rolled back'));
    if (this.begun) await this.query('rollback');
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const node = query.query;
    this.watch?.(query);
    if (this.readOnly && node.kind !== 'SelectQueryNode' && !/^\s*select\b/i.test(query.sql)) {
      return Promise.reject(new Error(`only reads may run while states are read ahead: ${query.sql}`));
    }
    if (
      WRITE_KINDS.has(node.kind)
        ? !(node as { returning?: unknown }).returning
        : node.kind === 'RawNode' && isRawWrite(query.sql)
    ) {
      if (parameterChars(query.parameters) >= BIND_AT_CHARS) this.sendBound(query);
      else this.hold(query);
      return Promise.resolve({ rows: [] });
    }
    return new Promise<QueryResult<R>>((resolve, reject) => {
      this.waiting.push({ query, resolve: resolve as Waiting['resolve'], reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // once every query issued in this turn (by concurrent reads) is waiting, send them together
        setImmediate(() => {
          this.scheduled = false;
          this.sending = this.sending.then(() => this.flush());
        });
      }
    });
  }

  /**
   * Holds a write. A plain insert into the same table and columns as the write held just before it
   * joins that statement as more rows: the server then plans one statement instead of many, with
   * the same rows inserted in the same order.
   */
  private hold(query: CompiledQuery): void {
    const text = inlineParameters(query.sql, query.parameters);
    this.heldChars += text.length;
    const node = query.query as InsertQueryNode;
    const at = node.kind === 'InsertQueryNode' && isPlainInsert(node) ? text.indexOf(VALUES) : -1;
    const rowsFrom = at + VALUES.length - 1; // the first row's "("
    const head = at < 0 ? undefined : text.slice(0, rowsFrom);
    if (head !== undefined && this.lastInsert === head && this.held.length > 0) {
      this.held[this.held.length - 1] += `, ${text.slice(rowsFrom)}`;
    } else {
      this.held.push(text);
      this.lastInsert = head;
    }
    if (this.heldChars >= PUSH_AT_CHARS) this.push();
  }

  /**
   * Sends a write whose parameters are large — an import's thousands of rows, a batch's log entries —
   * with its parameters bound rather than written into the text, after the writes held before it and
   * without waiting for its answer (as `push` does). Written out, its values would be escaped here and
   * read back by the server's SQL parser, character by character; bound, they travel as they are. A
   * statement short enough to recur as it is (the bulk inserts' text is the same for any number of
   * rows) is prepared once per connection under a name derived from its text, so the server parses and
   * plans it once.
   */
  private sendBound(query: CompiledQuery): void {
    if (this.held.length > 0) this.push();
    this.begun = true;
    let names = prepared.get(this.client);
    if (!names) prepared.set(this.client, (names = new Set()));
    const name = query.sql.length <= NAME_UP_TO_CHARS ? statementName(query.sql) : undefined;
    const named = name !== undefined && (names.has(name) || names.size < NAMED_PER_CONNECTION);
    if (named) names.add(name);
    const values = [...query.parameters];
    const sent = this.query(named ? { name, text: query.sql, values } : { text: query.sql, values }).then(
      () => undefined,
      (e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        err.message += ' (a write sent ahead with its parameters bound)';
        this.pushFailure ??= err;
      },
    );
    this.pushed = this.pushed.then(() => sent);
  }

  /** Runs a query after every query asked before it on this connection has finished. */
  private query(text: string | pg.QueryConfig, values?: unknown[]): Promise<PgResult | PgResult[]> {
    const run = this.tail.then(
      () =>
        (typeof text === 'string' ? this.client.query(text, values) : this.client.query(text)) as Promise<
          PgResult | PgResult[]
        >,
    );
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Sends the held writes now, without waiting for their answer, so that the server runs them while
   * this process decides the next commands. Queries on the connection run one after another, in the
   * order asked (see `query`): whatever is sent next on it runs after them.
   */
  private push(): void {
    const text = this.held.join(';\n');
    const count = this.held.length;
    this.held = [];
    this.heldChars = 0;
    this.lastInsert = undefined;
    this.begun = true;
    const sent = this.query(text).then(
      () => undefined,
      (e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        err.message += ` (one of ${count} held writes sent ahead)`;
        this.pushFailure ??= err;
      },
    );
    this.pushed = this.pushed.then(() => sent);
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not available inside a write-path transaction');
  }

  private async flush(): Promise<void> {
    const waiting = this.waiting.splice(0);
    if (waiting.length === 0) return;
    try {
      if (this.pushFailure) throw this.pushFailure;
      if (this.held.length === 0 && waiting.length === 1) {
        const q = waiting[0]!.query;
        let result: PgResult;
        try {
          result = (await this.query(q.sql, [...q.parameters])) as PgResult;
        } catch (e) {
          await this.pushed;
          throw this.pushFailure ?? e;
        }
        waiting[0]!.resolve(toQueryResult(result));
        return;
      }
      // Reads of one shape asked together (states read ahead) go as one statement (pg-read-merge.ts).
      const units = planReads(
        waiting.map((w) => w.query),
        this.keyType,
      );
      const results = await this.send(units.map((u) => u.text));
      const byQuery = new Map<CompiledQuery, Waiting[]>();
      for (const w of waiting) byQuery.set(w.query, [...(byQuery.get(w.query) ?? []), w]);
      const answer = (q: CompiledQuery, r: QueryResult<unknown>) => byQuery.get(q)!.shift()!.resolve(r);
      units.forEach((u, i) => {
        const result = results[i]!;
        if (!u.keys) return answer(u.reads[0]!, toQueryResult(result));
        const rows = rowsByKey((result.rows ?? []) as Record<string, unknown>[]);
        u.reads.forEach((q, j) => answer(q, { rows: [...(rows.get(u.keys![j]!) ?? [])] }));
      });
    } catch (e) {
      for (const w of waiting) w.reject(e);
    }
  }

  /** Sends the held writes and then `texts` in one message; returns the results of `texts`. */
  private async execute(texts: string[]): Promise<PgResult> {
    const results = await this.send(texts);
    return results[results.length - 1]!;
  }

  private async send(texts: string[]): Promise<PgResult[]> {
    if (this.pushFailure) throw this.pushFailure;
    const statements = [...this.held, ...texts];
    const heldCount = this.held.length;
    this.held = [];
    this.heldChars = 0;
    this.lastInsert = undefined;
    this.begun = true;
    let out: PgResult | PgResult[];
    try {
      out = await this.query(statements.join(';\n'));
    } catch (e) {
      await this.pushed;
      if (this.pushFailure) throw this.pushFailure; // what failed first, not "transaction is aborted"
      if (e instanceof Error && heldCount > 0)
        e.message += ` (one of ${statements.length} statements sent together, ${heldCount} of them held writes)`;
      throw e;
    }
    const all = Array.isArray(out) ? out : [out];
    return all.slice(all.length - texts.length);
  }
}

function toQueryResult(r: PgResult): QueryResult<never> {
  const c = r.command;
  return {
    rows: (r.rows ?? []) as never[],
    ...(c === 'INSERT' || c === 'UPDATE' || c === 'DELETE' || c === 'MERGE'
      ? { numAffectedRows: BigInt(r.rowCount ?? 0) }
      : {}),
  };
}

/** A Kysely dialect over one connection, already inside its transaction. */
function singleConnectionDialect(conn: BatchingConnection): Dialect {
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => conn,
    beginTransaction: () => Promise.reject(new Error('already inside the write-path transaction')),
    commitTransaction: () => Promise.reject(new Error('the write path commits its own transaction')),
    rollbackTransaction: () => Promise.reject(new Error('the write path rolls back its own transaction')),
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  return {
    createDriver: () => driver,
    createAdapter: () => new PostgresAdapter(),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
}

/** How much text a statement's parameters come to, roughly (strings and bytes; other values are small). */
function parameterChars(values: readonly unknown[]): number {
  let n = 0;
  for (const v of values) n += typeof v === 'string' ? v.length : v instanceof Uint8Array ? 2 * v.length : 8;
  return n;
}

/** A prepared statement's name: its text's digest, so that one name never stands for two texts. */
function statementName(text: string): string {
  return `amanah_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}
