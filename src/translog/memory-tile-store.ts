/**
 * An in-memory {@link TileReader} that also stores the tiles returned by `appendLeaves`: for tests,
 * for verifiers that hold fetched tiles, and as the reference for what a database store must do.
 */
import { HASH_SIZE } from './hash.js';
import type { Tile, TileReader } from './tile-reader.js';

function tileKey(level: number, index: number): string {
  return `${level}/${index}`;
}

/**
 * Keeps the widest version of each tile (`level`, `index`): a wider tile replaces a narrower one and
 * a narrower one never replaces a wider one, so the store serves every tree size it has seen.
 */
export class MemoryTileStore implements TileReader {
  private readonly tiles = new Map<string, Uint8Array>();
  /** Number of `readTile` calls answered so far (lets tests check that proofs read few tiles). */
  reads = 0;

  /** Serves the first `width` hashes of the stored tile, or `undefined` if fewer are stored. */
  readTile(level: number, index: number, width: number): Promise<Uint8Array | undefined> {
    this.reads++;
    const data = this.tiles.get(tileKey(level, index));
    const bytes = width * HASH_SIZE;
    return Promise.resolve(data === undefined || data.length < bytes ? undefined : data.subarray(0, bytes));
  }

  /** Stores tiles (copying their bytes), keeping the widest version of each. */
  writeTiles(tiles: readonly Tile[]): void {
    for (const tile of tiles) {
      const key = tileKey(tile.level, tile.index);
      const existing = this.tiles.get(key);
      if (existing === undefined || existing.length < tile.data.length) {
        this.tiles.set(key, new Uint8Array(tile.data));
      }
    }
  }

  /** Number of distinct (level, index) tiles stored. */
  get size(): number {
    return this.tiles.size;
  }
}
