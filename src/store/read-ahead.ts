import type {
  CompiledQuery,
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import {
  ANY_TABLE,
  conflicts,
  readFootprint,
  rowMaySatisfy,
  statementWrites,
  valueKey,
  type ColumnKind,
  type ColumnKinds,
  type ReadFootprint,
  type WriteFootprint,
} from './query-footprint.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;

/** A state read ahead of its turn, and what it read. */
export interface AheadRead<T> {
  value: T;
  reads: readonly ReadFootprint[];
}

/**
 * Reading the state of many commands at once, ahead of deciding them in order (see PgWritePath): the
 * reads of a whole batch travel together, a round trip or two for all of them. Each read's footprint
 * is kept, and so is the footprint of every write the batch makes afterwards; a state read ahead is
 * used only while no earlier write of the batch may have changed what it read. Otherwise it is read
 * again, in turn, as it would have been without reading ahead.
 */
export class ReadAhead {
  constructor(
    private readonly kinds: ColumnKinds,
    private readonly connection: {
      /** while reads run ahead, a write is an error (reading a state must not change anything) */
      readOnly(on: boolean): void;
      /** calls `see` with every statement the transaction runs from now on */
      watch(see: (query: CompiledQuery) => void): void;
    },
  ) {}

  /**
   * Runs every load at once on `db`. A load that fails, writes, or runs a query whose footprint
   * cannot be told gives `undefined`: its state will be read in turn.
   */
  async run<T>(
    db: Db,
    loads: ReadonlyArray<(db: Db) => Promise<T>>,
  ): Promise<Array<AheadRead<T> | undefined>> {
    this.connection.readOnly(true);
    try {
      return await Promise.all(
        loads.map(async (load) => {
          const recorder = new ReadRecorder();
          try {
            const value = await load(db.withPlugin(recorder));
            return recorder.unknown ? undefined : { value, reads: recorder.reads };
          } catch {
            return undefined;
          }
        }),
      );
    } finally {
      this.connection.readOnly(false);
    }
  }

  /** From now on, the footprint of every write the transaction makes. */
  writes(): WrittenSoFar {
    const written = new WrittenSoFar(this.kinds);
    this.connection.watch((q) => {
      for (const f of statementWrites(q.query, q.sql)) written.add(f);
    });
    return written;
  }
}

/** The writes a batch has made so far, and whether they may have changed a read. */
export class WrittenSoFar {
  private anyTable = false;
  private readonly byTable = new Map<string, TableWrites>();

  constructor(private readonly kinds: ColumnKinds) {}

  add(f: WriteFootprint): void {
    if (f === ANY_TABLE) {
      this.anyTable = true;
      return;
    }
    let t = this.byTable.get(f.table);
    if (!t) this.byTable.set(f.table, (t = new TableWrites(f.table, this.kinds)));
    t.add(f);
  }

  /** True when a write made so far may have changed what `reads` saw. */
  affects(reads: readonly ReadFootprint[]): boolean {
    if (this.anyTable) return true;
    for (const r of reads) {
      if (r === ANY_TABLE) return true;
      if (this.byTable.get(r.table)?.affects(r)) return true;
    }
    return false;
  }
}

/**
 * One table's writes. New rows are looked up through an index per column (built when a read first
 * asks by that column), so that checking a batch stays linear in its size.
 */
class TableWrites {
  private readonly rows: Array<ReadonlyMap<string, unknown>> = [];
  private readonly changes: WriteFootprint[] = [];
  private readonly indexes = new Map<string, ColumnIndex>();

  constructor(
    private readonly table: string,
    private readonly kinds: ColumnKinds,
  ) {}

  add(f: Exclude<WriteFootprint, typeof ANY_TABLE>): void {
    if (f.kind !== 'rows') {
      this.changes.push(f);
      return;
    }
    for (const row of f.rows) {
      this.rows.push(row);
      for (const index of this.indexes.values()) index.add(row);
    }
  }

  affects(read: Exclude<ReadFootprint, typeof ANY_TABLE>): boolean {
    for (const w of this.changes) if (conflicts(read, w, this.kinds)) return true;
    if (this.rows.length === 0) return false;
    const may = (row: ReadonlyMap<string, unknown>) => rowMaySatisfy(this.table, row, read.where, this.kinds);
    for (const [column, values] of read.where) {
      const kind = this.kinds(this.table, column);
      const keys = values.map((v) => valueKey(kind, v));
      if (keys.some((k) => k === undefined)) continue;
      let index = this.indexes.get(column);
      if (!index) {
        index = new ColumnIndex(column, kind);
        for (const row of this.rows) index.add(row);
        this.indexes.set(column, index);
      }
      // only rows with one of these values in the column, or an unknown value there, may match
      if (index.unkeyed.some(may)) return true;
      return keys.some((k) => index.byKey.get(k!)?.some(may) ?? false);
    }
    return this.rows.some(may);
  }
}

class ColumnIndex {
  readonly byKey = new Map<string, Array<ReadonlyMap<string, unknown>>>();
  /** rows without a key in this column: not given (a default) or of a form that may equal others */
  readonly unkeyed: Array<ReadonlyMap<string, unknown>> = [];

  constructor(
    private readonly column: string,
    private readonly kind: ColumnKind,
  ) {}

  add(row: ReadonlyMap<string, unknown>): void {
    const key = row.has(this.column) ? valueKey(this.kind, row.get(this.column)) : undefined;
    if (key === undefined) {
      this.unkeyed.push(row);
      return;
    }
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    list.push(row);
  }
}

/** Keeps the footprint of every query a load runs; one it cannot tell (raw SQL) marks it unknown. */
class ReadRecorder implements KyselyPlugin {
  readonly reads: ReadFootprint[] = [];
  unknown = false;
  private readonly analysed = new WeakSet<QueryId>();

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const f = readFootprint(node);
    if (f) {
      this.reads.push(...f);
      this.analysed.add(queryId);
    } else {
      this.unknown = true;
    }
    return node;
  }

  transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (!this.analysed.has(queryId)) this.unknown = true;
    return Promise.resolve(result);
  }
}
