import type { Kysely } from 'kysely';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;

/** A checkpoint the log signed, with the witnesses' cosignature lines received so far. */
export interface StoredCheckpoint {
  size: number;
  rootHash: Uint8Array;
  body: string;
  signature: string;
  createdAt: string;
  cosignatures: Array<{ witness: string; line: string; receivedAt: string }>;
}

/**
 * Stores a signed checkpoint. Two servers on one database may sign the same size at the same moment:
 * the tree of a size is the same for both, and so is the deterministic Ed25519 signature, so the
 * second insert keeps the first row. Returns the root stored for that size, for the caller to compare.
 */
export async function insertCheckpoint(
  db: Db,
  c: { size: number; rootHash: Uint8Array; body: string; signature: string; createdAt: string },
): Promise<Uint8Array> {
  await db
    .insertInto('log_checkpoints')
    .values({
      size: c.size,
      root_hash: c.rootHash,
      body: c.body,
      signature: c.signature,
      created_at: c.createdAt,
    })
    .onConflict((oc) => oc.column('size').doNothing())
    .execute();
  const stored = await db
    .selectFrom('log_checkpoints')
    .select('root_hash')
    .where('size', '=', BigInt(c.size))
    .executeTakeFirstOrThrow();
  return stored.root_hash;
}

export async function addCosignatures(
  db: Db,
  size: number,
  lines: ReadonlyArray<{ witness: string; line: string }>,
  receivedAt: string,
): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto('log_cosignatures')
    .values(lines.map((l) => ({ size, witness: l.witness, line: l.line, received_at: receivedAt })))
    .onConflict((oc) => oc.columns(['size', 'witness']).doNothing())
    .execute();
}

export async function findLatestCheckpoint(db: Db): Promise<StoredCheckpoint | undefined> {
  const row = await db
    .selectFrom('log_checkpoints')
    .selectAll()
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && withCosignatures(db, row);
}

/** The newest checkpoint carrying at least `quorum` cosignatures, if any. */
export async function findLatestCosignedCheckpoint(
  db: Db,
  quorum: number,
): Promise<StoredCheckpoint | undefined> {
  const row = await db
    .selectFrom('log_checkpoints as c')
    .selectAll('c')
    .where(
      (eb) =>
        eb
          .selectFrom('log_cosignatures as s')
          .select((e) => e.fn.countAll<bigint>().as('n'))
          .whereRef('s.size', '=', 'c.size'),
      '>=',
      BigInt(quorum),
    )
    .orderBy('c.size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && withCosignatures(db, row);
}

export async function listCheckpoints(
  db: Db,
  { offset, limit }: { offset: number; limit: number },
): Promise<{ items: StoredCheckpoint[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('log_checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    db
      .selectFrom('log_checkpoints')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: await Promise.all(rows.map((r) => withCosignatures(db, r))), total: Number(count.n) };
}

async function withCosignatures(
  db: Db,
  row: { size: bigint; root_hash: Uint8Array; body: string; signature: string; created_at: string },
): Promise<StoredCheckpoint> {
  const cos = await db
    .selectFrom('log_cosignatures')
    .selectAll()
    .where('size', '=', row.size)
    .orderBy('witness')
    .execute();
  return {
    size: Number(row.size),
    rootHash: new Uint8Array(row.root_hash),
    body: row.body,
    signature: row.signature,
    createdAt: row.created_at,
    cosignatures: cos.map((c) => ({ witness: c.witness, line: c.line, receivedAt: c.received_at })),
  };
}

export async function findSetting(db: Db, name: string): Promise<string | undefined> {
  return (await db.selectFrom('log_settings').select('value').where('name', '=', name).executeTakeFirst())
    ?.value;
}

export async function putSetting(db: Db, name: string, value: string): Promise<void> {
  await db
    .insertInto('log_settings')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}
