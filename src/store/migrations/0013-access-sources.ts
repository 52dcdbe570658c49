import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Where imported consignments come from, once per signed entry: an entry's batch comes from one file,
 * so its kind and SHA-256 are kept once (`access_sources`, by log index), and each consignment keeps
 * only its line in that file (`source_row`). Before, every row repeated the file's 64 hex digits in
 * its `provenance` text: a third of the consignments table of an import.
 */
export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('access_sources')
    .addColumn('log_index', 'bigint', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('access_consignments').addColumn('source_row', 'bigint').execute();
  // provenance was '<kind>:<file>:<row>' (the row empty when the consignment named none)
  const part = (n: 1 | 2 | 3) =>
    ctx.dialect === 'postgres'
      ? sql.raw(`split_part(provenance, ':', ${n})`)
      : n === 1
        ? sql.raw(`substr(provenance, 1, instr(provenance, ':') - 1)`)
        : n === 2
          ? sql.raw(`substr(provenance, instr(provenance, ':') + 1, 64)`)
          : sql.raw(`substr(provenance, instr(provenance, ':') + 66)`);
  await sql`insert into access_sources (log_index, kind, file)
    select distinct log_index, ${part(1)}, ${part(2)} from access_consignments where provenance is not null`.execute(
    db,
  );
  await sql`update access_consignments set source_row = cast(nullif(${part(3)}, '') as bigint)
    where provenance is not null`.execute(db);
  await db.schema.alterTable('access_consignments').dropColumn('provenance').execute();
}
