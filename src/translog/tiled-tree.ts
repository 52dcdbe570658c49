/**
 * An RFC 6962 Merkle tree stored as c2sp.org/tlog-tiles tiles: appending leaves, and computing root
 * hashes, inclusion proofs and consistency proofs from the stored tiles alone.
 *
 * Hashes of complete subtrees are read from tiles; a subtree of height 8·t + r (r < 8) is rebuilt
 * from its 2^r hashes in one tile of tile level t. Hashes of incomplete subtrees (the right edge of
 * the tree) are folded from the complete subtrees that make them up (RFC 6962 §2.1). Every operation
 * first plans which tiles it needs, then reads them all at once (O(log n) tiles), then hashes.
 */
import { HASH_SIZE, assertHash, emptyRoot, nodeHash, nodeHashOfPair } from './hash.js';
import { inclusionProofLength } from './inclusion-proof.js';
import { TILE_HEIGHT, TILE_WIDTH, formatTilePath, hashCountAtTileLevel, tileForHash } from './tile-path.js';
import type { TileId } from './tile-path.js';
import type { Tile, TileReader } from './tile-reader.js';
import { TranslogError } from './translog-error.js';
import {
  assertTreeSize,
  consistencyProofRanges,
  inclusionProofRanges,
  rangeNodes,
  type LeafRange,
  type NodeId,
} from './tree-math.js';

/** What {@link appendLeaves} computed: the new tree and the tiles to store. */
export interface AppendResult {
  /** The new tree size. */
  readonly size: number;
  /** The new root hash, MTH(D[0:size]). */
  readonly root: Uint8Array;
  /**
   * Every tile that is new or wider after the append, lowest level first. Partial tiles replace the
   * narrower version of the same (`level`, `index`), or are stored next to it keyed by width.
   */
  readonly tiles: readonly Tile[];
}

function tileKey(level: number, index: number): string {
  return `${level}/${index}`;
}

/**
 * MTH of `count` consecutive hashes (count a power of two, ≤ 256) at hash offset `offset` of a tile:
 * the complete subtree those hashes are the leaves of (tlog-tiles "Merkle Tree": "the Merkle Tree
 * levels between those expressed by the tile hashes are reconstructed by hashing").
 */
function hashTileSpan(data: Uint8Array, offset: number, count: number): Uint8Array {
  const first = offset * HASH_SIZE;
  if (count === 1) return data.subarray(first, first + HASH_SIZE);
  // A full tile never changes (tlog-tiles "Full Tiles"), so the subtree hashes rebuilt from it are
  // remembered for as long as the caller keeps the same tile object (a reader that caches full tiles
  // gets repeated proofs almost for free). Partial tiles are not remembered.
  if (data.length === TILE_WIDTH * HASH_SIZE) {
    let levels = fullTileLevels.get(data);
    if (!levels) fullTileLevels.set(data, (levels = internalLevels(data)));
    const level = Math.log2(count);
    const at = (offset / count) * HASH_SIZE;
    return levels[level - 1]!.subarray(at, at + HASH_SIZE);
  }
  return rebuildSpan(data, first, count);
}

const fullTileLevels = new WeakMap<Uint8Array, Uint8Array[]>();

/** Bytes of a full tile's internal hashes: its 8-level subtree above the 256 hashes (128 + 64 + … + 1). */
export const FULL_TILE_INTERNAL_BYTES = (TILE_WIDTH - 1) * HASH_SIZE;

/**
 * The internal hashes of a full tile (every level of its subtree above its 256 hashes, 128 first, its
 * root last), as one byte string a store can keep beside the tile. Costs nothing after an append,
 * which has already computed them.
 */
