import type { Kysely } from 'kysely';
import {
  adoptFullTileInternalHashes,
  fullTileInternalHashes,
  partialTiles,
  type Tile,
  type TileId,
  type TileReader,
} from '../translog/index.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;
const HASH_BYTES = 32;

/**
 * The tiled Merkle tree's storage: one row per (level, index), overwritten as the tile widens (each
 * wider version starts with the narrower one's hashes, so any partial tile is a prefix of the stored
 * row). Reads run inside the caller's transaction.
 */
export function tileReader(db: Db, cache?: FullTileCache): TileReader {
  return {
    async readTile(level, index, width) {
      const cached = cache?.get(level, index, width);
      if (cached) return cached;
      const row = await db
        .selectFrom('log_tiles')
        .select(cache ? ['data', 'internal'] : ['data'])
        .where('level', '=', BigInt(level))
        .where('idx', '=', BigInt(index))
        .executeTakeFirst();
      const tile = prefix(row?.data, width);
      if (row && tile && cache) remember(cache, { level, index, width }, tile, row.internal);
      return tile;
    },
    async readTiles(ids: readonly TileId[]) {
      const hits = ids.map((t) => cache?.get(t.level, t.index, t.width));
      const missing = ids.filter((_, i) => hits[i] === undefined);
      if (missing.length === 0) return hits;
      const rows = await db
        .selectFrom('log_tiles')
        .select(cache ? ['level', 'idx', 'data', 'internal'] : ['level', 'idx', 'data'])
        .where((eb) =>
          eb.or(
            missing.map((t) => eb.and([eb('level', '=', BigInt(t.level)), eb('idx', '=', BigInt(t.index))])),
          ),
        )
        .execute();
      const byKey = new Map(rows.map((r) => [`${r.level}/${r.idx}`, r]));
      return ids.map((t, i) => {
        if (hits[i]) return hits[i];
        const row = byKey.get(`${t.level}/${t.index}`);
        const tile = prefix(row?.data, t.width);
        if (row && tile && cache) remember(cache, t, tile, row.internal);
        return tile;
      });
    },
  };
}

/**
 * A reader that already holds the right-edge tiles of a tree of `size` leaves — what appending to it
 * will ask for — read now, in one query, so that the read can travel with others (the write path
 * reads them beside the batch's commands' states). Other tiles are read when asked for.
 */
export async function edgeTileReader(db: Db, size: number): Promise<TileReader> {
  const base = tileReader(db);
  const ids = partialTiles(size);
  const data = ids.length > 0 ? await base.readTiles!(ids) : [];
  const held = new Map(ids.map((t, i) => [`${t.level}/${t.index}`, data[i]]));
  const readTile = (level: number, index: number, width: number) => {
    const tile = held.get(`${level}/${index}`);
    return tile && tile.length >= width * HASH_BYTES
      ? Promise.resolve(tile)
      : base.readTile(level, index, width);
  };
  return {
    readTile,
    readTiles: (tiles) => Promise.all(tiles.map((t) => readTile(t.level, t.index, t.width))),
  };
}

const FULL_TILE_BYTES = 256 * HASH_BYTES;

/**
 * Keeps a committed tile for later proofs; a full tile's stored internal hashes are handed to
 * translog. Only readers with a cache (the public proof path) use stored internal hashes; appends and
 * checkpoints rebuild what they need from the tile hashes alone, so what the log signs never rests on
 * them.
 */
function remember(cache: FullTileCache, id: TileId, tile: Uint8Array, internal?: Uint8Array | null): void {
  if (internal && tile.length === FULL_TILE_BYTES) adoptFullTileInternalHashes(tile, internal);
  cache.set(id.level, id.index, id.width, tile);
}

/**
 * Committed tiles, kept in memory by (level, index, width). A full tile never changes, and neither do
 * the first `width` hashes of a partial one once committed, so repeated proofs read each tile once:
 * the leaf's own tile, and the right-edge partial tiles that every proof at the same tree size shares.
 * Use it only for reads outside write transactions, at committed sizes — a tile written by a
 * transaction that rolls back must not be kept.
 */
export class FullTileCache {
  private readonly tiles = new Map<string, Uint8Array>();
  constructor(private readonly max = 4096) {}

  get(level: number, index: number, width: number): Uint8Array | undefined {
    const key = `${level}/${index}/${width}`;
    const t = this.tiles.get(key);
    if (t) {
      this.tiles.delete(key); // most recently used goes last
      this.tiles.set(key, t);
    }
    return t;
  }

  set(level: number, index: number, width: number, data: Uint8Array): void {
    if (this.tiles.size >= this.max) this.tiles.delete(this.tiles.keys().next().value!);
    this.tiles.set(`${level}/${index}/${width}`, data);
  }
}

function prefix(data: Uint8Array | undefined, width: number): Uint8Array | undefined {
  if (data && width === 256 && data.length === FULL_TILE_BYTES) return data; // the same object: see FullTileCache
  if (!data || data.length < width * HASH_BYTES) return undefined;
  return new Uint8Array(data.buffer, data.byteOffset, width * HASH_BYTES);
}

/** Stores the tiles an append returned, replacing narrower versions of the same tiles. */
export async function writeTiles(
  db: Db,
  tiles: readonly Tile[],
  opts: { internalHashes?: boolean } = {},
): Promise<void> {
  const internal = opts.internalHashes ?? true;
  for (let i = 0; i < tiles.length; i += 200) {
    await db
      .insertInto('log_tiles')
      .values(
        tiles.slice(i, i + 200).map((t) => ({
          level: BigInt(t.level),
          idx: BigInt(t.index),
          data: t.data,
          ...(internal
            ? { internal: t.data.length === FULL_TILE_BYTES ? fullTileInternalHashes(t.data) : null }
            : {}),
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['level', 'idx'])
          .doUpdateSet((eb) =>
            internal
              ? { data: eb.ref('excluded.data'), internal: eb.ref('excluded.internal') }
              : { data: eb.ref('excluded.data') },
          ),
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
