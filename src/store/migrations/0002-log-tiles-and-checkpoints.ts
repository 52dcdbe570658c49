import type { Kysely } from 'kysely';
import { appendLeaves } from '../../translog/index.js';
import { tileReader, writeTiles } from '../tile-repository.js';
import type { Schema } from '../schema.js';
import type { MigrationContext } from './index.js';

/**
 * The Merkle tree as C2SP tlog-tiles (hash tiles of height 8, one row per tile, overwritten as it
 * widens), the checkpoints the log signed, the witnesses' cosignatures, and small log settings.
 * Tiles for entries recorded before this migration are computed here from their leaf hashes.
 */
export async function up(db: Kysely<unknown>, { binary }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('log_tiles')
    .addColumn('level', 'bigint', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('data', binary, (c) => c.notNull())
    .addPrimaryKeyConstraint('log_tiles_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('log_checkpoints')
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('root_hash', binary, (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('log_cosignatures')
    .addColumn('size', 'bigint', (c) => c.notNull().references('log_checkpoints.size'))
    .addColumn('witness', 'text', (c) => c.notNull())
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('log_cosignatures_pk', ['size', 'witness'])
    .execute();

  await db.schema
    .createTable('log_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // Backfill: tiles for the entries already in the log, in index order, a page at a time.
  const typed = db as unknown as Kysely<Schema>;
  const PAGE = 4096;
  for (let size = 0; ;) {
    const rows = await typed
      .selectFrom('log_entries')
      .select(['idx', 'leaf_hash'])
      .where('idx', '>=', BigInt(size))
      .orderBy('idx')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    rows.forEach((r, i) => {
      if (Number(r.idx) !== size + i) throw new Error(`log_entries has a gap before index ${Number(r.idx)}`);
    });
    const result = await appendLeaves(
      tileReader(typed),
      size,
      rows.map((r) => new Uint8Array(r.leaf_hash)),
    );
    await writeTiles(typed, result.tiles, { internalHashes: false }); // the column comes with 0009
    size = result.size;
  }
}
