import type { Kysely } from 'kysely';
import {
  adoptFullTileInternalHashes,
  fullTileInternalHashes,
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
      const cached = width === 256 ? cache?.get(level, index) : undefined;
      if (cached) return cached;
      const row = await db
        .selectFrom('log_tiles')
        .select(cache ? ['data', 'internal'] : ['data'])
        .where('level', '=', BigInt(level))
        .where('idx', '=', BigInt(index))
        .executeTakeFirst();
      if (row && cache && row.data.length === FULL_TILE_BYTES) remember(cache, level, index, row);
      return prefix(row?.data, width);
    },
    async readTiles(ids: readonly TileId[]) {
      const hits = ids.map((t) => (t.width === 256 ? cache?.get(t.level, t.index) : undefined));
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
      const byKey = new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.data]));
      if (cache)
        for (const r of rows)
          if (r.data.length === FULL_TILE_BYTES) remember(cache, Number(r.level), Number(r.idx), r);
      return ids.map((t, i) => hits[i] ?? prefix(byKey.get(`${t.level}/${t.index}`), t.width));
    },
  };
}

const FULL_TILE_BYTES = 256 * HASH_BYTES;

/**
 * Keeps a committed full tile for later proofs, with its stored internal hashes handed to translog.
 * Only readers with a cache (the public proof path) use stored internal hashes; appends and
 * checkpoints rebuild what they need from the tile hashes alone, so what the log signs never rests on
 * them.
 */
function remember(
  cache: FullTileCache,
  level: number,
  index: number,
  row: { data: Uint8Array; internal?: Uint8Array | null },
): void {
  if (row.internal) adoptFullTileInternalHashes(row.data, row.internal);
  cache.set(level, index, row.data);
}

/**
 * Committed full tiles, kept in memory by (level, index): a full tile never changes, so repeated
 * proofs read it (and the subtree hashes translog derives from the same object) once. Use it only for
 * reads outside write transactions — a tile written by a transaction that rolls back must not be kept.
 */
export class FullTileCache {
  private readonly tiles = new Map<string, Uint8Array>();
  constructor(private readonly max = 2048) {}

  get(level: number, index: number): Uint8Array | undefined {
    const key = `${level}/${index}`;
    const t = this.tiles.get(key);
    if (t) {
      this.tiles.delete(key); // most recently used goes last
      this.tiles.set(key, t);
    }
    return t;
  }

  set(level: number, index: number, data: Uint8Array): void {
    if (this.tiles.size >= this.max) this.tiles.delete(this.tiles.keys().next().value!);
    this.tiles.set(`${level}/${index}`, data);
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
