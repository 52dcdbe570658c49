/**
 * The storage port of the tiled tree: the only I/O `translog/` needs. The database layer implements
 * it; {@link MemoryTileStore} implements it in memory for tests and verifiers.
 *
 * How a store persists tiles (c2sp.org/tlog-tiles "Merkle Tree", "Partial Tiles"):
 *
 * - Key each tile by (`level`, `index`); its value is `width` concatenated 32-byte hashes.
 * - In the transaction that appends leaves, write every tile `appendLeaves` returns and the new tree
 *   size. A returned tile replaces the stored tile with the same (`level`, `index`): it is always at
 *   least as wide, and its first hashes are the stored ones, unchanged. Never replace a wider tile
 *   with a narrower one.
 * - Alternatively keep every width, keyed by (`level`, `index`, `width`), if the partial tiles of
 *   every checkpointed size must stay servable at their exact `tile/<L>/<N>.p/<W>` path; a full tile
 *   (width 256) makes the partial ones of the same (`level`, `index`) redundant.
 * - Pass `appendLeaves` the size the stored tiles describe, read in the same transaction, so two
 *   writers cannot both extend the same partial tile.
 */
import type { TileId } from './tile-path.js';

/** A tile with its bytes: `width` concatenated 32-byte hashes (c2sp.org/tlog-tiles "Merkle Tree"). */
export interface Tile extends TileId {
  readonly data: Uint8Array;
}

/**
 * Read access to stored tiles.
 *
 * Contract: `readTile(level, index, width)` resolves to bytes whose first `32 * width` bytes are the
 * first `width` hashes of tile (`level`, `index`), or `undefined` if the store holds fewer than
 * `width` hashes of that tile. A store may return a wider version of the tile (a later partial tile,
 * or the full one): hashes of complete subtrees never change, so every version of a tile is a prefix
 * of the next (tlog-tiles "Partial Tiles"). Extra bytes are ignored. The bytes are only read.
 */
export interface TileReader {
  readTile(level: number, index: number, width: number): Promise<Uint8Array | undefined>;
  /**
   * Optional batched form of {@link TileReader.readTile} (one query for many tiles), with the same
   * contract for each element, in the order asked. Used instead of `readTile` when present.
   */
  readTiles?(tiles: readonly TileId[]): Promise<ReadonlyArray<Uint8Array | undefined>>;
}
