/**
 * Rebuilds the Merkle tree of a log from its entries' leaf hashes, one bundle at a time, and compares
 * every tile the mirror serves with the rebuilt one, byte for byte (c2sp.org/tlog-tiles). Only the
 * right edge of the tree is kept (one partial tile per level, what `appendLeaves` reads), plus the
 * O(log n) tiles a consistency proof from a previously verified size needs: memory stays flat as the
 * log grows.
 */
import {
  TILE_HEIGHT,
  TILE_WIDTH,
  appendLeaves,
  consistencyProof,
  consistencyProofRanges,
  emptyRoot,
  encodeBase64,
  formatEntryBundlePath,
  formatTilePath,
  rangeNodes,
  tileForHash,
  tileLayout,
  treeRoot,
  verifyConsistency,
  bytesEqual,
  isTranslogError,
  type Tile,
  type TileId,
  type TileReader,
} from '../translog/index.js';
import { logFailure } from './verify-failure.js';

const HASH_SIZE = 32;

function key(level: number, index: number): string {
  return `${level}/${index}`;
}

/** The right edge of the tree: the partial tile of each level, all that `appendLeaves` reads. */
class EdgeTiles implements TileReader {
  private readonly tiles = new Map<string, Uint8Array>();

  readTile(level: number, index: number, width: number): Promise<Uint8Array | undefined> {
    const data = this.tiles.get(key(level, index));
    return Promise.resolve(data === undefined || data.length < width * HASH_SIZE ? undefined : data);
  }

  /** Keeps the new partial tiles; a full tile is never read again once compared. */
  write(tiles: readonly Tile[]): void {
    for (const t of tiles) {
      if (t.width === TILE_WIDTH) this.tiles.delete(key(t.level, t.index));
      else this.tiles.set(key(t.level, t.index), t.data);
    }
  }

  get(level: number, index: number): Uint8Array | undefined {
    return this.tiles.get(key(level, index));
  }
}

/** Tiles kept after they were compared, served at any width up to theirs. */
class KeptTiles implements TileReader {
  readonly tiles = new Map<string, Uint8Array>();

  readTile(level: number, index: number, width: number): Promise<Uint8Array | undefined> {
    const data = this.tiles.get(key(level, index));
    return Promise.resolve(
      data === undefined || data.length < width * HASH_SIZE ? undefined : data.subarray(0, width * HASH_SIZE),
    );
  }
}

/**
 * The tile holding each complete subtree of `ranges`, in the tree of `size` leaves: a subtree of
 * height 8·t + r starts at hash index·2^r of tile level t (as src/translog/tiled-tree.ts finds it).
 */
function tilesOfRanges(ranges: ReadonlyArray<{ start: number; end: number }>, size: number): TileId[] {
  return ranges.flatMap(rangeNodes).map((node) => {
    const tileLevel = Math.floor(node.level / TILE_HEIGHT);
    const position = node.index * 2 ** (node.level % TILE_HEIGHT);
    return tileForHash(tileLevel, position, size);
  });
}

/** Number of entry bundles (and level-0 tiles) of a log of `size` entries. */
export function bundleCount(size: number): number {
  return Math.ceil(size / TILE_WIDTH);
}

/** Number of entries in bundle `b` of a log of `size` entries. */
export function bundleWidth(b: number, size: number): number {
  return Math.min(TILE_WIDTH, size - b * TILE_WIDTH);
}

/** What {@link TreeCheck.finish} found. */
export interface TreeResult {
  readonly root: Uint8Array;
  readonly tilesCompared: number;
}

/** Rebuilds the tree of a log of `size` entries and checks the mirror's tiles against it. */
export class TreeCheck {
  private readonly edge = new EdgeTiles();
  private readonly kept = new KeptTiles();
  private readonly keep = new Set<string>();
  private count = 0;
  private root: Uint8Array | undefined;
  private compared = 0;

  /**
   * @param size the checkpoint's tree size
   * @param previous the last verified checkpoint of the same log, if any (its size ≤ `size`)
   */
  constructor(
    private readonly size: number,
    private readonly previous?: { readonly size: number; readonly rootHash: Uint8Array },
  ) {
    const old = previous?.size ?? 0;
    if (old > 0 && old <= size) {
      const wanted = [
        ...tilesOfRanges([{ start: 0, end: old }], old),
        ...(old < size ? tilesOfRanges(consistencyProofRanges(old, size), size) : []),
      ];
      for (const t of wanted) this.keep.add(key(t.level, t.index));
    }
  }

  /**
   * The tiles to download with bundle `b`: its level-0 tile, the tiles of higher levels it
   * completes, and, with the last bundle, the partial tiles of the right edge.
   */
  tilesForBundle(b: number): TileId[] {
    const width = bundleWidth(b, this.size);
    const ids: TileId[] = [{ level: 0, index: b, width }];
    if (width === TILE_WIDTH) {
      // Bundle b completes tile (b + 1) / 256^L − 1 of level L when 256^L divides b + 1.
      for (let level = 1, span = TILE_WIDTH; (b + 1) % span === 0; level++, span *= TILE_WIDTH) {
        ids.push({ level, index: (b + 1) / span - 1, width: TILE_WIDTH });
      }
    }
    if (b === bundleCount(this.size) - 1) {
      for (const l of tileLayout(this.size)) {
        if (l.level > 0 && l.partialWidth > 0) {
          ids.push({ level: l.level, index: l.fullTiles, width: l.partialWidth });
        }
      }
    }
    return ids;
  }

