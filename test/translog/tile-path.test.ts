/** c2sp.org/tlog-tiles paths and layout. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  FULL_TILE_BYTES,
  TILE_WIDTH,
  formatEntryBundlePath,
  formatTileIndex,
  formatTilePath,
  isTranslogError,
  parseTilePath,
  tileForHash,
  tileLayout,
} from '../../src/translog/index.js';

describe('tile paths', () => {
  test('constants follow tlog-tiles (height 8)', () => {
    expect(TILE_WIDTH).toBe(256);
    expect(FULL_TILE_BYTES).toBe(8192);
  });

  test('index groups: 3 digits, all but the last prefixed with x', () => {
    expect(formatTileIndex(0)).toBe('000');
    expect(formatTileIndex(999)).toBe('999');
    expect(formatTileIndex(1000)).toBe('x001/000');
    expect(formatTileIndex(1_234_067)).toBe('x001/x234/067');
    expect(formatTileIndex(Number.MAX_SAFE_INTEGER)).toBe('x009/x007/x199/x254/x740/991');
  });

  test('format and parse are inverse for every valid tile and bundle', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 63 }),
        fc.oneof(fc.nat(5_000), fc.nat({ max: Number.MAX_SAFE_INTEGER })),
        fc.integer({ min: 1, max: 256 }),
        (level, index, width) => {
          const path = formatTilePath({ level, index, width });
          expect(parseTilePath(path)).toEqual({ kind: 'tile', level, index, width });
          expect(path.endsWith('.p/256')).toBe(false);
          const bundle = formatEntryBundlePath(index, width);
          expect(parseTilePath(bundle)).toEqual({ kind: 'entries', index, width });
        },
      ),
    );
  });

  test('rejects non-canonical or out-of-range paths', () => {
    const bad = [
      'tile/0/1',
      'tile/0/0001',
      'tile/0/x000/001', // superfluous leading group
      'tile/0/001/002', // leading group without x
      'tile/0/x001',
      'tile/00/000',
      'tile/64/000',
      'tile/0/000.p/0',
      'tile/0/000.p/256',
      'tile/0/000.p/017',
      'tile/0/000.p/',
      'tile/entries/x1/000',
      '/tile/0/000',
      'tile/0/000/',
      'tiles/0/000',
      'tile/0/x010/x000/x000/x000/x000/x000/000', // beyond 2^53
    ];
    for (const p of bad) {
      expect(() => parseTilePath(p), p).toThrow();
      try {
        parseTilePath(p);
      } catch (e) {
        expect(isTranslogError(e, 'TILE_PATH_INVALID'), p).toBe(true);
      }
    }
    expect(() => formatTilePath({ level: 64, index: 0, width: 256 })).toThrow(/level/);
    expect(() => formatTilePath({ level: 0, index: -1, width: 256 })).toThrow(/index/);
    expect(() => formatTilePath({ level: 0, index: 0, width: 0 })).toThrow(/width/);
    expect(() => formatEntryBundlePath(0, 257)).toThrow(/width/);
  });
});

describe('tile layout', () => {
  test('hash counts per level are floor(size / 256^level), split into full tiles and one partial', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(70_000), fc.nat({ max: Number.MAX_SAFE_INTEGER })), (size) => {
        const layout = tileLayout(size);
        layout.forEach((l, i) => {
          expect(l.level).toBe(i);
          const count = Math.floor(size / 256 ** i);
          expect(l.fullTiles * 256 + l.partialWidth).toBe(count);
          expect(count).toBeGreaterThan(0);
          // One hash at the level above per full tile here.
          if (i + 1 < layout.length) {
            const up = layout[i + 1]!;
            expect(up.fullTiles * 256 + up.partialWidth).toBe(l.fullTiles);
          } else {
            expect(l.fullTiles).toBe(0);
          }
        });
        expect(layout.length === 0).toBe(size === 0);
      }),
    );
  });

  test('tileForHash gives full width inside the tree and the partial width at its right edge', () => {
    expect(tileForHash(0, 0, 70_000)).toEqual({ level: 0, index: 0, width: 256 });
    expect(tileForHash(0, 69_999, 70_000)).toEqual({ level: 0, index: 273, width: 112 });
    expect(tileForHash(1, 272, 70_000)).toEqual({ level: 1, index: 1, width: 17 });
    expect(tileForHash(2, 0, 70_000)).toEqual({ level: 2, index: 0, width: 1 });
  });
});
