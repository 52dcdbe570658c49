import type { ColumnType } from 'kysely';
import { ACCESS_PROJECTION_TABLES, type AccessSchema } from './access-schema.js';
import { IATI_PROJECTION_TABLES, type IatiSchema } from './iati-schema.js';
import type { NeedsSchema } from './needs-schema.js';
import { PROJECT_PROJECTION_TABLES, type ProjectSchema } from './project-schema.js';

/**
 * Table types for Kysely. Every integer column is a 64-bit bigint on both databases (SQLite returns
 * them as JS bigint through safe integers, PostgreSQL through the int8 parser), so the two dialects
 * hand the code the same values.
 */
type Int = ColumnType<bigint, bigint | number, bigint | number>;

export interface LogEntriesTable {
  idx: Int;
  event_id: string;
  type: string;
  actor: string;
  time: string;
  /** canonical JSON of the signed event: the leaf's bytes, as UTF-8 */
  body: string;
  leaf_hash: Uint8Array;
}

export interface LogInfoTable {
  id: Int;
  origin: string;
  title_en: string;
  title_ar: string;
  genesis_index: Int;
}

export interface OrgsTable {
  id: string;
  kind: string;
  name_en: string;
  name_ar: string;
  country: string | null;
  partner_type: string | null;
  log_index: Int;
}

export interface ActorKeysTable {
  key_id: string;
  public_key: string;
  org_id: string;
  holder: string;
  /** JSON array of role names */
  roles: string;
  status: 'active' | 'revoked';
  log_index: Int;
  revoked_index: Int | null;
  revoked_reason: string | null;
}

export interface GovernoratesTable {
  code: string;
  name_en: string;
  name_ar: string;
  centre_lat: number | null;
  centre_lon: number | null;
  area_sq_km: number | null;
  log_index: Int;
}

export interface CrossingsTable {
  code: string;
  name_en: string;
  name_ar: string;
  kind: string;
  status: string;
  lat: number | null;
  lon: number | null;
  log_index: Int;
}

export interface LogTilesTable {
  level: Int;
  idx: Int;
  data: Uint8Array;
  /** a full tile's internal hashes (translog fullTileInternalHashes); null for partial tiles */
  internal: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
}

export interface LogCheckpointsTable {
  size: Int;
  root_hash: Uint8Array;
  /** the checkpoint body (origin, size, root) as signed */
  body: string;
  /** the log's signature line over it */
  signature: string;
  created_at: string;
}

export interface LogCosignaturesTable {
  size: Int;
  witness: string;
  line: string;
  received_at: string;
}

export interface LogSettingsTable {
  name: string;
  value: string;
}

export interface PoliciesTable {
  version: Int;
  /** the policy as adopted (JSON) */
  body: string;
  adopted_by_proposal: string | null;
  log_index: Int;
}

export interface ProposalsTable {
  id: string;
  decision_type: string;
  title_en: string;
  title_ar: string;
  amount_minor: string | null;
  currency: string | null;
  policy_body: string | null;
  justification: string | null;
  /** leaf hash (hex) of the proposal event: what approvals must cite */
  hash: string;
  proposer_key: string;
  proposer_org: string;
  /** the policy in force when it was submitted, whose rule it must meet */
  policy_version: Int;
  submitted_at: string;
  expires_at: string;
  status: 'open' | 'executed';
  executed_index: Int | null;
  log_index: Int;
}

export interface ProposalSignaturesTable {
  proposal_id: string;
  key_id: string;
  org_id: string;
  kind: 'approval' | 'objection';
  text: string | null;
  signed_at: string;
  log_index: Int;
}

export interface FundPledgesTable {
  id: string;
  donor: string;
  currency: string;
  amount: Int;
  received: Int;
  /** the unpaid remainder cancelled (0 unless cancelled) */
  cancelled: Int;
  status: 'open' | 'paid' | 'cancelled';
  date: string;
  conditions: string | null;
  cancel_reason: string | null;
  cancelled_index: Int | null;
  log_index: Int;
}

export interface FundReceiptsTable {
  id: string;
  pledge_id: string;
  donor: string;
  currency: string;
  amount: Int;
  date: string;
  reference: string;
  log_index: Int;
}

