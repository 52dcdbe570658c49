import type {
  AndNode,
  BinaryOperationNode,
  ColumnUpdateNode,
  DeleteQueryNode,
  InsertQueryNode,
  OperationNode,
  SelectQueryNode,
  TableNode,
  UpdateQueryNode,
} from 'kysely';

/**
 * What a query reads or writes, table by table, as far as can be told from its Kysely operation
 * tree — used to tell whether a read made ahead of a batch of commands could have been changed by a
 * write that one of the batch's earlier commands made.
 *
 * Everything here errs one way only: a footprint may cover more rows than the query touches, never
 * fewer. A predicate is kept only as a conjunction of `column = value` / `column in (values)` terms;
 * a term it does not understand is dropped (which widens the footprint), and a query it does not
 * understand at all covers every row of every table (`ANY_TABLE`). Tables are taken to be plain
 * tables: a view, or a trigger that writes elsewhere, would hide what a write changes (the
 * architecture test keeps the migrations free of both, of functions and of cascading foreign keys).
 */

/** Rows whose `column` holds one of the values, for every column named (an empty map: every row). */
export type Predicate = ReadonlyMap<string, readonly unknown[]>;

export type ReadFootprint = { table: string; where: Predicate } | typeof ANY_TABLE;

export type WriteFootprint =
  /** new rows, each a map of the values it was given (a column it was not given takes its default) */
  | { table: string; kind: 'rows'; rows: ReadonlyArray<ReadonlyMap<string, unknown>> }
  /** existing rows matching `where` may change in the `set` columns ('all': in any column) */
  | { table: string; kind: 'change'; where: Predicate; set: ReadonlySet<string> | 'all' }
  /** existing rows matching `where` may disappear */
  | { table: string; kind: 'delete'; where: Predicate }
  | typeof ANY_TABLE;

/** The footprint of a query that cannot be analysed: it may read or write anything. */
export const ANY_TABLE = 'any-table' as const;

const EMPTY: Predicate = new Map();

/**
 * How values of a column compare: exactly only where the column's type makes that safe — text under
 * the database's default collation, which is deterministic (the schema sets no other).
 */
export type ColumnKind = 'text' | 'integer' | 'boolean' | 'other';
export type ColumnKinds = (table: string, column: string) => ColumnKind;

/** What a read-only query reads. `undefined` when the query may write (it is not a plain select). */
export function readFootprint(node: OperationNode): ReadFootprint[] | undefined {
  if (node.kind !== 'SelectQueryNode') return undefined;
  const q = node as SelectQueryNode;
  const tables = tablesIn(q);
  const main = singleTable(q.from?.froms);
  if (!main || q.joins?.length || q.with || q.setOperations?.length) {
    return tables.size === 0 ? [] : [...tables].map((table) => ({ table, where: EMPTY }));
  }
  const out: ReadFootprint[] = [{ table: main, where: q.where ? predicate(q.where.where) : EMPTY }];
  // any other table (in a subquery) is read whole, as far as this analysis knows
  for (const t of tables) if (t !== main) out.push({ table: t, where: EMPTY });
  return out;
}

/**
 * What a statement may write, from its tree, or for raw SQL from its text: the tables it inserts
 * into, updates or deletes from, whole (`ANY_TABLE` when the text does anything else, or names a
 * table it cannot tell). A select writes nothing.
 */
export function statementWrites(node: OperationNode, text: string): WriteFootprint[] {
  return node.kind === 'RawNode' ? rawWrites(text) : writeFootprint(node);
}

/** Statements that change more than rows, or run code: anything may change. */
const OTHER_EFFECTS =
  /\b(truncate|copy|alter|drop|create|call|execute|grant|revoke|vacuum|lock|refresh|notify|cluster|reindex|comment|security|prepare|merge|do|perform)\b/i;
const WRITE_VERB = /\b(insert|update|delete)\b/gi;
const IDENT = String.raw`("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)`;
const WRITE_TARGET = new RegExp(
  String.raw`\b(?:insert\s+into|update|delete\s+from)\s+(?:only\s+)?${IDENT}(?:\s*\.\s*${IDENT})?`,
  'gi',
);

