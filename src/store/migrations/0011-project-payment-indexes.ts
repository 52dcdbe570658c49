import type { Kysely } from 'kysely';

/**
 * Indexes for reading a project's money: the disbursements of an allocation to one partner (the
 * project detail's "paid without a released tranche" check, which otherwise scans every disbursement
 * of the fund) and the expenditures of a disbursement (the detail's expenditures of its tranches).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('fund_disbursements_allocation_partner_idx')
    .on('fund_disbursements')
    .columns(['allocation_id', 'partner', 'log_index'])
    .execute();
  await db.schema
    .createIndex('fund_expenditures_disbursement_idx')
    .on('fund_expenditures')
    .columns(['disbursement_id', 'log_index'])
    .execute();
}
