import type { Kysely, Selectable } from 'kysely';
import { canonicalJson } from '../domain/canonical-json.js';
import type { SignedEvent } from '../domain/envelope.js';
import type { PayloadOf } from '../domain/event-type.js';
import type { iatiActivityRecorded, iatiTransactionsRecorded } from '../domain/iati/events.js';
import type { IatiActivityState } from '../domain/iati/decide.js';
import type { IatiActivitiesTable } from './iati-schema.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;

const json = (v: unknown): string => canonicalJson(v);

/** A new activity, or a new version of one: it replaces the current version and its transactions. */
export async function applyIatiActivityRecorded(
  db: Db,
  e: SignedEvent<PayloadOf<typeof iatiActivityRecorded>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const before = await db
    .selectFrom('iati_activities')
    .select('versions')
    .where('identifier', '=', p.identifier)
    .executeTakeFirst();
  const row = {
    event_id: e.id,
    versions: (before?.versions ?? 0n) + 1n,
    reporting_org_ref: p.reportingOrg.ref ?? null,
    reporting_org_name: p.reportingOrg.name ?? null,
    title: json(p.title),
    description: p.description ? json(p.description) : null,
    status: p.status,
    humanitarian: p.humanitarian ? 1n : 0n,
    in_palestine: p.recipientCountries.some((c) => c.code === 'PS') ? 1n : 0n,
    default_currency: p.defaultCurrency ?? null,
    last_updated: p.lastUpdated ?? null,
    dates: json(p.dates),
    participants: json(p.participants),
    recipient_countries: json(p.recipientCountries),
    sectors: json(p.sectors),
    locations: json(p.locations),
    budgets: json(p.budgets),
    transaction_count: BigInt(p.transactionCount),
    recorded_transactions: 0n,
    source_sha256: p.source.sha256,
    source_file: p.source.file,
    source_line: BigInt(p.source.line),
    log_index: BigInt(index),
  };
  if (before) {
    await db.deleteFrom('iati_transactions').where('identifier', '=', p.identifier).execute();
    await db.updateTable('iati_activities').set(row).where('identifier', '=', p.identifier).execute();
  } else {
    await db
      .insertInto('iati_activities')
      .values({ identifier: p.identifier, ...row })
      .execute();
  }
}

export async function applyIatiTransactionsRecorded(
  db: Db,
  e: SignedEvent<PayloadOf<typeof iatiTransactionsRecorded>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('iati_transactions')
    .values(
      p.transactions.map((t, i) => ({
        identifier: p.identifier,
        seq: BigInt(p.first + i),
        activity_event_id: p.activityEventId,
        type: t.type,
        date: t.date,
        value: t.value,
        currency: t.currency,
        ref: t.ref ?? null,
        description: t.description ?? null,
        provider_ref: t.provider?.ref ?? null,
        provider_name: t.provider?.name ?? null,
        receiver_ref: t.receiver?.ref ?? null,
        receiver_name: t.receiver?.name ?? null,
        source_line: BigInt(t.line),
        log_index: BigInt(index),
      })),
    )
    .execute();
  await db
    .updateTable('iati_activities')
    .set((eb) => ({ recorded_transactions: eb('recorded_transactions', '+', BigInt(p.transactions.length)) }))
    .where('identifier', '=', p.identifier)
    .execute();
}

export async function findIatiActivityState(
  db: Db,
  identifier: string,
): Promise<IatiActivityState | undefined> {
  const r = await db
    .selectFrom('iati_activities')
    .select(['event_id', 'transaction_count', 'recorded_transactions'])
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  return r
    ? {
        eventId: r.event_id,
        transactionCount: Number(r.transaction_count),
        recordedTransactions: Number(r.recorded_transactions),
      }
    : undefined;
}

export interface Narrative {
  lang: string;
  text: string;
}

export interface IatiActivitySummary {
  identifier: string;
  title: Narrative[];
  reportingOrg: { ref: string | null; name: string | null };
  status: string;
  humanitarian: boolean;
  inPalestine: boolean;
  recipientCountries: Array<{ code: string; percentage?: number }>;
  sectors: Array<{ vocabulary: string; code: string; percentage?: number }>;
  transactions: { reported: number; recorded: number };
  versions: number;
  source: { sha256: string; file: string; line: number };
  logIndex: number;
}

