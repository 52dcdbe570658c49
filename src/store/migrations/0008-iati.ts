import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** Activities and transactions other organisations published in IATI, as recorded from their files. */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('iati_activities')
    .addColumn('identifier', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('versions', 'bigint', (c) => c.notNull())
    .addColumn('reporting_org_ref', 'text')
    .addColumn('reporting_org_name', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('humanitarian', 'bigint', (c) => c.notNull())
    .addColumn('in_palestine', 'bigint', (c) => c.notNull())
    .addColumn('default_currency', 'text')
    .addColumn('last_updated', 'text')
    .addColumn('dates', 'text', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('recipient_countries', 'text', (c) => c.notNull())
    .addColumn('sectors', 'text', (c) => c.notNull())
    .addColumn('locations', 'text', (c) => c.notNull())
    .addColumn('budgets', 'text', (c) => c.notNull())
    .addColumn('transaction_count', 'bigint', (c) => c.notNull())
    .addColumn('recorded_transactions', 'bigint', (c) => c.notNull())
    .addColumn('source_sha256', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('source_line', 'bigint', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('iati_activities_reporting_idx')
    .on('iati_activities')
    .columns(['reporting_org_ref', 'identifier'])
    .execute();

  await db.schema
    .createTable('iati_transactions')
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('activity_event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('description', 'text')
    .addColumn('provider_ref', 'text')
    .addColumn('provider_name', 'text')
    .addColumn('receiver_ref', 'text')
    .addColumn('receiver_name', 'text')
    .addColumn('source_line', 'bigint', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iati_transactions_pk', ['identifier', 'seq'])
    .execute();
}