export function fullTileInternalHashes(data: Uint8Array): Uint8Array {
  if (data.length !== TILE_WIDTH * HASH_SIZE)
    throw new TranslogError(
      'HASH_LENGTH_INVALID',
      `a full tile has ${TILE_WIDTH * HASH_SIZE} bytes, not ${data.length}`,
    );
  let levels = fullTileLevels.get(data);
  if (!levels) fullTileLevels.set(data, (levels = internalLevels(data)));
  const out = new Uint8Array(FULL_TILE_INTERNAL_BYTES);
  let at = 0;
  for (const l of levels) {
    out.set(l, at);
    at += l.length;
  }
  return out;
}

/**
 * Hands the tree the stored internal hashes of a full tile (from {@link fullTileInternalHashes}), so
 * proofs that pass through it read them instead of rebuilding up to 255 hashes. They are used for as
 * long as the caller keeps the same `data` object; the store that wrote them vouches for them (a
 * wrong one yields a proof that fails verification, it cannot make a false one verify).
 */
export function adoptFullTileInternalHashes(data: Uint8Array, internal: Uint8Array): void {
  if (data.length !== TILE_WIDTH * HASH_SIZE || internal.length !== FULL_TILE_INTERNAL_BYTES) return;
  if (fullTileLevels.has(data)) return;
  const levels: Uint8Array[] = [];
  let at = 0;
  for (let width = TILE_WIDTH / 2; width >= 1; width /= 2) {
    levels.push(internal.subarray(at, at + width * HASH_SIZE));
    at += width * HASH_SIZE;
  }
  fullTileLevels.set(data, levels);
}

/** Every internal level of a full tile's 8-level subtree: 128 hashes, then 64, … then its root. */
function internalLevels(data: Uint8Array): Uint8Array[] {
  const levels: Uint8Array[] = [];
  let below = data;
  for (let width = TILE_WIDTH / 2; width >= 1; width /= 2) {
    const level = new Uint8Array(width * HASH_SIZE);
    for (let i = 0; i < width; i++) {
      level.set(nodeHashOfPair(below.subarray(2 * i * HASH_SIZE, 2 * (i + 1) * HASH_SIZE)), i * HASH_SIZE);
    }
    levels.push(level);
    below = level;
  }
  return levels;
}

function rebuildSpan(data: Uint8Array, first: number, count: number): Uint8Array {
  // Level by level in one scratch buffer. Parents overwrite the front of the level they come from,
  // which is safe: parent i is written at byte 32·i only after its children (from byte 64·i) are read.
  const scratch = new Uint8Array((count / 2) * HASH_SIZE);
  let source = data;
  let start = first;
  for (let width = count; width > 1; width /= 2) {
    for (let i = 0; i < width / 2; i++) {
      const a = start + 2 * i * HASH_SIZE;
      scratch.set(nodeHashOfPair(source.subarray(a, a + 2 * HASH_SIZE)), i * HASH_SIZE);
    }
    source = scratch;
    start = 0;
  }
  return scratch.subarray(0, HASH_SIZE);
}

/** The tile (with its width in a tree of `size` leaves) and the offset in it that a node starts at. */
function locateNode(node: NodeId, size: number): { tile: TileId; offset: number; count: number } {
  const tileLevel = Math.floor(node.level / TILE_HEIGHT);
  const count = 2 ** (node.level % TILE_HEIGHT);
  const position = node.index * count; // first hash of the node at Merkle level 8 · tileLevel
  const tile = tileForHash(tileLevel, position, size);
  return { tile, offset: position - tile.index * TILE_WIDTH, count };
}

/**
 * Reads tiles in one batch (`readTiles` if the reader has it, else parallel `readTile` calls) and
 * returns them by `level/index`. Throws `TILE_MISSING` naming the first tile the store lacks.
 */
async function readTileBatch(
  reader: TileReader,
  ids: readonly TileId[],
  purpose: string,
): Promise<Map<string, Uint8Array>> {
  const data =
    reader.readTiles !== undefined
      ? await reader.readTiles(ids)
      : await Promise.all(ids.map((t) => reader.readTile(t.level, t.index, t.width)));
  const tiles = new Map<string, Uint8Array>();
  ids.forEach((tile, i) => {
    const bytes = data[i];
    if (bytes === undefined || bytes.length < tile.width * HASH_SIZE) {
      throw new TranslogError(
        'TILE_MISSING',
        `${formatTilePath(tile)} is needed for ${purpose} but the store does not hold it`,
      );
    }
    tiles.set(tileKey(tile.level, tile.index), bytes);
  });
  return tiles;
}

