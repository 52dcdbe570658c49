/**
 * Entry bundles (c2sp.org/tlog-tiles "Log entries"): up to 256 consecutive log entries, each
 * prefixed by its length as a big-endian uint16.
 */
import { TILE_WIDTH } from './tile-path.js';
import { TranslogError } from './translog-error.js';

/** tlog-tiles "Log entries": the uint16 length prefix caps an entry at 65,535 bytes. */
export const MAX_ENTRY_SIZE = 0xffff;

const LENGTH_PREFIX_SIZE = 2;

/** Throws `ENTRY_TOO_LARGE` unless `entry` fits a uint16 length prefix (< 65,536 bytes). */
export function assertEntrySize(entry: Uint8Array, what = 'log entry'): void {
  if (entry.length > MAX_ENTRY_SIZE) {
    throw new TranslogError(
      'ENTRY_TOO_LARGE',
      `${what} is ${entry.length} bytes; an entry bundle holds entries of at most ${MAX_ENTRY_SIZE} bytes`,
    );
  }
}

/** Encodes 1..256 entries as an entry bundle. Throws `ENTRY_TOO_LARGE` for an entry ≥ 65,536 bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length === 0 || entries.length > TILE_WIDTH) {
    throw new TranslogError(
      'ENTRY_BUNDLE_MALFORMED',
      `an entry bundle holds 1..${TILE_WIDTH} entries, got ${entries.length}`,
    );
  }
  let size = 0;
  entries.forEach((e, i) => {
    assertEntrySize(e, `entry ${i}`);
    size += LENGTH_PREFIX_SIZE + e.length;
  });
  const out = new Uint8Array(size);
  let offset = 0;
  for (const e of entries) {
    out[offset] = e.length >>> 8;
    out[offset + 1] = e.length & 0xff;
    out.set(e, offset + LENGTH_PREFIX_SIZE);
    offset += LENGTH_PREFIX_SIZE + e.length;
  }
  return out;
}

/**
 * Decodes an entry bundle into its entries. The entries are views into `bundle` (no copies).
 * Throws `ENTRY_BUNDLE_MALFORMED` for a truncated bundle, more than 256 entries, or, when `width`
 * is given, a different number of entries than the bundle's width.
 */
export function decodeEntryBundle(bundle: Uint8Array, width?: number): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bundle.length) {
    if (offset + LENGTH_PREFIX_SIZE > bundle.length) {
      throw new TranslogError(
        'ENTRY_BUNDLE_MALFORMED',
        `entry bundle ends inside a length prefix at byte ${offset}`,
      );
    }
    const length = (bundle[offset]! << 8) | bundle[offset + 1]!;
    const start = offset + LENGTH_PREFIX_SIZE;
    if (start + length > bundle.length) {
      throw new TranslogError(
        'ENTRY_BUNDLE_MALFORMED',
        `entry ${entries.length} of the bundle needs ${length} bytes, only ${bundle.length - start} remain`,
      );
    }
    entries.push(bundle.subarray(start, start + length));
    offset = start + length;
    if (entries.length > TILE_WIDTH) {
      throw new TranslogError('ENTRY_BUNDLE_MALFORMED', `entry bundle holds more than ${TILE_WIDTH} entries`);
    }
  }
  if (width !== undefined && entries.length !== width) {
    throw new TranslogError(
      'ENTRY_BUNDLE_MALFORMED',
      `entry bundle holds ${entries.length} entries, expected ${width}`,
    );
  }
  return entries;
}