export interface FundConversionsTable {
  id: string;
  from_currency: string;
  from_amount: Int;
  to_currency: string;
  to_amount: Int;
  /** the exact decimal rate as signed */
  rate: string;
  date: string;
  source: string;
  log_index: Int;
}

export interface FundAllocationsTable {
  id: string;
  proposal_id: string;
  governorate: string;
  sector: string;
  currency: string;
  amount: Int;
  disbursed: Int;
  refunded: Int;
  date: string;
  log_index: Int;
}

export interface FundDisbursementsTable {
  id: string;
  allocation_id: string;
  partner: string;
  currency: string;
  amount: Int;
  spent: Int;
  refunded: Int;
  date: string;
  log_index: Int;
}

export interface FundExpendituresTable {
  id: string;
  disbursement_id: string;
  partner: string;
  currency: string;
  amount: Int;
  date: string;
  description: string;
  log_index: Int;
}

export interface FundRefundsTable {
  id: string;
  disbursement_id: string;
  allocation_id: string;
  currency: string;
  amount: Int;
  date: string;
  log_index: Int;
}

export interface FundJournalTable {
  log_index: Int;
  line: Int;
  event_type: string;
  date: string;
  account: string;
  currency: string;
  debit: Int;
  credit: Int;
}

export interface FundAccountsTable {
  account: string;
  currency: string;
  debit: Int;
  credit: Int;
}

export interface Schema extends AccessSchema, IatiSchema, NeedsSchema, ProjectSchema {
  log_entries: LogEntriesTable;
  log_info: LogInfoTable;
  orgs: OrgsTable;
  actor_keys: ActorKeysTable;
  governorates: GovernoratesTable;
  crossings: CrossingsTable;
  log_tiles: LogTilesTable;
  log_checkpoints: LogCheckpointsTable;
  log_cosignatures: LogCosignaturesTable;
  log_settings: LogSettingsTable;
  policies: PoliciesTable;
  proposals: ProposalsTable;
  proposal_signatures: ProposalSignaturesTable;
  fund_pledges: FundPledgesTable;
  fund_receipts: FundReceiptsTable;
  fund_conversions: FundConversionsTable;
  fund_allocations: FundAllocationsTable;
  fund_disbursements: FundDisbursementsTable;
  fund_expenditures: FundExpendituresTable;
  fund_refunds: FundRefundsTable;
  fund_journal: FundJournalTable;
  fund_accounts: FundAccountsTable;
}

/**
 * The projection tables: pure functions of the log. Replay rebuilds exactly these and compares them
 * row by row, ordered by their key. A new projection table must be listed here.
 */
export const PROJECTION_TABLES: ReadonlyArray<{ table: keyof Schema; key: readonly string[] }> = [
  { table: 'log_info', key: ['id'] },
  { table: 'orgs', key: ['id'] },
  { table: 'actor_keys', key: ['key_id'] },
  { table: 'governorates', key: ['code'] },
  { table: 'crossings', key: ['code'] },
  { table: 'policies', key: ['version'] },
  { table: 'proposals', key: ['id'] },
  { table: 'proposal_signatures', key: ['proposal_id', 'key_id'] },
  { table: 'fund_pledges', key: ['id'] },
  { table: 'fund_receipts', key: ['id'] },
  { table: 'fund_conversions', key: ['id'] },
  { table: 'fund_allocations', key: ['id'] },
  { table: 'fund_disbursements', key: ['id'] },
  { table: 'fund_expenditures', key: ['id'] },
  { table: 'fund_refunds', key: ['id'] },
  { table: 'fund_journal', key: ['log_index', 'line'] },
  { table: 'fund_accounts', key: ['account', 'currency'] },
  ...IATI_PROJECTION_TABLES,
  ...ACCESS_PROJECTION_TABLES,
  { table: 'fund_flows', key: ['scope', 'currency', 'figure', 'period'] },
  { table: 'needs_indicators', key: ['id'] },
  { table: 'needs_formulas', key: ['version'] },
  { table: 'needs_formula_proposals', key: ['proposal_id'] },
  { table: 'needs_allocation_checks', key: ['allocation_id'] },
  { table: 'memberships', key: ['org_id'] },
  { table: 'member_change_proposals', key: ['proposal_id'] },
  ...PROJECT_PROJECTION_TABLES,
];
