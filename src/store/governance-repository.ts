import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../domain/actor.js';
import type { SignedEvent } from '../domain/envelope.js';
import { AmanahError } from '../domain/errors.js';
import type { PayloadOf } from '../domain/event-type.js';
import type {
  keyRegistered,
  keyRevoked,
  logGenesis,
  orgRegistered,
  OrgKind,
} from '../domain/governance/events.js';
import type { ActorKeysTable, Schema } from './schema.js';

type Db = Kysely<Schema>;

/** A registered key as the command path needs it. */
export interface ActorKey {
  keyId: string;
  publicKey: string;
  org: string;
  holder: string;
  roles: Role[];
  status: 'active' | 'revoked';
  logIndex: number;
  revokedIndex: number | null;
  revokedReason: string | null;
}

export interface Org {
  id: string;
  kind: OrgKind;
  name: { en: string; ar: string };
  country: string | null;
  partnerType: string | null;
  logIndex: number;
}

// --- projection: apply ---------------------------------------------------------------------------

export async function applyGenesis(
  db: Db,
  e: SignedEvent<PayloadOf<typeof logGenesis>>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('log_info')
    .values({ id: 1, origin: p.origin, title_en: p.title.en, title_ar: p.title.ar, genesis_index: index })
    .execute();
  await insertOrg(db, p.org, index);
  await insertKey(db, p.key, index);
}

export async function applyOrgRegistered(
  db: Db,
  e: SignedEvent<PayloadOf<typeof orgRegistered>>,
  index: number,
): Promise<void> {
  await insertOrg(db, e.payload, index);
}

export async function applyKeyRegistered(
  db: Db,
  e: SignedEvent<PayloadOf<typeof keyRegistered>>,
  index: number,
): Promise<void> {
  await insertKey(db, e.payload, index);
}

export async function applyKeyRevoked(
  db: Db,
  e: SignedEvent<PayloadOf<typeof keyRevoked>>,
  index: number,
): Promise<void> {
  await db
    .updateTable('actor_keys')
    .set({ status: 'revoked', revoked_index: index, revoked_reason: e.payload.reason })
    .where('key_id', '=', e.payload.keyId)
    .execute();
}

async function insertOrg(db: Db, o: PayloadOf<typeof orgRegistered>, index: number): Promise<void> {
  await db
    .insertInto('orgs')
    .values({
      id: o.id,
      kind: o.kind,
      name_en: o.name.en,
      name_ar: o.name.ar,
      country: o.country ?? null,
      partner_type: o.partnerType ?? null,
      log_index: index,
    })
    .execute();
}

async function insertKey(db: Db, k: PayloadOf<typeof keyRegistered>, index: number): Promise<void> {
  await db
    .insertInto('actor_keys')
    .values({
      key_id: k.keyId,
      public_key: k.publicKey,
      org_id: k.org,
      holder: k.holder,
      roles: JSON.stringify(k.roles),
      status: 'active',
      log_index: index,
      revoked_index: null,
      revoked_reason: null,
    })
    .execute();
}

// --- reads ---------------------------------------------------------------------------------------

export async function findActorKey(db: Db, keyId: string): Promise<ActorKey | undefined> {
  const row = await db.selectFrom('actor_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
  return row && toKey(row);
}

/** The registered keys among `keyIds`, by key id. */
export async function findActorKeys(db: Db, keyIds: readonly string[]): Promise<Map<string, ActorKey>> {
  const out = new Map<string, ActorKey>();
  for (let i = 0; i < keyIds.length; i += 500) {
    const rows = await db
      .selectFrom('actor_keys')
      .selectAll()
      .where('key_id', 'in', keyIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.key_id, toKey(r));
  }
  return out;
}

export async function findOrg(db: Db, id: string): Promise<Org | undefined> {
  const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toOrg(row);
}

export async function getOrg(db: Db, id: string): Promise<Org> {
  const org = await findOrg(db, id);
  if (!org) throw new AmanahError('NOT_FOUND', `no organisation "${id}"`);
  return org;
}

export async function listOrgs(
  db: Db,
  { kind, offset, limit }: { kind?: string | undefined; offset: number; limit: number },
): Promise<{ items: Org[]; total: number }> {
  let q = db.selectFrom('orgs');
  if (kind !== undefined) q = q.where('kind', '=', kind);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('kind').orderBy('id').offset(offset).limit(limit).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toOrg), total: Number(count.n) };
}

export async function listKeys(
  db: Db,
  {
    org,
    status,
    offset,
    limit,
  }: { org?: string | undefined; status?: string | undefined; offset: number; limit: number },
): Promise<{ items: ActorKey[]; total: number }> {
  let q = db.selectFrom('actor_keys');
  if (org !== undefined) q = q.where('org_id', '=', org);
  if (status !== undefined) q = q.where('status', '=', status as 'active' | 'revoked');
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('log_index').offset(offset).limit(limit).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toKey), total: Number(count.n) };
}

/** Organisation counts by kind, and key counts by status. */
export async function governanceCounts(
  db: Db,
): Promise<{ orgsByKind: Record<string, number>; keysByStatus: Record<string, number> }> {
  const [orgs, keys] = await Promise.all([
    db
      .selectFrom('orgs')
      .select(['kind', (eb) => eb.fn.countAll<bigint>().as('n')])
      .groupBy('kind')
      .execute(),
    db
      .selectFrom('actor_keys')
      .select(['status', (eb) => eb.fn.countAll<bigint>().as('n')])
      .groupBy('status')
      .execute(),
  ]);
  return {
    orgsByKind: Object.fromEntries(orgs.map((r) => [r.kind, Number(r.n)])),
    keysByStatus: Object.fromEntries(keys.map((r) => [r.status, Number(r.n)])),
  };
}

function toKey(row: Selectable<ActorKeysTable>): ActorKey {
  return {
    keyId: row.key_id,
    publicKey: row.public_key,
    org: row.org_id,
    holder: row.holder,
    roles: JSON.parse(row.roles) as Role[],
    status: row.status,
    logIndex: Number(row.log_index),
    revokedIndex: row.revoked_index === null ? null : Number(row.revoked_index),
    revokedReason: row.revoked_reason,
  };
}

function toOrg(row: {
  id: string;
  kind: string;
  name_en: string;
  name_ar: string;
  country: string | null;
  partner_type: string | null;
  log_index: bigint;
}): Org {
  return {
    id: row.id,
    kind: row.kind as OrgKind,
    name: { en: row.name_en, ar: row.name_ar },
    country: row.country,
    partnerType: row.partner_type,
    logIndex: Number(row.log_index),
  };
}
