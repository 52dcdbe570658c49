/**
 * The tiled tree against a naive RFC 6962 oracle: roots, inclusion and consistency proofs computed
 * from tiles alone, for random sizes and random append batches, plus the I/O it performs.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  FULL_TILE_INTERNAL_BYTES,
  MemoryTileStore,
  adoptFullTileInternalHashes,
  appendLeaves,
  fullTileInternalHashes,
  consistencyProof,
  formatTilePath,
  inclusionProof,
  isTranslogError,
  nodeHash,
  tileLayout,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type Tile,
  type TileId,
  type TileReader,
} from '../../src/translog/index.js';
import { NaiveTree, hex, syntheticLeaves } from './naive-tree.js';
import { UniformTree } from './uniform-tree.js';

/** Builds a store by appending `leaves` in the given batch sizes; returns the sizes reached. */
async function build(
  leaves: readonly Uint8Array[],
  batches: readonly number[],
): Promise<{ store: MemoryTileStore; sizes: number[] }> {
  const store = new MemoryTileStore();
  const sizes = [0];
  let size = 0;
  for (const batch of batches) {
    const r = await appendLeaves(store, size, leaves.slice(size, size + batch));
    store.writeTiles(r.tiles);
    size = r.size;
    sizes.push(size);
  }
  return { store, sizes };
}

function code(e: unknown): string {
  return isTranslogError(e) ? e.code : String(e);
}

/** Flips one bit of one byte of a copy. */
function flip(bytes: Uint8Array, at: number, bit = 0): Uint8Array {
  const copy = bytes.slice();
  copy[at % copy.length]! ^= 1 << bit;
  return copy;
}

const batchesArb = fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 8 });