export interface IatiTransaction {
  seq: number;
  type: string;
  date: string;
  value: string;
  currency: string;
  ref: string | null;
  description: string | null;
  provider: { ref: string | null; name: string | null };
  receiver: { ref: string | null; name: string | null };
  sourceLine: number;
  logIndex: number;
}

export interface IatiActivityDetail extends IatiActivitySummary {
  description: Narrative[] | null;
  defaultCurrency: string | null;
  lastUpdated: string | null;
  dates: Array<{ type: string; date: string }>;
  participants: Array<{ role: string; ref?: string; type?: string; name?: string }>;
  locations: Array<{ name?: string; point?: { lat: number; lon: number } }>;
  budgets: Array<{ start: string; end: string; value: string; currency: string; valueDate: string }>;
  eventId: string;
  transactionList: IatiTransaction[];
}

type ActivityRow = Selectable<IatiActivitiesTable>;

function summary(r: ActivityRow): IatiActivitySummary {
  return {
    identifier: r.identifier,
    title: JSON.parse(r.title) as Narrative[],
    reportingOrg: { ref: r.reporting_org_ref, name: r.reporting_org_name },
    status: r.status,
    humanitarian: r.humanitarian === 1n,
    inPalestine: r.in_palestine === 1n,
    recipientCountries: JSON.parse(r.recipient_countries) as IatiActivitySummary['recipientCountries'],
    sectors: JSON.parse(r.sectors) as IatiActivitySummary['sectors'],
    transactions: { reported: Number(r.transaction_count), recorded: Number(r.recorded_transactions) },
    versions: Number(r.versions),
    source: { sha256: r.source_sha256, file: r.source_file, line: Number(r.source_line) },
    logIndex: Number(r.log_index),
  };
}

export interface IatiListFilter {
  reportingOrg?: string | undefined;
  /** only activities naming this recipient country (e.g. PS) */
  country?: string | undefined;
  offset: number;
  limit: number;
}

export async function listIatiActivities(
  db: Db,
  f: IatiListFilter,
): Promise<{ items: IatiActivitySummary[]; total: number }> {
  let q = db.selectFrom('iati_activities');
  if (f.reportingOrg !== undefined) q = q.where('reporting_org_ref', '=', f.reportingOrg);
  if (f.country === 'PS') q = q.where('in_palestine', '=', 1n);
  else if (f.country !== undefined) q = q.where('recipient_countries', 'like', `%"code":"${f.country}"%`);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('identifier').offset(f.offset).limit(f.limit).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => summary(r)), total: Number(count.n) };
}

export async function findIatiActivity(db: Db, identifier: string): Promise<IatiActivityDetail | undefined> {
  const r = await db
    .selectFrom('iati_activities')
    .selectAll()
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  if (!r) return undefined;
  const txs = await db
    .selectFrom('iati_transactions')
    .selectAll()
    .where('identifier', '=', identifier)
    .orderBy('seq')
    .execute();
  return {
    ...summary(r),
    description: r.description ? (JSON.parse(r.description) as Narrative[]) : null,
    defaultCurrency: r.default_currency,
    lastUpdated: r.last_updated,
    dates: JSON.parse(r.dates) as IatiActivityDetail['dates'],
    participants: JSON.parse(r.participants) as IatiActivityDetail['participants'],
    locations: JSON.parse(r.locations) as IatiActivityDetail['locations'],
    budgets: JSON.parse(r.budgets) as IatiActivityDetail['budgets'],
    eventId: r.event_id,
    transactionList: txs.map((t) => ({
      seq: Number(t.seq),
      type: t.type,
      date: t.date,
      value: t.value,
      currency: t.currency,
      ref: t.ref,
      description: t.description,
      provider: { ref: t.provider_ref, name: t.provider_name },
      receiver: { ref: t.receiver_ref, name: t.receiver_name },
      sourceLine: Number(t.source_line),
      logIndex: Number(t.log_index),
    })),
  };
}