  /**
   * Appends the next bundle's leaf hashes (32 bytes each, concatenated) and compares every tile it
   * completes, or every right-edge tile after the last bundle, with `downloaded` (by tile path).
   */
  async appendBundle(
    leafHashes: Uint8Array,
    downloaded: ReadonlyMap<string, Uint8Array | undefined>,
  ): Promise<void> {
    const leaves: Uint8Array[] = [];
    for (let i = 0; i < leafHashes.length; i += HASH_SIZE) leaves.push(leafHashes.subarray(i, i + HASH_SIZE));
    const old = this.previous?.size ?? 0;
    // Stop exactly at the previously verified size, to check its root from the entries right there.
    const split = old > this.count && old < this.count + leaves.length ? old - this.count : leaves.length;
    for (const part of [leaves.slice(0, split), leaves.slice(split)]) {
      if (part.length === 0) continue;
      const result = await appendLeaves(this.edge, this.count, part);
      this.edge.write(result.tiles);
      this.count = result.size;
      this.root = result.root;
      if (this.count === old) this.checkPreviousRoot(result.root);
      for (const t of result.tiles) if (t.width === TILE_WIDTH) this.compare(t, t.data, downloaded);
    }
    if (this.count === this.size) {
      for (const l of tileLayout(this.size)) {
        if (l.partialWidth === 0) continue;
        const id = { level: l.level, index: l.fullTiles, width: l.partialWidth };
        this.compare(id, this.edge.get(id.level, id.index)!, downloaded);
      }
    }
  }

  /** Fails as soon as the entries up to the previously verified size give another root. */
  private checkPreviousRoot(root: Uint8Array): void {
    if (!bytesEqual(root, this.previous!.rootHash)) {
      throw this.rewritten(`the first ${this.previous!.size} entries now hash to ${encodeBase64(root)}`);
    }
  }

  private rewritten(how: string): Error {
    const previous = this.previous!;
    return logFailure(
      'VALIDATION_FAILED',
      { kind: 'history', size: previous.size },
      `history rewritten: the checkpoint of size ${previous.size} verified before had root ${encodeBase64(previous.rootHash)}, but ${how}`,
    );
  }

  private compare(
    tile: TileId,
    rebuilt: Uint8Array,
    downloaded: ReadonlyMap<string, Uint8Array | undefined>,
  ): void {
    const path = formatTilePath(tile);
    const subject = { kind: 'tile', path } as const;
    const served = downloaded.get(path);
    if (served === undefined) {
      throw logFailure(
        'NOT_FOUND',
        subject,
        `${path}: missing from the mirror, but the checkpoint's tree has it`,
      );
    }
    const expected = rebuilt.subarray(0, tile.width * HASH_SIZE);
    if (served.length !== expected.length) {
      throw logFailure(
        'VALIDATION_FAILED',
        subject,
        `${path}: ${served.length} bytes, but a tile of ${tile.width} hashes is ${expected.length}`,
      );
    }
    if (!bytesEqual(served, expected)) {
      let j = 0;
      while (
        bytesEqual(
          served.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE),
          expected.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE),
        )
      )
        j++;
      const what =
        tile.level === 0
          ? `is not the leaf hash of entry ${tile.index * TILE_WIDTH + j} (${formatEntryBundlePath(tile.index, tile.width)})`
          : 'does not match the tree rebuilt from the entries';
      throw logFailure('VALIDATION_FAILED', subject, `${path}: hash ${j} ${what}`);
    }
    this.compared++;
    const k = key(tile.level, tile.index);
    if (this.keep.has(k)) this.kept.tiles.set(k, new Uint8Array(served));
  }

  /**
   * After the last bundle: checks the rebuilt root against the checkpoint's and, when a previous
   * checkpoint is known, that the tree grew from it by appending only (its root recomputed from the
   * entries and from the tiles, and a consistency proof built from the tiles).
   */
  async finish(checkpointRoot: Uint8Array): Promise<TreeResult> {
    const root = this.size === 0 ? emptyRoot() : this.root!;
    if (!bytesEqual(root, checkpointRoot)) {
      throw logFailure(
        'VALIDATION_FAILED',
        { kind: 'checkpoint' },
        `checkpoint: its root hash ${encodeBase64(checkpointRoot)} is not the root of its ${this.size} entries (${encodeBase64(root)})`,
      );
    }
    const previous = this.previous;
    if (previous !== undefined && previous.size > 0) {
      const rewritten = (how: string): Error => this.rewritten(how);
      const fromTiles = await treeRoot(this.kept, previous.size);
      if (!bytesEqual(fromTiles, previous.rootHash)) {
        throw rewritten(`the tiles now give root ${encodeBase64(fromTiles)} for that size`);
      }
      try {
        const proof = await consistencyProof(this.kept, previous.size, this.size);
        verifyConsistency(previous.size, this.size, proof, previous.rootHash, checkpointRoot);
      } catch (e) {
        if (!isTranslogError(e)) throw e;
        throw rewritten(`the consistency proof from the tiles fails: ${e.message}`);
      }
    }
    return { root, tilesCompared: this.compared };
  }
}