describe('appendLeaves + treeRoot', () => {
  test('the root after every batch equals the naive RFC 6962 root (random batch sizes)', async () => {
    const leaves = syntheticLeaves(8 * 700, 1);
    const naive = new NaiveTree(leaves);
    await fc.assert(
      fc.asyncProperty(batchesArb, async (batches) => {
        const store = new MemoryTileStore();
        let size = 0;
        for (const batch of batches) {
          const r = await appendLeaves(store, size, leaves.slice(size, size + batch));
          store.writeTiles(r.tiles);
          size = r.size;
          expect(hex(r.root)).toBe(hex(naive.root(size)));
        }
        // Every earlier size is still answerable from the (wider) tiles now stored.
        for (let s = 0; s <= size; s += Math.max(1, Math.floor(size / 17))) {
          expect(hex(await treeRoot(store, s))).toBe(hex(naive.root(s)));
        }
      }),
      { numRuns: 40 },
    );
  });

  test('more than 65,536 leaves in random batches: roots, tiles and proofs all match the oracle', async () => {
    const total = 70_123;
    const leaves = syntheticLeaves(total, 2);
    const naive = new NaiveTree(leaves);
    // Random batch sizes from a seeded generator, with batches that straddle tile boundaries.
    const batches = fc.sample(fc.integer({ min: 1, max: 9_000 }), { seed: 6962, numRuns: 40 });
    const store = new MemoryTileStore();
    let size = 0;
    for (const b of batches) {
      const batch = Math.min(b, total - size);
      if (batch === 0) break;
      const r = await appendLeaves(store, size, leaves.slice(size, size + batch));
      store.writeTiles(r.tiles);
      size = r.size;
      expect(hex(r.root), `size ${size}`).toBe(hex(naive.root(size)));
    }
    if (size < total) {
      const r = await appendLeaves(store, size, leaves.slice(size));
      store.writeTiles(r.tiles);
      size = r.size;
    }
    expect(size).toBe(total);
    expect(hex(await treeRoot(store, total))).toBe(hex(naive.root(total)));
    expect(store.size).toBe(
      tileLayout(total).reduce((n, l) => n + l.fullTiles + (l.partialWidth > 0 ? 1 : 0), 0),
    );

    for (const s of [1, 255, 256, 257, 65_535, 65_536, 65_537, 70_000, total]) {
      expect(hex(await treeRoot(store, s)), `root ${s}`).toBe(hex(naive.root(s)));
      for (const i of [0, 255, 256, s >> 1, s - 1].filter((i) => i < s)) {
        const proof = await inclusionProof(store, i, s);
        expect(proof.map(hex), `inclusion ${i} in ${s}`).toEqual(naive.inclusionProof(i, s).map(hex));
        verifyInclusion(leaves[i]!, i, s, proof, naive.root(s));
      }
      for (const m of [1, 255, 256, 4_097, 65_536, 69_999].filter((m) => m <= s)) {
        const proof = await consistencyProof(store, m, s);
        if (m < s) {
          expect(proof.map(hex), `consistency ${m}→${s}`).toEqual(naive.consistencyProof(m, s).map(hex));
        }
        verifyConsistency(m, s, proof, naive.root(m), naive.root(s));
      }
    }
  });

  test('returned tiles: right widths, and each full tile hashes into the level above', async () => {
    const leaves = syntheticLeaves(66_000, 3);
    const { tiles } = await appendLeaves(new MemoryTileStore(), 0, leaves);
    const byKey = new Map(tiles.map((t) => [`${t.level}/${t.index}`, t]));
    const layout = tileLayout(66_000);
    for (const t of tiles) {
      expect(t.data.length).toBe(32 * t.width);
      const level = layout[t.level]!;
      expect(t.width).toBe(t.index < level.fullTiles ? 256 : level.partialWidth);
      if (t.width === 256) {
        let hashes = Array.from({ length: 256 }, (_, i) => t.data.subarray(32 * i, 32 * i + 32));
        while (hashes.length > 1)
          hashes = hashes.flatMap((_, i) => (i % 2 ? [] : [nodeHash(hashes[i]!, hashes[i + 1]!)]));
        const parent = byKey.get(`${t.level + 1}/${Math.floor(t.index / 256)}`)!;
        const at = (t.index % 256) * 32;
        expect(hex(parent.data.subarray(at, at + 32))).toBe(hex(hashes[0]!));
      }
    }
  });

  test('appending nothing changes nothing', async () => {
    const leaves = syntheticLeaves(300, 4);
    const { store } = await build(leaves, [300]);
    const r = await appendLeaves(store, 300, []);
    expect(r.tiles).toHaveLength(0);
    expect(r.size).toBe(300);
    expect(hex(r.root)).toBe(hex(new NaiveTree(leaves).root()));
    expect(hex((await appendLeaves(new MemoryTileStore(), 0, [])).root)).toBe(hex(new NaiveTree([]).root()));
  });

  test('an append reads only the old partial tile of each level it extends', async () => {
    const leaves = syntheticLeaves(65_536 + 300, 5);
    const { store } = await build(leaves, [65_536 + 299]);
    store.reads = 0;
    const r = await appendLeaves(store, 65_536 + 299, [leaves[65_536 + 299]!]);
    // Level 0 partial (read to extend it), then the root needs the partial tiles of levels 1 and 2.
    expect(store.reads).toBeLessThanOrEqual(3);
    expect(r.tiles.map(formatTilePath)).toEqual(['tile/0/257.p/44']);
  });

  test('validation: leaf hash length, sizes, and tiles the store does not hold', async () => {
    const store = new MemoryTileStore();
    await expect(appendLeaves(store, 0, [new Uint8Array(31)])).rejects.toSatisfy(
      (e) => code(e) === 'HASH_LENGTH_INVALID',
    );
    await expect(appendLeaves(store, -1, [])).rejects.toSatisfy((e) => code(e) === 'TREE_SIZE_INVALID');
    await expect(appendLeaves(store, 1.5, [])).rejects.toSatisfy((e) => code(e) === 'TREE_SIZE_INVALID');
    // The caller claims 10 leaves exist but the store is empty.
    await expect(appendLeaves(store, 10, syntheticLeaves(1))).rejects.toSatisfy(
      (e) => code(e) === 'TILE_MISSING' && String(e).includes('tile/0/000.p/10'),
    );
    await expect(treeRoot(store, 5)).rejects.toSatisfy((e) => code(e) === 'TILE_MISSING');
    const { store: small } = await build(syntheticLeaves(10), [10]);
    await expect(treeRoot(small, 11)).rejects.toSatisfy((e) => code(e) === 'TILE_MISSING');
    await expect(inclusionProof(small, 10, 10)).rejects.toSatisfy((e) => code(e) === 'INDEX_OUT_OF_RANGE');
    await expect(inclusionProof(small, -1, 10)).rejects.toSatisfy((e) => code(e) === 'INDEX_OUT_OF_RANGE');
    await expect(consistencyProof(small, 6, 5)).rejects.toSatisfy((e) => code(e) === 'TREE_SIZE_INVALID');
    expect(await consistencyProof(small, 0, 10)).toEqual([]);
    expect(await consistencyProof(small, 10, 10)).toEqual([]);
  });

  test('a store that keeps every width separately works as well (tiles keyed by width)', async () => {
    const byWidth = new Map<string, Uint8Array>();
    const reader: TileReader = {
      readTile: (level, index, width) => Promise.resolve(byWidth.get(`${level}/${index}/${width}`)),
    };
    const leaves = syntheticLeaves(1_000, 6);
    const naive = new NaiveTree(leaves);
    let size = 0;
    for (const batch of [3, 250, 10, 500, 237]) {
      const r = await appendLeaves(reader, size, leaves.slice(size, size + batch));
      for (const t of r.tiles) byWidth.set(`${t.level}/${t.index}/${t.width}`, t.data.slice());
      size = r.size;
      expect(hex(r.root)).toBe(hex(naive.root(size)));
    }
    // Checkpointed sizes: their partial tiles exist with exactly their widths.
    for (const s of [3, 253, 263, 763, 1_000]) {
      expect(hex(await treeRoot(reader, s))).toBe(hex(naive.root(s)));
      verifyInclusion(leaves[2]!, 2, s, await inclusionProof(reader, 2, s), naive.root(s));
    }
  });

  test('uses readTiles, in one batch, when the reader offers it', async () => {
    const leaves = syntheticLeaves(5_000, 7);
    const { store } = await build(leaves, [5_000]);
    const batches: TileId[][] = [];
    const reader: TileReader = {
      readTile: () => Promise.reject(new Error('readTile should not be called')),
      readTiles: async (ids) => {
        batches.push([...ids]);
        return Promise.all(ids.map((t) => store.readTile(t.level, t.index, t.width)));
      },
    };
    const proof = await inclusionProof(reader, 1_234, 5_000);
    verifyInclusion(leaves[1_234]!, 1_234, 5_000, proof, new NaiveTree(leaves).root());
    expect(batches).toHaveLength(1);
  });
});

