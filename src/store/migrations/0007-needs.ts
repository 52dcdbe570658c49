import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/**
 * Needs-based allocation and the fund's maintained totals.
 *
 * - `fund_flows`: every money figure per scope (the fund, a governorate, a sector), currency and month,
 *   and the fund's and each donor's for all time (period ''), kept up to date by the same `apply` that
 *   writes the journal. The fund's position and
 *   its history read these few rows instead of summing the journal or the records.
 * - `needs_indicators`: indicator values per governorate (damage, population, displacement …) with
 *   their source, date and confidence.
 * - `needs_formulas`: the versions of the needs formula, each adopted by a decision;
 *   `needs_formula_proposals`: the formula each policy-change proposal puts to the members.
 * - `needs_allocation_checks`: for each allocation committed under a formula, its needs share, the
 *   share it took and the deviation, and the justification signed with the decision.
 *
 * - `memberships`, `member_change_proposals`: who counts in the approval rules, changed only by
 *   member-change decisions.
 *
 * A database that already holds fund records gets `fund_flows` filled from them here, so that
 * replaying the log gives the same rows.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('fund_flows')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('figure', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fund_flows_pk', ['scope', 'currency', 'figure', 'period'])
    .execute();

  await db.schema
    .createTable('needs_indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('governorate', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('confidence', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('needs_indicators_series_idx')
    .on('needs_indicators')
    .columns(['series', 'governorate', 'date'])
    .execute();

  await db.schema
    .createTable('needs_formulas')
    .addColumn('version', 'bigint', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull().unique())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('needs_formula_proposals')
    .addColumn('proposal_id', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  // Membership of the organisations whose approvals count (member states, the Palestinian body):
  // those registered after the first policy are candidates until a member-change decision admits them;
  // a member leaves by one. No row: a founding member.
  await db.schema
    .createTable('memberships')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('member_change_proposals')
    .addColumn('proposal_id', 'text', (c) => c.primaryKey())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('needs_allocation_checks')
    .addColumn('allocation_id', 'text', (c) => c.primaryKey())
    .addColumn('formula_version', 'bigint', (c) => c.notNull())
    .addColumn('need_ppm', 'bigint', (c) => c.notNull())
    .addColumn('share_ppm', 'bigint', (c) => c.notNull())
    .addColumn('deviation_ppm', 'bigint', (c) => c.notNull())
    .addColumn('threshold_ppm', 'bigint', (c) => c.notNull())
    .addColumn('justification', 'text')
    .addColumn('log_index', 'bigint', (c) => c.notNull())
    .execute();

  await fillFundFlows(db);
  // Organisations whose approvals count, registered after the first policy: candidates, as replaying
  // the log makes them (they join by a member-change decision from now on).
  await sql`insert into memberships (org_id, status, proposal_id, log_index)
    select o.id, 'candidate', null, o.log_index from orgs o
    where o.kind in ('member-state', 'palestinian-governance')
      and o.log_index > (select min(p.log_index) from policies p)`.execute(db);
}

/** Fills fund_flows from the records a database holds: the same rows the fund's `apply` writes. */
export async function fillFundFlows(db: Kysely<unknown>): Promise<void> {
  const m = (col: string) => sql.raw(`substr(${col}, 1, 7)`);
  const parts = [
    sql`select 'fund' as scope, currency, 'pledged' as figure, ${m('date')} as period, amount from fund_pledges`,
    sql`select 'donor:' || donor, currency, 'pledged', '', amount from fund_pledges`,
    sql`select 'donor:' || donor, currency, 'pledges', '', 1 from fund_pledges`,
    sql`select 'fund', p.currency, 'cancelled', ${m('l.time')}, p.cancelled from fund_pledges p join log_entries l on l.idx = p.cancelled_index where p.status = 'cancelled'`,
    sql`select 'donor:' || p.donor, p.currency, 'cancelled', '', p.cancelled from fund_pledges p where p.status = 'cancelled'`,
    sql`select 'fund', currency, 'received', ${m('date')}, amount from fund_receipts`,
    sql`select 'donor:' || donor, currency, 'received', '', amount from fund_receipts`,
    sql`select 'fund', from_currency, 'convertedOut', ${m('date')}, from_amount from fund_conversions`,
    sql`select 'fund', to_currency, 'convertedIn', ${m('date')}, to_amount from fund_conversions`,
  ];
  for (const scope of ["'fund'", "'governorate:' || a.governorate", "'sector:' || a.sector"]) {
    const s = sql.raw(scope);
    parts.push(
      sql`select ${s}, a.currency, 'committed', ${m('a.date')}, a.amount from fund_allocations a`,
      sql`select ${s}, d.currency, 'disbursed', ${m('d.date')}, d.amount from fund_disbursements d join fund_allocations a on a.id = d.allocation_id`,
      sql`select ${s}, x.currency, 'spent', ${m('x.date')}, x.amount from fund_expenditures x join fund_disbursements d on d.id = x.disbursement_id join fund_allocations a on a.id = d.allocation_id`,
      sql`select ${s}, r.currency, 'refunded', ${m('r.date')}, r.amount from fund_refunds r join fund_allocations a on a.id = r.allocation_id`,
    );
  }
  await sql`insert into fund_flows (scope, currency, figure, period, amount)
    select scope, currency, figure, period, sum(amount) from (${sql.join(parts, sql` union all `)}) f
    group by scope, currency, figure, period`.execute(db);
  await sql`insert into fund_flows (scope, currency, figure, period, amount)
    select scope, currency, figure, '', sum(amount) from fund_flows where scope = 'fund'
    group by scope, currency, figure`.execute(db);
}
