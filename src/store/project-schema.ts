import type { ColumnType } from 'kysely';

type Int = ColumnType<bigint, bigint | number, bigint | number>;

/** Every vetting outcome of a partner, in log order: the registry's history. */
export interface PartnerVettingTable {
  log_index: Int;
  partner: string;
  status: string;
  date: string;
  reason: string;
  vetted_by: string;
}

export interface ProjectsTable {
  id: string;
  proposal_id: string;
  partner: string;
  title_en: string;
  title_ar: string;
  sector: string;
  dac_code: string;
  governorate: string;
  /** canonical JSON of the location (point or polygon) */
  location: string;
  /** the point, or the first vertex of the polygon: for maps and nearest-site searches */
  lat: number;
  lon: number;
  currency: string;
  budget: Int;
  beneficiaries: Int;
  planned_start: string;
  planned_end: string;
  status: string;
  version: Int;
  allocation_id: string | null;
  approved_index: Int | null;
  proposed_at: string;
  log_index: Int;
}

export interface ProjectVersionsTable {
  project_id: string;
  version: Int;
  /** canonical JSON of the amendment's changes (version 1: the project as proposed) */
  changes: string;
  reason: string | null;
  amended_by: string;
  log_index: Int;
}

export interface ProjectMilestonesTable {
  project_id: string;
  milestone_id: string;
  seq: Int;
  title_en: string;
  title_ar: string;
  due: string;
  currency: string;
  tranche: Int;
  status: string;
  reported_date: string | null;
  report_statement: string | null;
  /** the latest verification */
  verification_id: string | null;
  released_index: Int | null;
}

export interface ProjectVerificationsTable {
  id: string;
  project_id: string;
  milestone_id: string;
  monitor_key: string;
  monitor_org: string;
  finding: string;
  lat: number;
  lon: number;
  observed_at: string;
  statement: string;
  /** canonical JSON array of {sha256, mediaType, bytes} */
  photos: string;
  log_index: Int;
}

export interface ProjectEvidenceTable {
  verification_id: string;
  sha256: string;
  media_type: string;
  bytes: Int;
}

export interface ProjectTranchesTable {
  project_id: string;
  milestone_id: string;
  verification_id: string;
  proposal_id: string;
  disbursement_id: string;
  currency: string;
  amount: Int;
  released_at: string;
  log_index: Int;
}

export interface ProjectTendersTable {
  id: string;
  project_id: string;
  buyer: string;
  title: string;
  description: string | null;
  method: string;
  category: string;
  currency: string;
  value: Int;
  period_start: string;
  period_end: string;
  status: string;
  published_at: string;
  log_index: Int;
}

export interface ProjectBidsTable {
  id: string;
  tender_id: string;
  supplier: string;
  currency: string;
  value: Int;
  submitted_at: string;
  log_index: Int;
}

export interface ProjectAwardsTable {
  id: string;
  tender_id: string;
  bid_id: string;
  project_id: string;
  supplier: string;
  currency: string;
  value: Int;
  date: string;
  contract_id: string | null;
  log_index: Int;
}

export interface ProjectContractsTable {
  id: string;
  award_id: string;
  tender_id: string;
  project_id: string;
  supplier: string;
  currency: string;
  /** as last amended */
  value: Int;
  original_value: Int;
  date: string;
  period_start: string;
  period_end: string;
  log_index: Int;
}

export interface ProjectContractAmendmentsTable {
  contract_id: string;
  amendment_id: string;
  previous_value: Int;
  value: Int;
  date: string;
  rationale: string;
  log_index: Int;
}

export interface ProjectAssetsTable {
  id: string;
  project_id: string;
  kind: string;
  work: string;
  count: Int;
  lat: number;
  lon: number;
  currency: string;
  value: Int;
  value_lost: Int;
  date: string;
  status: string;
  log_index: Int;
}

export interface ProjectDamageReportsTable {
  id: string;
  asset_id: string;
  project_id: string;
  date: string;
  extent: string;
  source: string;
  confidence: string;
  description: string | null;
  currency: string;
  value_lost: Int;
  reported_by: string;
  log_index: Int;
}

export interface ProjectMaterialsTable {
  stage: 'warehouse' | 'site';
  /** the warehouse receipt or the delivery */
  doc_id: string;
  line: Int;
  project_id: string;
  receipt_id: string;
  consignment_id: string | null;
  place: string | null;
  date: string;
  item: string;
  category: string;
  unit: string;
  quantity: Int;
  log_index: Int;
}

/**
 * Evidence files (milestone photos), content-addressed by SHA-256. Not a projection: the files are
 * kept off the log on purpose, and the log holds only their hashes, so anyone holding a file can check
 * it against the record.
 */
export interface EvidenceBlobsTable {
  sha256: string;
  media_type: string;
  bytes: Int;
  data: Uint8Array;
  stored_at: string;
}

export interface ProjectSchema {
  partner_vetting: PartnerVettingTable;
  projects: ProjectsTable;
  project_versions: ProjectVersionsTable;
  project_milestones: ProjectMilestonesTable;
  project_verifications: ProjectVerificationsTable;
  project_evidence: ProjectEvidenceTable;
  project_tranches: ProjectTranchesTable;
  project_tenders: ProjectTendersTable;
  project_bids: ProjectBidsTable;
  project_awards: ProjectAwardsTable;
  project_contracts: ProjectContractsTable;
  project_contract_amendments: ProjectContractAmendmentsTable;
  project_assets: ProjectAssetsTable;
  project_damage_reports: ProjectDamageReportsTable;
  project_materials: ProjectMaterialsTable;
  evidence_blobs: EvidenceBlobsTable;
}

/** The projection tables of the projects area, with their keys (replay compares them row by row). */
export const PROJECT_PROJECTION_TABLES = [
  { table: 'partner_vetting', key: ['log_index'] },
  { table: 'projects', key: ['id'] },
  { table: 'project_versions', key: ['project_id', 'version'] },
  { table: 'project_milestones', key: ['project_id', 'milestone_id'] },
  { table: 'project_verifications', key: ['id'] },
  { table: 'project_evidence', key: ['verification_id', 'sha256'] },
  { table: 'project_tranches', key: ['project_id', 'milestone_id'] },
  { table: 'project_tenders', key: ['id'] },
  { table: 'project_bids', key: ['id'] },
  { table: 'project_awards', key: ['id'] },
  { table: 'project_contracts', key: ['id'] },
  { table: 'project_contract_amendments', key: ['contract_id', 'amendment_id'] },
  { table: 'project_assets', key: ['id'] },
  { table: 'project_damage_reports', key: ['id'] },
  { table: 'project_materials', key: ['stage', 'doc_id', 'line'] },
] as const;
