import type { Insertable } from 'kysely';
import type { PrivateSchema, PrivateStore } from './access-private-store.js';

/**
 * SQL of the private store (beneficiary records). Nothing here touches the log's database: the caller
 * passes the private store, which is a separate SQLite file or PostgreSQL schema.
 */

type Db = PrivateStore['db'];

/**
 * Remembers a signed request's id; false when it was already used (a replayed request). Done in the
 * same transaction as what the request changes, so a refused request leaves no trace.
 */
export async function claimRequestId(
  db: Db,
  r: { id: string; keyId: string; type: string; at: string },
): Promise<boolean> {
  const res = await db
    .insertInto('private_requests')
    .values({ id: r.id, key_id: r.keyId, type: r.type, at: r.at })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function existingCommitments(
  db: Db,
  commitments: readonly string[],
): Promise<{ stored: Set<string>; erased: Set<string> }> {
  const stored = new Set<string>();
  const erased = new Set<string>();
  for (let i = 0; i < commitments.length; i += 400) {
    const part = commitments.slice(i, i + 400);
    for (const r of await db
      .selectFrom('beneficiary_records')
      .select('commitment')
      .where('commitment', 'in', part)
      .execute())
      stored.add(r.commitment);
    for (const r of await db
      .selectFrom('beneficiary_erasures')
      .select('commitment')
      .where('commitment', 'in', part)
      .execute())
      erased.add(r.commitment);
  }
  return { stored, erased };
}

export async function insertRecords(
  db: Db,
  rows: ReadonlyArray<Insertable<PrivateSchema['beneficiary_records']>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('beneficiary_records')
      .values(rows.slice(i, i + 100))
      .execute();
}

export interface StoredBeneficiary {
  commitment: string;
  orgId: string;
  reportId: string;
  pointId: string;
  date: string;
  householdKey: string;
  record: string;
  salt: string;
  logIndex: number;
  storedAt: string;
}

export async function findRecord(db: Db, commitment: string): Promise<StoredBeneficiary | undefined> {
  const r = await db
    .selectFrom('beneficiary_records')
    .selectAll()
    .where('commitment', '=', commitment)
    .executeTakeFirst();
  return (
    r && {
      commitment: r.commitment,
      orgId: r.org_id,
      reportId: r.report_id,
      pointId: r.point_id,
      date: r.date,
      householdKey: r.household_key,
      record: r.record,
      salt: r.salt,
      logIndex: Number(r.log_index),
      storedAt: r.stored_at,
    }
  );
}

export async function findErasure(
  db: Db,
  commitment: string,
): Promise<{ orgId: string; reportId: string; erasedAt: string; reason: string } | undefined> {
  const r = await db
    .selectFrom('beneficiary_erasures')
    .selectAll()
    .where('commitment', '=', commitment)
    .executeTakeFirst();
  return r && { orgId: r.org_id, reportId: r.report_id, erasedAt: r.erased_at, reason: r.reason };
}

/** Deletes the record and its salt, and notes the erasure (without personal data). */
export async function eraseRecord(
  db: Db,
  rec: StoredBeneficiary,
  by: { keyId: string; at: string; reason: string },
): Promise<void> {
  await db.deleteFrom('beneficiary_records').where('commitment', '=', rec.commitment).execute();
  await db
    .insertInto('beneficiary_erasures')
    .values({
      commitment: rec.commitment,
      org_id: rec.orgId,
      report_id: rec.reportId,
      household_key: rec.householdKey,
      erased_at: by.at,
      erased_by: by.keyId,
      reason: by.reason,
    })
    .execute();
}

/** Every agency's records of one household, by keyed hash: who served it where and when, not who it is. */
export async function recordsOfHousehold(
  db: Db,
  householdKey: string,
): Promise<
  Array<{
    orgId: string;
    reportId: string;
    pointId: string;
    date: string;
    commitment: string;
    logIndex: number;
  }>
> {
  const rows = await db
    .selectFrom('beneficiary_records')
    .select(['org_id', 'report_id', 'point_id', 'date', 'commitment', 'log_index'])
    .where('household_key', '=', householdKey)
    .orderBy('date')
    .orderBy('report_id')
    .execute();
  return rows.map((r) => ({
    orgId: r.org_id,
    reportId: r.report_id,
    pointId: r.point_id,
    date: r.date,
    commitment: r.commitment,
    logIndex: Number(r.log_index),
  }));
}

export async function erasuresOfHousehold(db: Db, householdKey: string): Promise<number> {
  const rows = await db
    .selectFrom('beneficiary_erasures')
    .select('commitment')
    .where('household_key', '=', householdKey)
    .execute();
  return rows.length;
}
