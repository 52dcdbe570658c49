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
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: unknown, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`JCS cannot represent the number ${value}`);
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        out.push('null');
      } else if (Array.isArray(value)) {
        out.push('[');
        value.forEach((item, i) => {
          if (i > 0) out.push(',');
          if (item === undefined) throw new TypeError('JCS cannot represent undefined in an array');
          write(item, out);
        });
        out.push(']');
      } else {
        const obj = value as Record<string, unknown>;
        const keys = Object.keys(obj)
          .filter((k) => obj[k] !== undefined)
          .sort();
        out.push('{');
        keys.forEach((k, i) => {
          if (i > 0) out.push(',');
          out.push(JSON.stringify(k), ':');
          write(obj[k], out);
        });
        out.push('}');
      }
      return;
    default:
      throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
  }
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of {@link canonicalJson}. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}