function rawWrites(text: string): WriteFootprint[] {
  // string constants and quoted names cannot hide a statement; drop the constants' contents first
  const sqlText = text.replace(/'(?:[^']|'')*'/g, "''");
  const verbs = sqlText.match(WRITE_VERB)?.length ?? 0;
  if (verbs === 0) return /^\s*(select|with|values)\b/i.test(sqlText) ? [] : [ANY_TABLE];
  if (OTHER_EFFECTS.test(sqlText.replace(/\bon\s+conflict\b[^;]*?\bdo\s+(update|nothing)\b/gi, ''))) {
    return [ANY_TABLE];
  }
  const tables = new Set<string>();
  let found = 0;
  for (const m of sqlText.matchAll(WRITE_TARGET)) {
    found++;
    const name = m[2] ?? m[1]!;
    tables.add(name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase());
  }
  // every insert, update and delete must have named its table
  if (found < verbs) return [ANY_TABLE];
  return [...tables].map((table) => ({ table, kind: 'change', where: EMPTY, set: 'all' }) as const);
}

/** What a query may write; a select writes nothing. */
export function writeFootprint(node: OperationNode): WriteFootprint[] {
  switch (node.kind) {
    case 'SelectQueryNode':
      return [];
    case 'InsertQueryNode':
      return [insertFootprint(node as InsertQueryNode)];
    case 'UpdateQueryNode': {
      const q = node as UpdateQueryNode;
      const table = q.table && singleTable([q.table]);
      if (!table || q.from || q.joins?.length || q.with) return [ANY_TABLE];
      return [
        {
          table,
          kind: 'change',
          where: q.where ? predicate(q.where.where) : EMPTY,
          set: updatedColumns(q.updates ?? []),
        },
      ];
    }
    case 'DeleteQueryNode': {
      const q = node as DeleteQueryNode;
      const table = singleTable(q.from.froms);
      if (!table || q.using || q.joins?.length || q.with) return [ANY_TABLE];
      return [{ table, kind: 'delete', where: q.where ? predicate(q.where.where) : EMPTY }];
    }
    default:
      return [ANY_TABLE];
  }
}

function insertFootprint(q: InsertQueryNode): WriteFootprint {
  const table = q.into && singleTable([q.into]);
  if (!table || q.with || !q.columns || q.values?.kind !== 'ValuesNode') return ANY_TABLE;
  const columns = q.columns.map((c) => c.column.name);
  const rows: Array<Map<string, unknown>> = [];
  for (const item of (q.values as unknown as { values: readonly OperationNode[] }).values) {
    const row = new Map<string, unknown>();
    if (item.kind === 'PrimitiveValueListNode') {
      const values = (item as unknown as { values: readonly unknown[] }).values;
      columns.forEach((c, i) => row.set(c, values[i]));
    } else if (item.kind === 'ValueListNode') {
      const values = (item as unknown as { values: readonly OperationNode[] }).values;
      // a value that is an expression rather than a plain value is left out: it may be anything
      columns.forEach((c, i) => {
        const v = values[i];
        if (v?.kind === 'ValueNode') row.set(c, (v as unknown as { value: unknown }).value);
      });
    } else {
      return ANY_TABLE;
    }
    rows.push(row);
  }
  const conflict = q.onConflict;
  if (!conflict) return { table, kind: 'rows', rows };
  // An upsert may change the existing row that has the new row's values in the conflict columns.
  if (!conflict.columns?.length || conflict.indexExpression) return ANY_TABLE;
  const keys = conflict.columns.map((c) => c.column.name);
  const where = new Map<string, unknown[]>();
  for (const k of keys)
    where.set(
      k,
      rows.map((r) => r.get(k)),
    );
  if (rows.some((r) => keys.some((k) => !r.has(k)))) return ANY_TABLE;
  return {
    table,
    kind: 'change',
    where,
    set: conflict.doNothing ? new Set() : updatedColumns(conflict.updates ?? []),
  };
}

function updatedColumns(updates: readonly ColumnUpdateNode[]): ReadonlySet<string> | 'all' {
  const out = new Set<string>();
  for (const u of updates) {
    const name = columnName(u.column);
    if (name === undefined) return 'all';
    out.add(name);
  }
  return out;
}

/** The conjunction of understood `column = value` and `column in (…)` terms. */
function predicate(node: OperationNode): Predicate {
  const out = new Map<string, unknown[]>();
  const visit = (n: OperationNode): void => {
    if (n.kind === 'ParensNode') return visit((n as unknown as { node: OperationNode }).node);
    if (n.kind === 'AndNode') {
      visit((n as AndNode).left);
      visit((n as AndNode).right);
      return;
    }
    if (n.kind !== 'BinaryOperationNode') return;
    const b = n as BinaryOperationNode;
    const op = (b.operator as unknown as { operator?: string }).operator;
    const column = columnName(b.leftOperand);
    if (column === undefined) return;
    let values: unknown[] | undefined;
    if (op === '=' && b.rightOperand.kind === 'ValueNode') {
      values = [(b.rightOperand as unknown as { value: unknown }).value];
    } else if (op === 'in' && b.rightOperand.kind === 'PrimitiveValueListNode') {
      values = [...(b.rightOperand as unknown as { values: readonly unknown[] }).values];
    } else if (op === 'in' && b.rightOperand.kind === 'ValueListNode') {
      const items = (b.rightOperand as unknown as { values: readonly OperationNode[] }).values;
      if (items.every((i) => i.kind === 'ValueNode'))
        values = items.map((i) => (i as unknown as { value: unknown }).value);
    }
    if (!values) return;
    // two terms on one column: the rows must satisfy both, so either alone is a superset
    if (!out.has(column)) out.set(column, values);
  };
  visit(node);
  return out;
}

