import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.js';

/** A page of a table's rows, ordered by its key columns: for comparing two databases. */
export async function readTablePage(
  db: Kysely<Schema>,
  table: keyof Schema,
  key: readonly string[],
  offset: number,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const order = sql.join(key.map((k) => sql.id(k)));
  const r = await sql<
    Record<string, unknown>
  >`select * from ${sql.table(table)} order by ${order} limit ${limit} offset ${offset}`.execute(db);
  return r.rows;
}
