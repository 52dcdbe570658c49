import type { ColumnType } from 'kysely';

type Int = ColumnType<bigint, bigint | number, bigint | number>;

/** The current version of an activity another organisation published in IATI. JSON columns are canonical JSON. */
export interface IatiActivitiesTable {
  identifier: string;
  event_id: string;
  versions: Int;
  reporting_org_ref: string | null;
  reporting_org_name: string | null;
  /** JSON narratives [{lang, text}] */
  title: string;
  description: string | null;
  status: string;
  humanitarian: Int;
  /** 1 when the activity names the State of Palestine (PS) among its recipient countries */
  in_palestine: Int;
  default_currency: string | null;
  last_updated: string | null;
  dates: string;
  participants: string;
  recipient_countries: string;
  sectors: string;
  locations: string;
  budgets: string;
  transaction_count: Int;
  recorded_transactions: Int;
  source_sha256: string;
  source_file: string;
  source_line: Int;
  log_index: Int;
}

export interface IatiTransactionsTable {
  identifier: string;
  seq: Int;
  activity_event_id: string;
  type: string;
  date: string;
  value: string;
  currency: string;
  ref: string | null;
  description: string | null;
  provider_ref: string | null;
  provider_name: string | null;
  receiver_ref: string | null;
  receiver_name: string | null;
  source_line: Int;
  log_index: Int;
}

export interface IatiSchema {
  iati_activities: IatiActivitiesTable;
  iati_transactions: IatiTransactionsTable;
}

export const IATI_PROJECTION_TABLES = [
  { table: 'iati_activities', key: ['identifier'] },
  { table: 'iati_transactions', key: ['identifier', 'seq'] },
] as const;
