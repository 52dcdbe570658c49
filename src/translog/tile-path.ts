/**
 * Tile coordinates and resource paths of a tiled transparency log (c2sp.org/tlog-tiles, "Merkle
 * Tree" and "Log entries"). Tile height is fixed at 8, so a full tile holds 256 hashes.
 */
import { HASH_SIZE } from './hash.js';
import { TranslogError } from './translog-error.js';
import { assertTreeSize } from './tree-math.js';

/** tlog-tiles "Merkle Tree": each tile spans 8 levels of the Merkle tree. */
export const TILE_HEIGHT = 8;

/** tlog-tiles "Merkle Tree": full tiles are exactly 256 hashes wide. */
export const TILE_WIDTH = 2 ** TILE_HEIGHT;

/** tlog-tiles "Merkle Tree": 8,192 bytes in a full tile. */
export const FULL_TILE_BYTES = TILE_WIDTH * HASH_SIZE;

/** tlog-tiles "Merkle Tree": `<L>` is between 0 and 63. */
export const MAX_TILE_LEVEL = 63;

/**
 * One tile: the hashes at Merkle level `8 * level`, positions `[index * 256, index * 256 + width)`.
 * `width` is 256 for a full tile and 1..255 for a partial one (tlog-tiles "Partial Tiles").
 */
export interface TileId {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** A parsed `tile/…` path: a hash tile, or an entry bundle (`tile/entries/…`). */
export type TileResource =
  | { readonly kind: 'tile'; readonly level: number; readonly index: number; readonly width: number }
  | { readonly kind: 'entries'; readonly index: number; readonly width: number };

function checkTile(level: number | undefined, index: number, width: number): void {
  if (level !== undefined && (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL)) {
    throw new TranslogError('TILE_PATH_INVALID', `tile level must be 0..${MAX_TILE_LEVEL}, got ${level}`);
  }
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new TranslogError('TILE_PATH_INVALID', `tile index must be a non-negative integer, got ${index}`);
  }
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new TranslogError('TILE_PATH_INVALID', `tile width must be 1..${TILE_WIDTH}, got ${width}`);
  }
}

/**
 * tlog-tiles "Merkle Tree": `<N>` as zero-padded 3-digit path elements, all but the last prefixed
 * with `x` (1234067 → `x001/x234/067`).
 */
export function formatTileIndex(index: number): string {
  checkTile(undefined, index, TILE_WIDTH);
  let rest = index;
  let path = String(rest % 1000).padStart(3, '0');
  rest = Math.floor(rest / 1000);
  while (rest > 0) {
    path = `x${String(rest % 1000).padStart(3, '0')}/${path}`;
    rest = Math.floor(rest / 1000);
  }
  return path;
}

function widthSuffix(width: number): string {
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** The path `tile/<L>/<N>[.p/<W>]` of a hash tile (tlog-tiles "Merkle Tree"). */
export function formatTilePath(tile: TileId): string {
  checkTile(tile.level, tile.index, tile.width);
  return `tile/${tile.level}/${formatTileIndex(tile.index)}${widthSuffix(tile.width)}`;
}

/** The path `tile/entries/<N>[.p/<W>]` of an entry bundle (tlog-tiles "Log entries"). */
export function formatEntryBundlePath(index: number, width: number = TILE_WIDTH): string {
  checkTile(undefined, index, width);
  return `tile/entries/${formatTileIndex(index)}${widthSuffix(width)}`;
}

// <L> or "entries", then N's groups: x-prefixed leading groups, a plain last group, optional .p/<W>.
const TILE_PATH_PATTERN =
  /^tile\/(0|[1-9][0-9]?|entries)\/((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/**
 * Parses a `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` path (without the log prefix).
 * Accepts only the canonical encoding: no superfluous leading `x000/` groups, no leading zeroes in
 * `<L>` or `<W>`, `<W>` in 1..255. Throws `TILE_PATH_INVALID` otherwise.
 */
export function parseTilePath(path: string): TileResource {
  const m = TILE_PATH_PATTERN.exec(path);
  if (m === null) {
    throw new TranslogError(
      'TILE_PATH_INVALID',
      `not a tile path (tile/<L>/<N>[.p/<W>]): ${JSON.stringify(path)}`,
    );
  }
  const [, levelText, leading, last, widthText] = m;
  const groups = [
    ...leading!
      .split('/')
      .filter((g) => g !== '')
      .map((g) => g.slice(1)),
    last!,
  ];
  if (groups.length > 1 && groups[0] === '000') {
    throw new TranslogError('TILE_PATH_INVALID', `tile index has a superfluous leading x000/ group: ${path}`);
  }
  let index = 0;
  for (const g of groups) index = index * 1000 + Number(g);
  if (!Number.isSafeInteger(index)) {
    throw new TranslogError('TILE_PATH_INVALID', `tile index is too large: ${path}`);
  }
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  if (widthText !== undefined && width >= TILE_WIDTH) {
    throw new TranslogError('TILE_PATH_INVALID', `partial tile width must be 1..${TILE_WIDTH - 1}: ${path}`);
  }
  if (levelText === 'entries') return { kind: 'entries', index, width };
  const level = Number(levelText);
  if (level > MAX_TILE_LEVEL) {
    throw new TranslogError('TILE_PATH_INVALID', `tile level must be 0..${MAX_TILE_LEVEL}: ${path}`);
  }
  return { kind: 'tile', level, index, width };
}

/**
 * Number of hashes stored at tile level `level` for a tree of `size` leaves: floor(size / 256^level).
 */
export function hashCountAtTileLevel(level: number, size: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** The tiles at one level of a tree: how many are full, and the width of the partial one (0 if none). */
export interface TileLevelLayout {
  readonly level: number;
  readonly fullTiles: number;
  readonly partialWidth: number;
}

/**
 * tlog-tiles "Partial Tiles": for each level that holds at least one hash, the number of full tiles
 * and the width of the partial tile, `floor(size / 256^level) mod 256`.
 */
export function tileLayout(size: number): TileLevelLayout[] {
  assertTreeSize(size);
  const levels: TileLevelLayout[] = [];
  for (let level = 0; hashCountAtTileLevel(level, size) > 0; level++) {
    const count = hashCountAtTileLevel(level, size);
    levels.push({ level, fullTiles: Math.floor(count / TILE_WIDTH), partialWidth: count % TILE_WIDTH });
  }
  return levels;
}

/**
 * The tile that holds hash `position` of tile level `level` in a tree of `size` leaves, with the
 * width it has in that tree (full, or the partial width at the right edge).
 */
export function tileForHash(level: number, position: number, size: number): TileId {
  const count = hashCountAtTileLevel(level, size);
  const index = Math.floor(position / TILE_WIDTH);
  const width = index < Math.floor(count / TILE_WIDTH) ? TILE_WIDTH : count % TILE_WIDTH;
  return { level, index, width };
}
