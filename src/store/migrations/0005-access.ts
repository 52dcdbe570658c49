import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Humanitarian access: consignments with their manifest lines and stages, deliveries, crossing
 * status history, the versioned dual-use list, appeals, distribution points and their reports, and
 * the per-day aggregates (by crossing, by category) that `apply` keeps current for the charts.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('access_consignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('crossing', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('donor', 'text')
    .addColumn('sender', 'text')
    .addColumn('trucks', 'bigint', (c) => c.notNull())
    .addColumn('weight_kg', 'bigint')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_at', 'text', (c) => c.notNull())
    .addColumn('stage_count', 'bigint', (c) => c.notNull())
    .addColumn('entered_at', 'text')
    .addColumn('provenance', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('access_consignments_crossing_idx')
    .on('access_consignments')
    .columns(['crossing', 'requested_at'])
    .execute();

  await db.schema
    .createTable('access_consignment_items')
    .addColumn('consignment_id', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('weight_kg', 'bigint')
    .addColumn('rejected', 'bigint', (c) => c.notNull())
    .addColumn('delivered', 'bigint', (c) => c.notNull())
    .addColumn('lost', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_consignment_items_pk', ['consignment_id', 'item'])
    .execute();

  await db.schema
    .createTable('access_stages')
    .addColumn('consignment_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('seconds', 'bigint', (c) => c.notNull())
    .addColumn('after', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_stages_pk', ['consignment_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('access_stages_day_idx')
    .on('access_stages')
    .columns(['day', 'after'])
    .execute();

  await db.schema
    .createTable('access_deliveries')
    .addColumn('consignment_id', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('destination_kind', 'text', (c) => c.notNull())
    .addColumn('destination_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_deliveries_pk', [
      'consignment_id',
      'item',
      'destination_kind',
      'destination_id',
    ])
    .execute();
  await db.schema
    .createIndex('access_deliveries_destination_idx')
    .on('access_deliveries')
    .columns(['destination_kind', 'destination_id'])
    .execute();

  await db.schema
    .createTable('access_daily')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('crossing', 'text', (c) => c.notNull())
    .addColumn('trucks', 'bigint', (c) => c.notNull())
    .addColumn('weight_kg', 'bigint', (c) => c.notNull())
    .addColumn('entered', 'bigint', (c) => c.notNull())
    .addColumn('denied', 'bigint', (c) => c.notNull())
    .addColumn('returned', 'bigint', (c) => c.notNull())
    .addColumn('intercepted', 'bigint', (c) => c.notNull())
    .addColumn('looted', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_daily_pk', ['day', 'crossing'])
    .execute();

  await db.schema
    .createTable('access_daily_category')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('requested', 'bigint', (c) => c.notNull())
    .addColumn('cleared', 'bigint', (c) => c.notNull())
    .addColumn('denied', 'bigint', (c) => c.notNull())
    .addColumn('entered', 'bigint', (c) => c.notNull())
    .addColumn('intercepted', 'bigint', (c) => c.notNull())
    .addColumn('looted', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_daily_category_pk', ['day', 'category'])
    .execute();

  await db.schema
    .createTable('access_crossing_status')
    .addColumn('crossing', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opens', 'text')
    .addColumn('closes', 'text')
    .addColumn('note', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_crossing_status_pk', ['crossing', 'effective_from'])
    .execute();

  await db.schema
    .createTable('access_dual_use_versions')
    .addColumn('version', 'bigint', (c) => c.primaryKey())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('items', 'bigint', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('access_dual_use_items')
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('access_dual_use_items_pk', ['version', 'item'])
    .execute();

  await db.schema
    .createTable('access_appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consignment_id', 'text', (c) => c.notNull())
    .addColumn('grounds', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('access_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_ar', 'text', (c) => c.notNull())
    .addColumn('governorate', 'text', (c) => c.notNull())
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('access_point_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('point_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('meals', 'bigint', (c) => c.notNull())
    .addColumn('parcels', 'bigint', (c) => c.notNull())
    .addColumn('litres', 'bigint', (c) => c.notNull())
    .addColumn('consultations', 'bigint', (c) => c.notNull())
    .addColumn('households', 'bigint', (c) => c.notNull())
    .addColumn('new_households', 'bigint', (c) => c.notNull())
    .addColumn('commitments', 'bigint', (c) => c.notNull())
    .addColumn('received', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('access_point_reports_point_idx')
    .on('access_point_reports')
    .columns(['point_id', 'date'])
    .execute();

  await db.schema
    .createTable('access_household_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('point_id', 'text', (c) => c.notNull())
    .execute();
}
