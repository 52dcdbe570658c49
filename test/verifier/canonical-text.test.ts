import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { isCanonicalJsonText } from '../../src/verifier/index.js';

/** What the scan must agree with whenever it answers `true`: parse, canonicalise, compare. */
function canonicalBySerialising(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

describe('isCanonicalJsonText', () => {
  it('accepts the canonical JSON of any JSON value', () => {
    fc.assert(
      // every character but lone surrogates (escaped by JSON.stringify, left to the full comparison)
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }),
          fc.jsonValue({ maxDepth: 4, stringUnit: 'binary-ascii' }),
        ),
        (value) => {
          expect(isCanonicalJsonText(canonicalJson(value))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never accepts a text that is not the canonical form of its value', () => {
    // Canonical texts with one edit: a character inserted, removed or replaced, or a swap of two.
    const edited = fc
      .tuple(
        fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }).map(canonicalJson),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...' \t\n"\\,:{}[]0123456789-+.eEtrufalsn/ubx\u00e9\u2028\ud83d\ude00\ud800\u0001'),
        fc.constantFrom('insert', 'remove', 'replace', 'swap'),
      )
      .map(([text, a, b, ch, how]) => {
        const i = a % (text.length + 1);
        const j = b % (text.length + 1);
        if (how === 'insert') return text.slice(0, i) + ch + text.slice(i);
        if (how === 'remove') return text.slice(0, i) + text.slice(i + 1);
        if (how === 'replace') return text.slice(0, i) + ch + text.slice(i + 1);
        const [x, y] = [Math.min(i, j), Math.max(i, j)];
        if (y >= text.length) return text;
        return text.slice(0, x) + text[y]! + text.slice(x + 1, y) + text[x]! + text.slice(y + 1);
      });
    fc.assert(
      fc.property(edited, (text) => {
        if (isCanonicalJsonText(text)) expect(canonicalBySerialising(text)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['white space', '{"a": 1}'],
    ['members out of order', '{"b":1,"a":2}'],
    ['a member twice', '{"a":1,"a":1}'],
    ['an escaped solidus', '"a\\/b"'],
    ['an upper-case escape', '"\\u001F"'],
    ['a control character escaped the long way', '"\\u000a"'],
    ['an escaped printable character', '"\\u0041"'],
    ['a raw control character', '"a\u0001"'],
    ['a number not in shortest form', '1.0'],
    ['an exponent JSON.stringify would not write', '1E3'],
    ['negative zero', '-0'],
    ['a number too large for a double', '1e400'],
    ['a leading zero', '01'],
    ['trailing text', '{}x'],
    ['an empty text', ''],
    ['a lone surrogate written as itself', '"\ud800"'],
    ['an unterminated string', '"abc'],
  ])('refuses %s', (_, text) => {
    expect(isCanonicalJsonText(text)).toBe(false);
    expect(canonicalBySerialising(text)).toBe(false);
  });

  it.each([
    ['members in UTF-16 order, not code point order', '{"\ud83d\ude00":1,"\uff61":2}'],
    ['short escapes and a lower-case control escape', '"\\"\\\\\\b\\f\\n\\r\\t\\u001f"'],
    ['characters JSON.stringify leaves alone', '"\u2028\u007f\u00e9/"'],
    ['numbers as Number::toString writes them', '[1e+21,1.5e-7,-5,0.1,123456789012345680000]'],
    ['a member named with an escape', '{"\\n":1,"a":[]}'],
  ])('accepts %s', (_, text) => {
    expect(canonicalBySerialising(text)).toBe(true);
    expect(isCanonicalJsonText(text)).toBe(true);
  });
});