/** Complete-subtree hashes of one tree size, backed by tiles already read. */
class TileHashes {
  private constructor(
    private readonly size: number,
    private readonly tiles: ReadonlyMap<string, Uint8Array>,
  ) {}

  /** Reads, in one batch, every tile holding the given nodes of the tree of `size` leaves. */
  static async load(reader: TileReader, size: number, nodes: readonly NodeId[]): Promise<TileHashes> {
    const wanted = new Map<string, TileId>();
    for (const node of nodes) {
      const { tile } = locateNode(node, size);
      wanted.set(tileKey(tile.level, tile.index), tile);
    }
    const tiles = await readTileBatch(reader, [...wanted.values()], `tree size ${size}`);
    return new TileHashes(size, tiles);
  }

  /** Hash of a complete subtree. */
  node(node: NodeId): Uint8Array {
    const { tile, offset, count } = locateNode(node, this.size);
    return hashTileSpan(this.tiles.get(tileKey(tile.level, tile.index))!, offset, count);
  }

  /** MTH(D[start:end]) for a range of the RFC 6962 recursion: its complete subtrees, folded right to left. */
  range(range: LeafRange): Uint8Array {
    const nodes = rangeNodes(range);
    let hash = this.node(nodes[nodes.length - 1]!);
    for (let i = nodes.length - 2; i >= 0; i--) hash = nodeHash(this.node(nodes[i]!), hash);
    return hash;
  }
}

async function hashRanges(
  reader: TileReader,
  size: number,
  ranges: readonly LeafRange[],
): Promise<Uint8Array[]> {
  const hashes = await TileHashes.load(reader, size, ranges.flatMap(rangeNodes));
  // Copies: a single-node range is a view into a tile, which the caller must not be able to alter.
  return ranges.map((r) => new Uint8Array(hashes.range(r)));
}

/**
 * RFC 6962 §2.1: the root hash MTH(D[0:size]) of the tree of `size` leaves, from stored tiles
 * (one partial tile per level at most). The empty tree's root is SHA-256("").
 */
export async function treeRoot(reader: TileReader, size: number): Promise<Uint8Array> {
  assertTreeSize(size);
  if (size === 0) return emptyRoot();
  const [root] = await hashRanges(reader, size, [{ start: 0, end: size }]);
  return root!;
}

/**
 * RFC 6962 §2.1.1: the inclusion proof (audit path) of leaf `index` in the tree of `size` leaves,
 * from the leaf's sibling up to the root's child. Throws `INDEX_OUT_OF_RANGE` unless
 * `0 ≤ index < size`, and `TILE_MISSING` if the store lacks a tile it needs.
 */
export async function inclusionProof(reader: TileReader, index: number, size: number): Promise<Uint8Array[]> {
  inclusionProofLength(index, size); // validates index and size
  return hashRanges(reader, size, inclusionProofRanges(index, size));
}

/**
 * RFC 6962 §2.1.2: the consistency proof PROOF(size1, D[0:size2]). Empty when the sizes are equal
 * or `size1` is 0 (the empty tree is consistent with every tree; tlog-witness "old 0"). Throws
 * `TREE_SIZE_INVALID` if `size1 > size2`.
 */
export async function consistencyProof(
  reader: TileReader,
  size1: number,
  size2: number,
): Promise<Uint8Array[]> {
  assertTreeSize(size1, 'size1');
  assertTreeSize(size2, 'size2');
  if (size1 > size2) {
    throw new TranslogError(
      'TREE_SIZE_INVALID',
      `size1 ${size1} is larger than size2 ${size2}; a tree only grows`,
    );
  }
  if (size1 === 0 || size1 === size2) return [];
  return hashRanges(reader, size2, consistencyProofRanges(size1, size2));
}

