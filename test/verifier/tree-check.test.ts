import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryTileStore, appendLeaves, formatTilePath, tileLayout } from '../../src/translog/index.js';
import { TreeCheck, bundleCount, bundleWidth, failureOf } from '../../src/verifier/index.js';

/** Leaf hashes of a synthetic log (the tree does not care what the entries are). */
function leaves(size: number, salt = ''): Uint8Array {
  const out = new Uint8Array(size * 32);
  for (let i = 0; i < size; i++) out.set(createHash('sha256').update(`${salt}${i}`).digest(), i * 32);
  return out;
}

/** Every tile of the tree of `size` leaves, by path, as a log serves them, and the root. */
async function servedTiles(
  hashes: Uint8Array,
  size: number,
): Promise<{ tiles: Map<string, Uint8Array>; root: Uint8Array }> {
  const store = new MemoryTileStore();
  const all: Uint8Array[] = [];
  for (let i = 0; i < size; i++) all.push(hashes.subarray(i * 32, (i + 1) * 32));
  const r = await appendLeaves(store, 0, all);
  store.writeTiles(r.tiles);
  const tiles = new Map<string, Uint8Array>();
  for (const l of tileLayout(size)) {
    for (let index = 0; index <= l.fullTiles; index++) {
      const width = index < l.fullTiles ? 256 : l.partialWidth;
      if (width === 0) continue;
      tiles.set(
        formatTilePath({ level: l.level, index, width }),
        (await store.readTile(l.level, index, width))!,
      );
    }
  }
  return { tiles, root: r.root };
}

/** Runs a TreeCheck over the served tiles, bundle by bundle, as verifyLog does. */
async function check(
  hashes: Uint8Array,
  size: number,
  tiles: Map<string, Uint8Array>,
  root: Uint8Array,
  previous?: { size: number; rootHash: Uint8Array },
) {
  const tree = new TreeCheck(size, previous);
  const asked = new Set<string>();
  for (let b = 0; b < bundleCount(size); b++) {
    const ids = tree.tilesForBundle(b).map(formatTilePath);
    ids.forEach((p) => asked.add(p));
    const width = bundleWidth(b, size);
    await tree.appendBundle(
      hashes.subarray(b * 256 * 32, (b * 256 + width) * 32),
      new Map(ids.map((p) => [p, tiles.get(p)])),
    );
  }
  const result = await tree.finish(root);
  return { result, asked };
}

describe('TreeCheck', () => {
  it('asks for every tile once and compares all of them, across full tiles of level 1', async () => {
    for (const size of [1, 255, 256, 257, 65_536, 70_000]) {
      const hashes = leaves(size);
      const { tiles, root } = await servedTiles(hashes, size);
      const { result, asked } = await check(hashes, size, tiles, root);
      expect([...asked].sort()).toEqual([...tiles.keys()].sort());
      expect(result.tilesCompared).toBe(tiles.size);
      expect(Buffer.from(result.root).equals(Buffer.from(root))).toBe(true);
    }
  }, 60_000);

  it('names a changed tile of any level', async () => {
    const size = 70_000; // tlog-tiles' example: level 1 holds a full tile and a partial one of 17
    const hashes = leaves(size);
    const { tiles, root } = await servedTiles(hashes, size);
    for (const path of [
      'tile/1/000',
      'tile/1/001.p/17',
      'tile/2/000.p/1',
      'tile/0/273.p/112',
      'tile/0/100',
    ]) {
      const changed = new Map(tiles);
      const bytes = new Uint8Array(tiles.get(path)!);
      bytes[bytes.length - 1]! ^= 0x80;
      changed.set(path, bytes);
      const e = await check(hashes, size, changed, root).catch((x: unknown) => x);
      expect(failureOf(e)?.subject).toEqual({ kind: 'tile', path });
    }
  }, 60_000);

  it('checks the growth from a previous size: roots from entries and tiles, and a consistency proof', async () => {
    const size = 3_000;
    const hashes = leaves(size);
    const { tiles, root } = await servedTiles(hashes, size);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: size }), async (old) => {
        const { root: oldRoot } = await servedTiles(hashes.subarray(0, old * 32), old);
        await check(hashes, size, tiles, root, { size: old, rootHash: oldRoot });
        // the same old size with another history
        const other = leaves(old, 'fork');
        const { root: forkRoot } = await servedTiles(other, old);
        const e = await check(hashes, size, tiles, root, { size: old, rootHash: forkRoot }).catch(
          (x: unknown) => x,
        );
        expect(failureOf(e)?.subject).toEqual({ kind: 'history', size: old });
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('names the checkpoint when its root is not the root of the entries', async () => {
    const hashes = leaves(300);
    const { tiles } = await servedTiles(hashes, 300);
    const e = await check(hashes, 300, tiles, new Uint8Array(32)).catch((x: unknown) => x);
    expect(failureOf(e)?.message).toMatch(/^checkpoint: its root hash .* is not the root of its 300 entries/);
  });
});