describe('proofs from tiles', () => {
  const leaves = syntheticLeaves(1_200, 8);
  const naive = new NaiveTree(leaves);
  const built = build(leaves, [1, 7, 100, 148, 300, 644]);

  test('every inclusion proof equals PATH(m, D[n]) and verifies; any flipped byte fails', async () => {
    const { store } = await built;
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 1_200 })
          .chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1), fc.nat(), fc.nat(7))),
        async ([size, index, at, bit]) => {
          const proof = await inclusionProof(store, index, size);
          expect(proof.map(hex)).toEqual(naive.inclusionProof(index, size).map(hex));
          const root = naive.root(size);
          verifyInclusion(leaves[index]!, index, size, proof, root);
          const fails = (f: () => void): boolean => {
            try {
              f();
              return false;
            } catch (e) {
              return isTranslogError(e);
            }
          };
          expect(fails(() => verifyInclusion(flip(leaves[index]!, at, bit), index, size, proof, root))).toBe(
            true,
          );
          expect(fails(() => verifyInclusion(leaves[index]!, index, size, proof, flip(root, at, bit)))).toBe(
            true,
          );
          if (proof.length > 0) {
            const i = at % proof.length;
            const bad = proof.map((p, j) => (j === i ? flip(p, at >> 3, bit) : p));
            expect(fails(() => verifyInclusion(leaves[index]!, index, size, bad, root))).toBe(true);
            expect(fails(() => verifyInclusion(leaves[index]!, index, size, proof.slice(1), root))).toBe(
              true,
            );
          }
          if (size > 1) {
            expect(fails(() => verifyInclusion(leaves[index]!, (index + 1) % size, size, proof, root))).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('every consistency proof equals PROOF(m, D[n]) and verifies; any flipped byte fails', async () => {
    const { store } = await built;
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 1_200 })
          .chain((size2) =>
            fc.tuple(fc.integer({ min: 1, max: size2 }), fc.constant(size2), fc.nat(), fc.nat(7)),
          ),
        async ([size1, size2, at, bit]) => {
          const proof = await consistencyProof(store, size1, size2);
          const root1 = naive.root(size1);
          const root2 = naive.root(size2);
          verifyConsistency(size1, size2, proof, root1, root2);
          if (size1 === size2) {
            expect(proof).toEqual([]);
            return;
          }
          expect(proof.map(hex)).toEqual(naive.consistencyProof(size1, size2).map(hex));
          const fails = (f: () => void): boolean => {
            try {
              f();
              return false;
            } catch (e) {
              return isTranslogError(e);
            }
          };
          expect(fails(() => verifyConsistency(size1, size2, proof, flip(root1, at, bit), root2))).toBe(true);
          expect(fails(() => verifyConsistency(size1, size2, proof, root1, flip(root2, at, bit)))).toBe(true);
          const i = at % proof.length;
          const bad = proof.map((p, j) => (j === i ? flip(p, at >> 3, bit) : p));
          expect(fails(() => verifyConsistency(size1, size2, bad, root1, root2))).toBe(true);
          expect(fails(() => verifyConsistency(size1, size2, proof.slice(0, -1), root1, root2))).toBe(true);
          expect(fails(() => verifyConsistency(size1, size2, [...proof, proof[0]!], root1, root2))).toBe(
            true,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('large trees from a handful of tiles', () => {
  test('10 million leaves: root, inclusion and consistency proofs read at most 2 tiles per level', async () => {
    const size = 10_000_000;
    const tree = new UniformTree(size);
    expect(hex(await treeRoot(tree, size))).toBe(hex(tree.root()));
    expect(tree.reads).toBeLessThanOrEqual(3);
    for (const index of [0, 1_234_567, size - 1]) {
      tree.reads = 0;
      const proof = await inclusionProof(tree, index, size);
      expect(tree.reads).toBeLessThanOrEqual(6);
      expect(proof.map(hex)).toEqual(tree.inclusionProof(index).map(hex));
      verifyInclusion(tree.leaf, index, size, proof, tree.root());
    }
    tree.reads = 0;
    const proof = await consistencyProof(tree, 7_654_321, size);
    expect(tree.reads).toBeLessThanOrEqual(6);
    verifyConsistency(7_654_321, size, proof, tree.root(7_654_321), tree.root());
  });

  test('sizes beyond 2^32 use exact arithmetic (no 32-bit bitwise overflow)', async () => {
    const size = 2 ** 40 + 2 ** 33 + 12_345;
    const tree = new UniformTree(size);
    expect(hex(await treeRoot(tree, size))).toBe(hex(tree.root()));
    for (const index of [0, 2 ** 32 + 7, 2 ** 40 + 5, size - 1]) {
      const proof = await inclusionProof(tree, index, size);
      expect(proof.map(hex)).toEqual(tree.inclusionProof(index).map(hex));
      verifyInclusion(tree.leaf, index, size, proof, tree.root());
    }
    const size1 = 2 ** 35 + 3;
    verifyConsistency(size1, size, await consistencyProof(tree, size1, size), tree.root(size1), tree.root());
  });

  test('appending the leaf that completes tiles at two levels reads one tile per level', async () => {
    const size = 152 * 65_536 - 1; // ≈ 10 million; one more leaf fills a level-0 and a level-1 tile
    const tree = new UniformTree(size);
    const bigger = new UniformTree(size + 1);
    const r = await appendLeaves(tree, size, [tree.leaf]);
    expect(hex(r.root)).toBe(hex(bigger.root()));
    expect(tree.reads).toBeLessThanOrEqual(3);
    const paths = r.tiles.map((t: Tile) => formatTilePath(t));
    expect(paths).toEqual(['tile/0/x038/911', 'tile/1/151', 'tile/2/000.p/152']);
  });
});

describe('stored internal hashes of full tiles', () => {
  /** A reader that hands out fresh copies of the store's tiles, with internal hashes adopted for full ones. */
  const withInternals = (store: MemoryTileStore, internal: (data: Uint8Array) => Uint8Array): TileReader => ({
    async readTile(level, index, width) {
      const t = await store.readTile(level, index, width);
      if (!t) return t;
      const copy = t.slice();
      if (copy.length === 256 * 32) adoptFullTileInternalHashes(copy, internal(copy));
      return copy;
    },
  });

  test('proofs read through adopted internal hashes equal proofs rebuilt from the tile hashes', async () => {
    const leaves = syntheticLeaves(3 * 256 * 256 + 1000, 7);
    const { store } = await build(leaves, [leaves.length]);
    const naive = new NaiveTree(leaves);
    const reader = withInternals(store, (d) => fullTileInternalHashes(d.slice()));
    for (const index of [0, 255, 256, 70_000, 3 * 256 * 256 + 999]) {
      const proof = await inclusionProof(reader, index, leaves.length);
      expect(proof.map(hex)).toEqual(naive.inclusionProof(index, leaves.length).map(hex));
    }
    const first = (await store.readTile(0, 0, 256))!;
    const internal = fullTileInternalHashes(first);
    expect(internal.length).toBe(FULL_TILE_INTERNAL_BYTES);
    expect(hex(internal.subarray(internal.length - 32))).toBe(hex(naive.root(256))); // the tile's root comes last
  });

  test('a wrong stored internal hash gives a proof that fails verification, never a false one that passes', async () => {
    const leaves = syntheticLeaves(256 * 4, 3);
    const { store } = await build(leaves, [leaves.length]);
    const root = await treeRoot(store, leaves.length);
    const reader = withInternals(store, (d) => flip(fullTileInternalHashes(d.slice()), 5));
    // Byte 5 lies in the first internal hash of every full tile: the parent of leaves 256 and 257 in tile 1,
    // which the proof of leaf 258 needs as its level-1 sibling.
    const proof = await inclusionProof(reader, 258, leaves.length);
    expect(() => verifyInclusion(leaves[258]!, 258, leaves.length, proof, root)).toThrow(/leads to root/);
    const honest = await inclusionProof(store, 258, leaves.length);
    expect(() => verifyInclusion(leaves[258]!, 258, leaves.length, honest, root)).not.toThrow();
  });

  test('internal hashes of the wrong length are not adopted', async () => {
    const leaves = syntheticLeaves(256, 5);
    const { store } = await build(leaves, [256]);
    const reader = withInternals(store, () => new Uint8Array(100));
    const naive = new NaiveTree(leaves);
    expect((await inclusionProof(reader, 17, 256)).map(hex)).toEqual(naive.inclusionProof(17, 256).map(hex));
  });
});
