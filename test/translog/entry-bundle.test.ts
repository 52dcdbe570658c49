/** Entry bundles (c2sp.org/tlog-tiles "Log entries"). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  MAX_ENTRY_SIZE,
  decodeEntryBundle,
  encodeEntryBundle,
  isTranslogError,
} from '../../src/translog/index.js';
import { hex } from './naive-tree.js';
import { codeOf } from './code-of.js';

describe('entry bundles', () => {
  test('round trip for 1..256 entries of any size up to 65,535 bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 600 }), { minLength: 1, maxLength: 256 }),
        (entries) => {
          const bundle = encodeEntryBundle(entries);
          expect(bundle.length).toBe(entries.reduce((n, e) => n + 2 + e.length, 0));
          const back = decodeEntryBundle(bundle, entries.length);
          expect(back.map(hex)).toEqual(entries.map(hex));
        },
      ),
      { numRuns: 200 },
    );
    const largest = new Uint8Array(MAX_ENTRY_SIZE).fill(0xab);
    const bundle = encodeEntryBundle([largest, new Uint8Array(0)]);
    expect([...bundle.subarray(0, 2)]).toEqual([0xff, 0xff]);
    expect(decodeEntryBundle(bundle).map((e) => e.length)).toEqual([MAX_ENTRY_SIZE, 0]);
  });

  test('the length prefix is big-endian uint16', () => {
    const entry = new Uint8Array(0x0102);
    expect([...encodeEntryBundle([entry]).subarray(0, 2)]).toEqual([0x01, 0x02]);
  });

  test('rejects entries of 65,536 bytes or more with a clear error', () => {
    try {
      encodeEntryBundle([new Uint8Array(3), new Uint8Array(MAX_ENTRY_SIZE + 1)]);
      expect.unreachable();
    } catch (e) {
      expect(isTranslogError(e, 'ENTRY_TOO_LARGE')).toBe(true);
      expect(String(e)).toContain('entry 1 is 65536 bytes');
    }
  });

  test('rejects malformed bundles', () => {
    const ok = encodeEntryBundle([Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    expect(codeOf(() => decodeEntryBundle(ok.subarray(0, ok.length - 1)))).toBe('ENTRY_BUNDLE_MALFORMED');
    expect(codeOf(() => decodeEntryBundle(Uint8Array.of(0)))).toBe('ENTRY_BUNDLE_MALFORMED');
    expect(codeOf(() => decodeEntryBundle(ok, 3))).toBe('ENTRY_BUNDLE_MALFORMED');
    expect(codeOf(() => decodeEntryBundle(new Uint8Array(2 * 257)))).toBe('ENTRY_BUNDLE_MALFORMED');
    expect(codeOf(() => encodeEntryBundle([]))).toBe('ENTRY_BUNDLE_MALFORMED');
    expect(codeOf(() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array(0))))).toBe(
      'ENTRY_BUNDLE_MALFORMED',
    );
    expect(decodeEntryBundle(new Uint8Array(0))).toEqual([]);
  });

  test('decoded entries are views into the bundle, not copies', () => {
    const bundle = encodeEntryBundle([Uint8Array.of(9, 9)]);
    const [entry] = decodeEntryBundle(bundle);
    expect(entry!.buffer).toBe(bundle.buffer);
  });
});
