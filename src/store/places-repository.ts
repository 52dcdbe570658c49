import type { Kysely } from 'kysely';
import type { SignedEvent } from '../domain/envelope.js';
import type { PayloadOf } from '../domain/event-type.js';
import type { crossingRegistered, governorateRegistered } from '../domain/places/events.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;

export interface Governorate {
  code: string;
  name: { en: string; ar: string };
  centre: { lat: number; lon: number } | null;
  areaSqKm: number | null;
  logIndex: number;
}

export interface Crossing {
  code: string;
  name: { en: string; ar: string };
  kind: string;
  status: string;
  location: { lat: number; lon: number } | null;
  logIndex: number;
}

export async function applyGovernorateRegistered(
  db: Db,
  e: SignedEvent<PayloadOf<typeof governorateRegistered>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('governorates')
    .values({
      code: p.code,
      name_en: p.name.en,
      name_ar: p.name.ar,
      centre_lat: p.centre?.lat ?? null,
      centre_lon: p.centre?.lon ?? null,
      area_sq_km: p.areaSqKm ?? null,
      log_index: index,
    })
    .execute();
}

export async function applyCrossingRegistered(
  db: Db,
  e: SignedEvent<PayloadOf<typeof crossingRegistered>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('crossings')
    .values({
      code: p.code,
      name_en: p.name.en,
      name_ar: p.name.ar,
      kind: p.kind,
      status: p.status,
      lat: p.location?.lat ?? null,
      lon: p.location?.lon ?? null,
      log_index: index,
    })
    .execute();
}

export async function governorateExists(db: Db, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('governorates').select('code').where('code', '=', code).executeTakeFirst()) !==
    undefined
  );
}

export async function crossingExists(db: Db, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('crossings').select('code').where('code', '=', code).executeTakeFirst()) !==
    undefined
  );
}

export async function listGovernorates(db: Db): Promise<Governorate[]> {
  const rows = await db.selectFrom('governorates').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    name: { en: r.name_en, ar: r.name_ar },
    centre: r.centre_lat === null || r.centre_lon === null ? null : { lat: r.centre_lat, lon: r.centre_lon },
    areaSqKm: r.area_sq_km,
    logIndex: Number(r.log_index),
  }));
}

export async function listCrossings(db: Db): Promise<Crossing[]> {
  const rows = await db.selectFrom('crossings').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    name: { en: r.name_en, ar: r.name_ar },
    kind: r.kind,
    status: r.status,
    location: r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
    logIndex: Number(r.log_index),
  }));
}

export async function placeCounts(db: Db): Promise<{ governorates: number; crossings: number }> {
  const [g, c] = await Promise.all([
    db
      .selectFrom('governorates')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('crossings')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { governorates: Number(g.n), crossings: Number(c.n) };
}
