import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** The log, and the first projections: organisations, keys, governorates and crossings. */
export async function up(db: Kysely<unknown>, { binary }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('log_entries')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', binary, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('log_entries_type_idx').on('log_entries').columns(['type', 'idx']).execute();

  await db.schema
    .createTable('log_info')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('genesis_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('orgs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_ar', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('partner_type', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('orgs_kind_idx').on('orgs').columns(['kind', 'id']).execute();

  await db.schema
    .createTable('actor_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addColumn('revoked_index', 'bigint')
    .addColumn('revoked_reason', 'text')
    .execute();
  await db.schema.createIndex('actor_keys_org_idx').on('actor_keys').columns(['org_id']).execute();

  await db.schema
    .createTable('governorates')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_ar', 'text', (c) => c.notNull())
    .addColumn('centre_lat', 'double precision')
    .addColumn('centre_lon', 'double precision')
    .addColumn('area_sq_km', 'double precision')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('crossings')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_ar', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
}
