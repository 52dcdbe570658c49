import type { ColumnType } from 'kysely';

type Int = ColumnType<bigint, bigint | number, bigint | number>;

/** One money figure of one scope, currency and month (YYYY-MM), maintained by the fund's `apply`. */
export interface FundFlowsTable {
  /** `fund`, `donor:<org>`, `governorate:<P-code>` or `sector:<sector>` */
  scope: string;
  currency: string;
  /** pledged, pledges (a count), cancelled, received, convertedIn, convertedOut, committed, disbursed, spent, refunded */
  figure: string;
  period: string;
  amount: Int;
}

export interface NeedsIndicatorsTable {
  id: string;
  series: string;
  governorate: string;
  date: string;
  /** exact decimal as signed */
  value: string;
  unit: string;
  source: string;
  confidence: string;
  log_index: Int;
}

export interface NeedsFormulasTable {
  version: Int;
  /** the formula as adopted (canonical JSON) */
  body: string;
  proposal_id: string;
  log_index: Int;
}

export interface NeedsFormulaProposalsTable {
  proposal_id: string;
  /** the formula the proposal carries (canonical JSON) */
  body: string;
  log_index: Int;
}

export interface NeedsAllocationChecksTable {
  allocation_id: string;
  formula_version: Int;
  /** the governorate-and-sector cell's needs share, parts per million */
  need_ppm: Int;
  /** the cell's share of the fund's allocatable money in the currency once this allocation is counted */
  share_ppm: Int;
  /** share − need: positive when the cell gets more than its needs share */
  deviation_ppm: Int;
  threshold_ppm: Int;
  justification: string | null;
  log_index: Int;
}

export interface MembershipsTable {
  org_id: string;
  /** candidate: registered after the first policy, not admitted yet; member; left */
  status: 'candidate' | 'member' | 'left';
  /** the member-change decision that made it so (null for a candidate) */
  proposal_id: string | null;
  log_index: Int;
}

export interface MemberChangeProposalsTable {
  proposal_id: string;
  action: 'join' | 'leave';
  org_id: string;
  log_index: Int;
}

/** The tables of the needs formula and the fund's maintained totals (migration 0007). */
export interface NeedsSchema {
  fund_flows: FundFlowsTable;
  needs_indicators: NeedsIndicatorsTable;
  needs_formulas: NeedsFormulasTable;
  needs_formula_proposals: NeedsFormulaProposalsTable;
  needs_allocation_checks: NeedsAllocationChecksTable;
  memberships: MembershipsTable;
  member_change_proposals: MemberChangeProposalsTable;
}
