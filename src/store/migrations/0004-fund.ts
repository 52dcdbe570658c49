import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * The reconstruction fund: pledges, receipts, conversions, allocations, disbursements, expenditures and
 * refunds, and the double-entry journal behind them. Amounts are integer minor units in bigint columns.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('fund_pledges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('donor', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('received', 'bigint', (c) => c.notNull())
    .addColumn('cancelled', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('cancelled_index', 'bigint')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fund_pledges_donor_idx').on('fund_pledges').columns(['donor']).execute();

  await db.schema
    .createTable('fund_receipts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pledge_id', 'text', (c) => c.notNull().references('fund_pledges.id'))
    .addColumn('donor', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('fund_receipts_pledge_idx')
    .on('fund_receipts')
    .columns(['pledge_id'])
    .execute();

  await db.schema
    .createTable('fund_conversions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_currency', 'text', (c) => c.notNull())
    .addColumn('from_amount', 'bigint', (c) => c.notNull())
    .addColumn('to_currency', 'text', (c) => c.notNull())
    .addColumn('to_amount', 'bigint', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fund_allocations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().unique())
    .addColumn('governorate', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('disbursed', 'bigint', (c) => c.notNull())
    .addColumn('refunded', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fund_disbursements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('allocation_id', 'text', (c) => c.notNull().references('fund_allocations.id'))
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('spent', 'bigint', (c) => c.notNull())
    .addColumn('refunded', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fund_expenditures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('disbursement_id', 'text', (c) => c.notNull().references('fund_disbursements.id'))
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fund_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('disbursement_id', 'text', (c) => c.notNull().references('fund_disbursements.id'))
    .addColumn('allocation_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  // The journal: one row per line; every event's lines balance per currency.
  await db.schema
    .createTable('fund_journal')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .addColumn('line', 'bigint', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('debit', 'bigint', (c) => c.notNull())
    .addColumn('credit', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fund_journal_pk', ['log_index', 'line'])
    .execute();

  await db.schema
    .createTable('fund_accounts')
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('debit', 'bigint', (c) => c.notNull())
    .addColumn('credit', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fund_accounts_pk', ['account', 'currency'])
    .execute();
}
