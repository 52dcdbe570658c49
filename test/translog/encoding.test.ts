/** Byte encodings: strict padded base64 (RFC 4648 §4), hex, UTF-8, decimals. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  bytesEqual,
  concatBytes,
  decodeBase64,
  decodeHex,
  decodeUtf8,
  encodeBase64,
  encodeHex,
  isTranslogError,
  parseDecimal,
} from '../../src/translog/index.js';

describe('encoding', () => {
  test('base64 and hex agree with Buffer and round-trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const b64 = encodeBase64(bytes);
        expect(b64).toBe(Buffer.from(bytes).toString('base64'));
        expect(bytesEqual(decodeBase64(b64), bytes)).toBe(true);
        expect(encodeHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
        expect(bytesEqual(decodeHex(encodeHex(bytes)), bytes)).toBe(true);
      }),
    );
  });

  test('base64 decoding is strict about alphabet, padding and length', () => {
    for (const bad of [
      'A',
      'AA',
      'AAA',
      'AA=',
      'A===',
      'AAAA=',
      '=AAA',
      'AA==AAAA',
      'AA A',
      'AA-_',
      'AAAA\n',
      ' AAAA',
    ]) {
      try {
        decodeBase64(bad);
        expect.unreachable(bad);
      } catch (e) {
        expect(isTranslogError(e, 'ENCODING_INVALID'), bad).toBe(true);
      }
    }
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
    // Like Go's StdEncoding, unused trailing bits are ignored (RFC 4648 §3.5 lets decoders choose).
    expect([...decodeBase64('AB==')]).toEqual([0]);
  });

  test('hex rejects odd lengths and non-hex', () => {
    expect(() => decodeHex('abc')).toThrow();
    expect(() => decodeHex('zz')).toThrow();
    expect([...decodeHex('FF00')]).toEqual([255, 0]);
  });

  test('UTF-8 decoding is strict and keeps a byte-order mark', () => {
    expect(decodeUtf8(Uint8Array.of(0xff))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toBe('\ufeffA');
    expect(decodeUtf8(Uint8Array.of(0xe2, 0x80, 0x94))).toBe('\u2014');
  });

  test('decimals: no leading zeroes, no signs, below 2^53', () => {
    expect(parseDecimal('0')).toBe(0);
    expect(parseDecimal('20852163')).toBe(20852163);
    expect(parseDecimal('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['', '00', '01', '-1', '+1', '1e3', '1.0', ' 1', '1 ', '9007199254740992', '0x10']) {
      expect(parseDecimal(bad), bad).toBeUndefined();
    }
  });

  test('concatBytes', () => {
    expect([...concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))]).toEqual([1, 2, 3]);
  });
});
