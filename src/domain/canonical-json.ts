/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Everything Amanah hashes or signs passes through here.
 *
 * - object members sorted by their names' UTF-16 code units (§3.2.3) — what Array.prototype.sort does
 *   for strings;
 * - strings and numbers serialised exactly as ECMAScript's JSON.stringify does (§3.2.2.2, §3.2.2.3);
 * - no white space.
 *
 * Money is a decimal string of minor units, never a JSON number, so no amount is ever rounded.
 * Non-finite numbers, bigints, functions and undefined array elements are refused rather than
 * silently changed.
 *
 * This runs on every command twice (the client signs, the server forms the log leaf) and on whole
 * batches of imported rows, so it is written for speed. Plain JSON data (plain objects and arrays,
 * strings, finite numbers, booleans, null) is handed to the engine's own JSON.stringify — which writes
 * strings and numbers exactly as §3.2.2 asks — once every object's members are in sorted order: an
 * object already in order is passed as it is, any other gets a copy with its members in order (an
 * object's members are enumerated in the order they were added). Where JSON.stringify would not do
 * the same as the definition above — a member name that starts with a digit (the engine enumerates
 * array-index names first, in numeric order), a "__proto__" member, anything that is not plain data, or
 * anything to refuse — the value is written by {@link write}, which follows the definition directly
 * and gives the refusals their messages. Either way the output is byte for byte that of the
 * straightforward version kept in test/domain/canonical-json.test.ts, which property tests hold it to.
 */
export function canonicalJson(value: unknown): string {
  const plain = hasToJson() ? NOT_PLAIN : inOrder(value);
  return plain === NOT_PLAIN ? write(value) : JSON.stringify(plain);
}

/** Something {@link inOrder} leaves to {@link write}. */
const NOT_PLAIN: unique symbol = Symbol('not plain JSON data');

/** A toJSON on the shared prototypes would make JSON.stringify call it: then nothing is handed to it. */
function hasToJson(): boolean {
  return (
    (Object.prototype as { toJSON?: unknown }).toJSON !== undefined ||
    (Array.prototype as { toJSON?: unknown }).toJSON !== undefined
  );
}

/**
 * `value` with every object's members in sorted order — `value` itself when they all are already,
 * otherwise copies where needed — or NOT_PLAIN when JSON.stringify cannot be trusted with it.
 */
function inOrder(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object': {
      if (value === null) return value;
      const proto: unknown = Object.getPrototypeOf(value);
      if (Array.isArray(value)) {
        if (proto !== Array.prototype) return NOT_PLAIN;
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) return NOT_PLAIN; // refused (a hole reads as undefined too)
          const p = inOrder(item);
          if (p === NOT_PLAIN) return NOT_PLAIN;
          if (copy === undefined && p !== item) copy = value.slice(0, i);
          if (copy !== undefined) copy.push(p);
        }
        return copy ?? value;
      }
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      const n = keys.length;
      let sorted = true;
      let values: unknown[] | undefined;
      for (let i = 0; i < n; i++) {
        const k = keys[i]!;
        const c = k.charCodeAt(0);
        if ((c >= 0x30 && c <= 0x39) || k === '__proto__') return NOT_PLAIN;
        if (sorted && i > 0 && keys[i - 1]! > k) sorted = false;
        const v = obj[k];
        if (v === undefined) continue; // left out, as JSON.stringify leaves it out
        const p = inOrder(v);
        if (p === NOT_PLAIN) return NOT_PLAIN;
        if (p !== v) {
          values ??= keys.map((key) => obj[key]);
          values[i] = p;
        }
      }
      if (sorted && values === undefined) return obj;
      const order = keys.map((_, i) => i);
      if (!sorted) order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
      const out: Record<string, unknown> = {};
      for (const i of order) {
        const v = values === undefined ? obj[keys[i]!] : values[i];
        if (v !== undefined) out[keys[i]!] = v;
      }
      return out;
    }
    default:
      return NOT_PLAIN;
  }
}

/**
 * Characters JSON.stringify changes in a string (§3.2.2.2): the quotation mark, the reverse solidus,
 * control characters, and surrogates (a lone surrogate is written as \uXXXX; a pair is tested here
 * too and left to JSON.stringify, which keeps it as it is).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** Canonical JSON written out member by member: for what {@link inOrder} leaves aside. */
function write(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`JCS cannot represent the number ${value}`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const n = value.length;
        if (n === 0) return '[]';
        let out = '[';
        for (let i = 0; i < n; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw new TypeError('JCS cannot represent undefined in an array');
          out += i === 0 ? write(item) : `,${write(item)}`;
        }
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      let sorted = true;
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) {
          sorted = false;
          break;
        }
      }
      if (!sorted) keys.sort();
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const v = obj[k];
        if (v === undefined) continue;
        out += first ? `${quote(k)}:${write(v)}` : `,${quote(k)}:${write(v)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
  }
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of {@link canonicalJson}. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}
