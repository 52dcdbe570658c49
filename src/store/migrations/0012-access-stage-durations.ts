import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * How long consignments spent at each stage, as counts per day, stage and duration: the stage-time
 * figures (p50, p90 over any range of days) read these instead of every stage row of the range, and
 * so cost what the range costs, not what the number of consignments does — exactly, since every
 * duration keeps its own count. The stages' index by day, which only those figures read, goes.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('access_stage_durations')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('after', 'text', (c) => c.notNull())
    .addColumn('seconds', 'bigint', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_stage_durations_pk', ['day', 'after', 'seconds'])
    .execute();
  await sql`insert into access_stage_durations (day, after, seconds, n)
    select day, after, seconds, count(*) from access_stages group by day, after, seconds`.execute(db);
  await db.schema.dropIndex('access_stages_day_idx').execute();
}
