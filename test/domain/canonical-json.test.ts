import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/canonical-json.js';

const thirdParty = canonicalize as unknown as (v: unknown) => string;

/**
 * The implementation as it was before it was made faster, kept as the definition the current one must
 * match byte for byte (and error for error).
 */
function straightforward(value: unknown): string {
  const out: string[] = [];
  const write = (v: unknown): void => {
    switch (typeof v) {
      case 'string':
        out.push(JSON.stringify(v));
        return;
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError(`JCS cannot represent the number ${v}`);
        out.push(JSON.stringify(v));
        return;
      case 'boolean':
        out.push(v ? 'true' : 'false');
        return;
      case 'object':
        if (v === null) {
          out.push('null');
        } else if (Array.isArray(v)) {
          out.push('[');
          v.forEach((item, i) => {
            if (i > 0) out.push(',');
            if (item === undefined) throw new TypeError('JCS cannot represent undefined in an array');
            write(item);
          });
          out.push(']');
        } else {
          const obj = v as Record<string, unknown>;
          const keys = Object.keys(obj)
            .filter((k) => obj[k] !== undefined)
            .sort();
          out.push('{');
          keys.forEach((k, i) => {
            if (i > 0) out.push(',');
            out.push(JSON.stringify(k), ':');
            write(obj[k]);
          });
          out.push('}');
        }
        return;
      default:
        throw new TypeError(`JCS cannot represent a value of type ${typeof v}`);
    }
  };
  write(value);
  return out.join('');
}

/** The text, or the error's type and message. */
function outcome(f: (v: unknown) => string, v: unknown): string {
  try {
    return f(v);
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** Member names that take the engine's other paths: array indices, "__proto__", surrogates, escapes. */
const awkwardKey = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom('__proto__', '0', '1', '10', '2', '01', '4294967295', '-1', '1.5', 'toJSON', 'a', 'b', ''),
  fc.nat({ max: 300 }).map(String),
);

/** JSON-like values with what canonical JSON refuses or leaves out mixed in. */
const { value: awkwardValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constantFrom(Number.NaN, Infinity, -0, 1e21, 1e-7, 5e-324),
      fc.bigInt({ min: -5n, max: 5n }),
      fc.constant(new Date(0)),
    ),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(awkwardKey, tie('value'), { maxKeys: 6 }),
    fc
      .dictionary(awkwardKey, tie('value'), { maxKeys: 4 })
      .map((d) => Object.assign(Object.create(null) as object, d)),
  ),
}));

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

  it('sorts names that look like array indices as text, not as numbers', () => {
    // the engine enumerates "2" before "10"; RFC 8785 sorts "10" first
    expect(canonicalJson({ 2: 'b', 10: 'a', x: { 1: 1, '!': 0 } })).toBe(
      '{"10":"a","2":"b","x":{"!":0,"1":1}}',
    );
    // a member named "__proto__" (JSON.parse makes it an own member) stays a member, in its place
    expect(canonicalJson(JSON.parse('{"b":2,"__proto__":{"y":1,"x":0}}'))).toBe(
      '{"__proto__":{"x":0,"y":1},"b":2}',
    );
  });

  it('refuses what JSON cannot carry instead of changing it', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined/);
    // the first offending member in canonical order is the one named
    expect(() => canonicalJson({ b: Number.NaN, a: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    // a hole in an array is an undefined element too: refused (the earlier version silently left it
    // out, writing [1,2] for [1, , 2] — the one input on which the two differ on purpose)
    // eslint-disable-next-line no-sparse-arrays
    expect(() => canonicalJson([1, , 2])).toThrow(/undefined/);
  });

  it('agrees with the reference implementation on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(thirdParty(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives byte for byte what the straightforward implementation gives, on JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(straightforward(v));
        // and on the same value with its members in sorted order, as a parsed canonical text has them
        const parsed: unknown = JSON.parse(straightforward(v));
        expect(canonicalJson(parsed)).toBe(straightforward(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same text or the same error as the straightforward implementation on awkward values', () => {
    fc.assert(
      fc.property(awkwardValue, (v) => {
        expect(outcome(canonicalJson, v)).toBe(outcome(straightforward, v));
      }),
      { numRuns: 5000 },
    );
  });

  it('matches the straightforward implementation on signed-event payloads of every shape the log holds', () => {
    const consignment = {
      consignmentId: 'cogat-1-0123456789',
      crossing: 'land-crossings',
      requestedAt: '2024-02-25T00:00:00.000Z',
      donor: 'Jordan',
      trucks: 1,
      items: [{ item: 'Food', category: 'food', quantity: '1', unit: 'truck', weightKg: '12500' }],
      stages: [{ stage: 'entered', at: '2024-02-25T00:00:00.000Z' }],
      row: 2,
      note: undefined,
    };
    const payload = {
      source: { kind: 'cogat', file: 'a'.repeat(64) },
      consignments: [consignment, consignment],
    };
    expect(canonicalJson(payload)).toBe(straightforward(payload));
    const envelope = {
      v: 1,
      type: 'consignments.recorded',
      sv: 1,
      id: 'imp-x',
      time: 't',
      actor: 'k',
      payload,
    };
    expect(canonicalJson(envelope)).toBe(straightforward(envelope));
    // the input is never changed
    expect(Object.keys(consignment)[0]).toBe('consignmentId');
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