function columnName(n: OperationNode): string | undefined {
  if (n.kind === 'ColumnNode') return (n as unknown as { column: { name: string } }).column.name;
  if (n.kind === 'ReferenceNode') {
    const c = (n as unknown as { column: OperationNode }).column;
    return c.kind === 'ColumnNode' ? columnName(c) : undefined;
  }
  return undefined;
}

function singleTable(froms: readonly OperationNode[] | undefined): string | undefined {
  if (!froms || froms.length !== 1) return undefined;
  let n = froms[0]!;
  if (n.kind === 'AliasNode') n = (n as unknown as { node: OperationNode }).node;
  return n.kind === 'TableNode' ? tableName(n as TableNode) : undefined;
}

function tableName(t: TableNode): string {
  return t.table.identifier.name;
}

/** Every table named anywhere in the tree (subqueries included). */
function tablesIn(root: OperationNode): Set<string> {
  const out = new Set<string>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object') stack.push(x);
    } else if (v && typeof v === 'object' && 'kind' in v) {
      const node = v as OperationNode;
      if (node.kind === 'TableNode') {
        out.add(tableName(node as TableNode));
        continue;
      }
      // plain values (ValueNode, PrimitiveValueListNode) hold no tables
      if (node.kind === 'ValueNode' || node.kind === 'PrimitiveValueListNode') continue;
      for (const x of Object.values(node)) if (x && typeof x === 'object') stack.push(x);
    }
  }
  return out;
}

/** True when the write may change what the read saw. */
export function conflicts(read: ReadFootprint, write: WriteFootprint, kinds: ColumnKinds): boolean {
  if (read === ANY_TABLE || write === ANY_TABLE) return true;
  if (read.table !== write.table) return false;
  const table = read.table;
  if (write.kind === 'rows') return write.rows.some((row) => rowMaySatisfy(table, row, read.where, kinds));
  // Changed or deleted rows: safe only if some column tells the two sets of rows apart, and (for a
  // change) the change leaves that column alone, so that no row moves into the read's set either.
  if (write.kind === 'change' && write.set === 'all') return true;
  for (const [c, values] of read.where) {
    const theirs = write.where.get(c);
    if (!theirs) continue;
    if (write.kind === 'change' && (write.set as ReadonlySet<string>).has(c)) continue;
    const kind = kinds(table, c);
    if (theirs.every((t) => !maybeIn(kind, t, values))) return false;
  }
  return true;
}

/** True unless one of the predicate's columns rules the new row out. */
export function rowMaySatisfy(
  table: string,
  row: ReadonlyMap<string, unknown>,
  where: Predicate,
  kinds: ColumnKinds,
): boolean {
  for (const [c, values] of where) {
    if (row.has(c) && !maybeIn(kinds(table, c), row.get(c), values)) return false;
  }
  return true;
}

/**
 * A key under which equal values of a column of this kind always meet (`undefined` when the value
 * has none: it may equal values of other forms).
 */
export function valueKey(kind: ColumnKind, v: unknown): string | undefined {
  if (kind === 'text') return typeof v === 'string' ? v : undefined;
  if (kind === 'integer') return asInteger(v)?.toString();
  return undefined;
}

function maybeIn(kind: ColumnKind, v: unknown, values: readonly unknown[]): boolean {
  return values.some((x) => maybeEqual(kind, v, x));
}

/** False only when the two values are certainly different in a column of this kind. */
export function maybeEqual(kind: ColumnKind, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return true;
  switch (kind) {
    case 'text':
      return typeof a === 'string' && typeof b === 'string' ? a === b : true;
    case 'integer': {
      const x = asInteger(a);
      const y = asInteger(b);
      return x === undefined || y === undefined ? true : x === y;
    }
    case 'boolean':
      return typeof a === 'boolean' && typeof b === 'boolean' ? a === b : true;
    default:
      return true;
  }
}

function asInteger(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string' && /^-?\d{1,18}$/.test(v)) return BigInt(v);
  return undefined;
}
