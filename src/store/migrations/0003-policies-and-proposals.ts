import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** Approval policies (versioned), proposals and the signatures on them. */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('version', 'bigint', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('adopted_by_proposal', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('decision_type', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('title_ar', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'text')
    .addColumn('currency', 'text')
    .addColumn('policy_body', 'text')
    .addColumn('justification', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('proposer_key', 'text', (c) => c.notNull())
    .addColumn('proposer_org', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'bigint', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('executed_index', 'bigint')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('proposals_status_idx')
    .on('proposals')
    .columns(['status', 'expires_at'])
    .execute();

  await db.schema
    .createTable('proposal_signatures')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id'))
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_signatures_pk', ['proposal_id', 'key_id'])
    .execute();
}
