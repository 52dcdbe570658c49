import type { CompiledQuery, OperationNode } from 'kysely';
import { inlineParameters, literal } from './pg-literals.js';

/** The SQL type of a column, where a key of that column can travel in an array of that type. */
export type KeyType = (table: string, column: string) => 'text' | 'bigint' | 'integer' | undefined;

/** One statement to send, and how its result answers the reads it stands for. */
export interface ReadUnit {
  text: string;
  /** the reads, in the order they were asked; `keyOf` gives each its rows' key when merged */
  reads: readonly CompiledQuery[];
  /** for a merged statement: each read's key (its rows are those whose key column holds it) */
  keys?: readonly string[];
}

/** Name of the column that carries each row's key in a merged statement. */
export const KEY_COLUMN = '__amanah_key';

/**
 * Plans a turn's reads: reads of one shape that differ only in the key they look up — the states of
 * a batch's commands read ahead: an organisation, a key, a proposal by id — become one statement
 * that runs the read once per key (`cross join lateral`), so the server parses and plans it once,
 * and each read gets the rows of its key, in the order the read itself gives them. Every other read
 * is sent as it is. A read qualifies when it is a select whose only filter is `column = value`, on a
 * text or integer column (whose values compare exactly), and the value is its only parameter that
 * differs from the others'.
 */
export function planReads(reads: readonly CompiledQuery[], keyType: KeyType): ReadUnit[] {
  const units: ReadUnit[] = [];
  const groups = new Map<string, { key: KeyLookup; reads: CompiledQuery[] }>();
  for (const q of reads) {
    const key = keyLookup(q, keyType);
    if (!key) {
      units.push({ text: inlineParameters(q.sql, q.parameters), reads: [q] });
      continue;
    }
    const shape = `${q.sql}\u0000${q.parameters.map((p, i) => (i === key.param ? '' : literal(p))).join('\u0000')}`;
    const g = groups.get(shape);
    if (g) g.reads.push(q);
    else groups.set(shape, { key, reads: [q] });
  }
  for (const { key, reads: same } of groups.values()) {
    if (same.length === 1) {
      units.push({ text: inlineParameters(same[0]!.sql, same[0]!.parameters), reads: same });
      continue;
    }
    const keys = same.map((q) => String(q.parameters[key.param]));
    const distinct = [...new Set(keys)];
    const first = same[0]!;
    const inner = inlineParameters(first.sql, first.parameters, { at: key.param, sql: '__amanah_k.v' });
    units.push({
      text:
        `select __amanah_k.v as "${KEY_COLUMN}", __amanah_q.* from unnest(array[${distinct.map(literal).join(', ')}]::${key.type}[]) as __amanah_k(v) ` +
        `cross join lateral (${inner}) as __amanah_q`,
      reads: same,
      keys,
    });
  }
  return units;
}

/** Splits a merged statement's rows by key, each without the key column, in the order given. */
export function rowsByKey(rows: readonly Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const { [KEY_COLUMN]: key, ...rest } = row;
    const k = String(key);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(rest);
  }
  return out;
}

interface KeyLookup {
  /** index of the key among the parameters */
  param: number;
  type: 'text' | 'bigint' | 'integer';
}

/** The key a read looks up, when it is a read that can be merged with others of its shape. */
function keyLookup(q: CompiledQuery, keyType: KeyType): KeyLookup | undefined {
  const n = q.query as OperationNode & {
    from?: { froms: readonly OperationNode[] };
    where?: { where: OperationNode };
    joins?: readonly unknown[];
    with?: unknown;
    setOperations?: readonly unknown[];
    selections?: ReadonlyArray<{ selection: OperationNode }>;
  };
  if (n.kind !== 'SelectQueryNode' || n.joins?.length || n.with || n.setOperations?.length) return undefined;
  const from = n.from?.froms;
  if (from?.length !== 1 || from[0]!.kind !== 'TableNode') return undefined;
  const table = (from[0] as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  const where = n.where?.where as
    | (OperationNode & {
        leftOperand: OperationNode;
        operator: { operator?: string };
        rightOperand: OperationNode;
      })
    | undefined;
  if (where?.kind !== 'BinaryOperationNode' || where.operator.operator !== '=') return undefined;
  if (where.rightOperand.kind !== 'ValueNode') return undefined;
  const left = where.leftOperand as OperationNode & {
    column?: OperationNode & { column?: { name: string } };
  };
  const column =
    left.kind === 'ReferenceNode' && left.column?.kind === 'ColumnNode'
      ? left.column.column?.name
      : undefined;
  if (column === undefined) return undefined;
  const type = keyType(table, column);
  if (!type) return undefined;
  // Selections that combine rows (count, sum …) would mix the keys' rows: only plain columns.
  if (!n.selections?.every((s) => isPlainSelection(s.selection))) return undefined;
  const value = (where.rightOperand as unknown as { value: unknown }).value;
  const param = q.parameters.indexOf(value);
  if (param < 0 || q.parameters.indexOf(value, param + 1) >= 0) return undefined;
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  // the key must appear exactly once in the text, as this filter's value
  const placeholder = new RegExp(`\\$${param + 1}(?![0-9])`, 'g');
  if ((q.sql.match(placeholder) ?? []).length !== 1) return undefined;
  if (!q.sql.includes(`where "${column}" = $${param + 1}`)) return undefined;
  return { param, type };
}

function isPlainSelection(n: OperationNode): boolean {
  if (n.kind === 'SelectAllNode') return true;
  if (n.kind === 'AliasNode') return isPlainSelection((n as unknown as { node: OperationNode }).node);
  if (n.kind !== 'ReferenceNode') return false;
  const c = (n as unknown as { column: OperationNode }).column;
  return c.kind === 'ColumnNode' || c.kind === 'SelectAllNode';
}
