import type { ColumnType } from 'kysely';

type Int = ColumnType<bigint, bigint | number, bigint | number>;

/** Humanitarian access (migration 0005): consignments, their stages and the aggregates the charts read. */
export interface AccessConsignmentsTable {
  id: string;
  crossing: string;
  requested_at: string;
  donor: string | null;
  sender: string | null;
  trucks: Int;
  /** sum of the lines' weights; null when a line's weight is not known */
  weight_kg: Int | null;
  category: string;
  /** the last stage reached ('requested' until another is recorded) */
  stage: string;
  stage_at: string;
  /** how many stages are recorded */
  stage_count: Int;
  entered_at: string | null;
  /** for an imported row: its line in the file its entry names (access_sources) */
  source_row: Int | null;
  log_index: Int;
}

/** The file each signed entry of imported consignments came from (migration 0013). */
export interface AccessSourcesTable {
  log_index: Int;
  /** 'cogat', 'unrwa', 'csv' */
  kind: string;
  /** the file's SHA-256, hex */
  file: string;
}

export interface AccessConsignmentItemsTable {
  consignment_id: string;
  item: string;
  category: string;
  unit: string;
  quantity: Int;
  weight_kg: Int | null;
  rejected: Int;
  delivered: Int;
  lost: Int;
}

export interface AccessStagesTable {
  consignment_id: string;
  seq: Int;
  stage: string;
  at: string;
  day: string;
  /** seconds since the stage before it (or the request) */
  seconds: Int;
  /** the stage it follows ('requested' for the first) */
  after: string;
  reason: string | null;
  /** canonical JSON of rejected lines, items and destination, when given */
  detail: string | null;
  log_index: Int;
}

/** How many stages of a day waited how long after the stage they follow (migration 0012). */
export interface AccessStageDurationsTable {
  day: string;
  after: string;
  seconds: Int;
  n: Int;
}

export interface AccessDeliveriesTable {
  consignment_id: string;
  item: string;
  destination_kind: string;
  destination_id: string;
  quantity: Int;
}

/** Per day and crossing, kept current by `apply` so the charts never scan consignments. */
export interface AccessDailyTable {
  day: string;
  crossing: string;
  trucks: Int;
  weight_kg: Int;
  entered: Int;
  denied: Int;
  returned: Int;
  intercepted: Int;
  looted: Int;
}

/** Per day and category: what was requested, decided, entered and lost. */
export interface AccessDailyCategoryTable {
  day: string;
  category: string;
  requested: Int;
  cleared: Int;
  denied: Int;
  entered: Int;
  intercepted: Int;
  looted: Int;
}

export interface AccessCrossingStatusTable {
  crossing: string;
  effective_from: string;
  status: string;
  opens: string | null;
  closes: string | null;
  note: string | null;
  log_index: Int;
}

export interface AccessDualUseVersionsTable {
  version: Int;
  effective_from: string;
  source: string;
  items: Int;
  log_index: Int;
}

export interface AccessDualUseItemsTable {
  version: Int;
  item: string;
  category: string;
  note: string | null;
}

export interface AccessAppealsTable {
  id: string;
  consignment_id: string;
  grounds: string;
  filed_at: string;
  deadline: string;
  status: string;
  outcome: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  log_index: Int;
}

export interface AccessPointsTable {
  id: string;
  kind: string;
  name_en: string;
  name_ar: string;
  governorate: string;
  operator: string;
  lat: number | null;
  lon: number | null;
  log_index: Int;
}

export interface AccessPointReportsTable {
  id: string;
  point_id: string;
  date: string;
  meals: Int;
  parcels: Int;
  litres: Int;
  consultations: Int;
  households: Int;
  /** households whose keyed hash no earlier report carried */
  new_households: Int;
  commitments: Int;
  /** canonical JSON of the received lines, or null */
  received: string | null;
  log_index: Int;
}

export interface AccessHouseholdKeysTable {
  key: string;
  report_id: string;
  point_id: string;
}

export interface AccessSchema {
  access_consignments: AccessConsignmentsTable;
  access_consignment_items: AccessConsignmentItemsTable;
  access_stages: AccessStagesTable;
  access_stage_durations: AccessStageDurationsTable;
  access_sources: AccessSourcesTable;
  access_deliveries: AccessDeliveriesTable;
  access_daily: AccessDailyTable;
  access_daily_category: AccessDailyCategoryTable;
  access_crossing_status: AccessCrossingStatusTable;
  access_dual_use_versions: AccessDualUseVersionsTable;
  access_dual_use_items: AccessDualUseItemsTable;
  access_appeals: AccessAppealsTable;
  access_points: AccessPointsTable;
  access_point_reports: AccessPointReportsTable;
  access_household_keys: AccessHouseholdKeysTable;
}

export const ACCESS_PROJECTION_TABLES = [
  { table: 'access_consignments', key: ['id'] },
  { table: 'access_consignment_items', key: ['consignment_id', 'item'] },
  { table: 'access_stages', key: ['consignment_id', 'seq'] },
  { table: 'access_stage_durations', key: ['day', 'after', 'seconds'] },
  { table: 'access_sources', key: ['log_index'] },
  { table: 'access_deliveries', key: ['consignment_id', 'item', 'destination_kind', 'destination_id'] },
  { table: 'access_daily', key: ['day', 'crossing'] },
  { table: 'access_daily_category', key: ['day', 'category'] },
  { table: 'access_crossing_status', key: ['crossing', 'effective_from'] },
  { table: 'access_dual_use_versions', key: ['version'] },
  { table: 'access_dual_use_items', key: ['version', 'item'] },
  { table: 'access_appeals', key: ['id'] },
  { table: 'access_points', key: ['id'] },
  { table: 'access_point_reports', key: ['id'] },
  { table: 'access_household_keys', key: ['key'] },
] as const;
