import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/canonical-json.js';

const reference = canonicalize as unknown as (v: unknown) => string;

describe('RFC 8785 canonical JSON', () => {
  it('sorts members by UTF-16 code units and prints numbers as ECMAScript does (RFC 8785 §3.2.3, Appendix B)', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], '€': 1, '\r': 2, '1': 3, ö: 4 })).toBe(
      '{"\\r":2,"1":3,"a":[true,null,"x"],"b":1,"ö":4,"€":1}',
    );
    expect(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2, 333333333.3333333])).toBe(
      '[1e+21,1e-7,0,0.30000000000000004,333333333.3333333]',
    );
    expect(canonicalJson('\u2028\u0000"\\')).toBe('"\u2028\\u0000\\"\\\\"');
    // sorting by code units, not code points: U+1F600 (surrogates D83D…) sorts before U+FB33
    expect(canonicalJson({ '\ufb33': 1, '\u{1f600}': 2 })).toBe('{"\u{1f600}":2,"\ufb33":1}');
  });

  it('refuses what JSON cannot carry instead of changing it', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined/);
  });

  it('agrees with the reference implementation on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('is a fixed point: parsing and canonicalising again gives the same text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const once = canonicalJson(v);
        expect(canonicalJson(JSON.parse(once))).toBe(once);
      }),
    );
  });
});
