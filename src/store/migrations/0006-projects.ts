import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Reconstruction projects (issue 5): partner vetting, projects and their versions, milestones,
 * verifications and tranches, OCDS-shaped procurement, assets and damage, construction materials, and
 * the content-addressed evidence store (not a projection: files stay off the log, hashes are in it).
 */
export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('partner_vetting')
    .addColumn('log_index', 'bigint', (c) => c.primaryKey())
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('vetted_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('partner_vetting_partner_idx')
    .on('partner_vetting')
    .columns(['partner', 'log_index'])
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().unique())
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('dac_code', 'text', (c) => c.notNull())
    .addColumn('governorate', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('budget', 'bigint', (c) => c.notNull())
    .addColumn('beneficiaries', 'bigint', (c) => c.notNull())
    .addColumn('planned_start', 'text', (c) => c.notNull())
    .addColumn('planned_end', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('allocation_id', 'text')
    .addColumn('approved_index', 'bigint')
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  for (const cols of [
    ['sector', 'log_index'],
    ['governorate', 'log_index'],
    ['partner', 'log_index'],
    ['status', 'log_index'],
    ['log_index'],
  ]) {
    await db.schema
      .createIndex(`projects_${cols.join('_')}_idx`)
      .on('projects')
      .columns(cols)
      .execute();
  }

  await db.schema
    .createTable('project_versions')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('amended_by', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_versions_pk', ['project_id', 'version'])
    .execute();

  await db.schema
    .createTable('project_milestones')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('milestone_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('due', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('tranche', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reported_date', 'text')
    .addColumn('report_statement', 'text')
    .addColumn('verification_id', 'text')
    .addColumn('released_index', 'bigint')
    .addPrimaryKeyConstraint('project_milestones_pk', ['project_id', 'milestone_id'])
    .execute();

  await db.schema
    .createTable('project_verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('milestone_id', 'text', (c) => c.notNull())
    .addColumn('monitor_key', 'text', (c) => c.notNull())
    .addColumn('monitor_org', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_verifications_project_idx')
    .on('project_verifications')
    .columns(['project_id', 'log_index'])
    .execute();

  // the photos each verification cites, by hash: an upload is accepted only for a cited file
  await db.schema
    .createTable('project_evidence')
    .addColumn('verification_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_evidence_pk', ['verification_id', 'sha256'])
    .execute();
  await db.schema
    .createIndex('project_evidence_sha_idx')
    .on('project_evidence')
    .columns(['sha256'])
    .execute();

  await db.schema
    .createTable('project_tranches')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('milestone_id', 'text', (c) => c.notNull())
    .addColumn('verification_id', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull().unique())
    .addColumn('disbursement_id', 'text', (c) => c.notNull().unique())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('released_at', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_tranches_pk', ['project_id', 'milestone_id'])
    .execute();

  await db.schema
    .createTable('project_tenders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('buyer', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_tenders_project_idx')
    .on('project_tenders')
    .columns(['project_id'])
    .execute();
  await db.schema
    .createIndex('project_tenders_log_idx')
    .on('project_tenders')
    .columns(['log_index'])
    .execute();

  await db.schema
    .createTable('project_bids')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull())
    .addColumn('supplier', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_bids_tender_idx').on('project_bids').columns(['tender_id']).execute();

  await db.schema
    .createTable('project_awards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull())
    .addColumn('bid_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('supplier', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('contract_id', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_awards_tender_idx')
    .on('project_awards')
    .columns(['tender_id'])
    .execute();

  await db.schema
    .createTable('project_contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('award_id', 'text', (c) => c.notNull().unique())
    .addColumn('tender_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('supplier', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('original_value', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_contracts_project_idx')
    .on('project_contracts')
    .columns(['project_id'])
    .execute();

  await db.schema
    .createTable('project_contract_amendments')
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('amendment_id', 'text', (c) => c.notNull())
    .addColumn('previous_value', 'bigint', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_contract_amendments_pk', ['contract_id', 'amendment_id'])
    .execute();

  await db.schema
    .createTable('project_assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('work', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('value_lost', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_assets_project_idx')
    .on('project_assets')
    .columns(['project_id'])
    .execute();

  await db.schema
    .createTable('project_damage_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('extent', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('confidence', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('value_lost', 'bigint', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('project_damage_reports_project_idx')
    .on('project_damage_reports')
    .columns(['project_id'])
    .execute();

  await db.schema
    .createTable('project_materials')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('line', 'bigint', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('receipt_id', 'text', (c) => c.notNull())
    .addColumn('consignment_id', 'text')
    .addColumn('place', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_materials_pk', ['stage', 'doc_id', 'line'])
    .execute();
  await db.schema
    .createIndex('project_materials_project_idx')
    .on('project_materials')
    .columns(['project_id'])
    .execute();

  await db.schema
    .createTable('evidence_blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('data', ctx.binary, (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .execute();
}