/** Serves tiles already in memory: the fresh ones, and the old partial tiles read before. */
class MapReader implements TileReader {
  constructor(private readonly tiles: ReadonlyMap<string, Uint8Array>) {}
  readTile(level: number, index: number): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.tiles.get(tileKey(level, index)));
  }
}

/**
 * The right-edge (partial) tiles of a tree of `size` leaves, one per tile level whose hash count is
 * not a multiple of 256 (tlog-tiles "Partial Tiles"): what `appendLeaves` reads to grow that tree.
 */
export function partialTiles(size: number): TileId[] {
  const ids: TileId[] = [];
  for (let level = 0; hashCountAtTileLevel(level, size) > 0; level++) {
    const count = hashCountAtTileLevel(level, size);
    if (count % TILE_WIDTH > 0) {
      ids.push({ level, index: Math.floor(count / TILE_WIDTH), width: count % TILE_WIDTH });
    }
  }
  return ids;
}

/**
 * Appends leaf hashes to the tree of `oldSize` leaves stored behind `reader`, and returns the new
 * size, the new root and every tile that changed. Only the right edge changes: it reads the old
 * partial tiles, at most one per tile level, in one batch, and never the leaves before them.
 *
 * The caller must pass the size the stored tiles describe, and store the returned tiles in the
 * same transaction that records the new size. Throws `HASH_LENGTH_INVALID` for a leaf hash that is
 * not 32 bytes and `TILE_MISSING` if the old partial tiles are not in the store.
 */
export async function appendLeaves(
  reader: TileReader,
  oldSize: number,
  leafHashes: readonly Uint8Array[],
): Promise<AppendResult> {
  assertTreeSize(oldSize, 'old tree size');
  leafHashes.forEach((h, i) => assertHash(h, `leaf hash ${i}`));
  const size = oldSize + leafHashes.length;
  assertTreeSize(size, 'new tree size');

  // The old partial tiles, read in one batch: each level that grows extends its partial tile, and
  // the new root needs the partial tiles of the levels that do not grow (they stay as they are).
  const known = await readTileBatch(
    reader,
    partialTiles(oldSize),
    `appending to a tree of ${oldSize} leaves`,
  );

  const tiles: Tile[] = [];
  // Hashes appended at the current tile level, and how many that level held before the append.
  let added: readonly Uint8Array[] = leafHashes;
  let oldCount = oldSize;
  for (let level = 0; added.length > 0; level++) {
    const firstTile = Math.floor(oldCount / TILE_WIDTH);
    const kept = oldCount % TILE_WIDTH; // hashes of the old partial tile, extended in place
    const total = kept + added.length;
    const buffer = new Uint8Array(total * HASH_SIZE);
    if (kept > 0) buffer.set(known.get(tileKey(level, firstTile))!.subarray(0, kept * HASH_SIZE));
    added.forEach((h, i) => buffer.set(h, (kept + i) * HASH_SIZE));

    // Tiles firstTile, firstTile + 1, …: full ones feed one hash each into the level above.
    const next: Uint8Array[] = [];
    for (let offset = 0; offset < total; offset += TILE_WIDTH) {
      const width = Math.min(TILE_WIDTH, total - offset);
      const data = buffer.subarray(offset * HASH_SIZE, (offset + width) * HASH_SIZE);
      const tile = { level, index: firstTile + offset / TILE_WIDTH, width, data };
      tiles.push(tile);
      known.set(tileKey(level, tile.index), data);
      if (width === TILE_WIDTH) next.push(hashTileSpan(data, 0, TILE_WIDTH));
    }
    added = next;
    oldCount = firstTile;
  }
  const root = size === 0 ? emptyRoot() : await treeRoot(new MapReader(known), size);
  return { size, root, tiles };
}
