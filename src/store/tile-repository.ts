import type { Kysely } from 'kysely';
import type { Tile, TileId, TileReader } from '../translog/index.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;
const HASH_BYTES = 32;

/**
 * The tiled Merkle tree's storage: one row per (level, index), overwritten as the tile widens (each
 * wider version starts with the narrower one's hashes, so any partial tile is a prefix of the stored
 * row). Reads run inside the caller's transaction.
 */
export function tileReader(db: Db): TileReader {
  return {
    async readTile(level, index, width) {
      const row = await db
        .selectFrom('log_tiles')
        .select('data')
        .where('level', '=', BigInt(level))
        .where('idx', '=', BigInt(index))
        .executeTakeFirst();
      return prefix(row?.data, width);
    },
    async readTiles(ids: readonly TileId[]) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('log_tiles')
        .select(['level', 'idx', 'data'])
        .where((eb) =>
          eb.or(ids.map((t) => eb.and([eb('level', '=', BigInt(t.level)), eb('idx', '=', BigInt(t.index))]))),
        )
        .execute();
      const byKey = new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.data]));
      return ids.map((t) => prefix(byKey.get(`${t.level}/${t.index}`), t.width));
    },
  };
}

function prefix(data: Uint8Array | undefined, width: number): Uint8Array | undefined {
  if (!data || data.length < width * HASH_BYTES) return undefined;
  return new Uint8Array(data.buffer, data.byteOffset, width * HASH_BYTES);
}

/** Stores the tiles an append returned, replacing narrower versions of the same tiles. */
export async function writeTiles(db: Db, tiles: readonly Tile[]): Promise<void> {
  for (let i = 0; i < tiles.length; i += 200) {
    await db
      .insertInto('log_tiles')
      .values(
        tiles.slice(i, i + 200).map((t) => ({ level: BigInt(t.level), idx: BigInt(t.index), data: t.data })),
      )
      .onConflict((oc) =>
        oc.columns(['level', 'idx']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })),
      )
      .execute();
  }
}

/** The stored bytes of a tile at `width` hashes, or undefined when fewer are stored. */
export async function findTile(
  db: Db,
  level: number,
  index: number,
  width: number,
): Promise<Uint8Array | undefined> {
  return tileReader(db).readTile(level, index, width);
}
