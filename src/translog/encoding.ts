/**
 * Byte encodings used on the wire by the C2SP specs: standard padded base64 (RFC 4648 §4), lowercase
 * hex, and strict UTF-8. Written here rather than taken from `Buffer` so the library runs unchanged
 * in a browser, and because `Buffer.from(s, 'base64')` silently skips invalid characters.
 */
import { TranslogError } from './translog-error.js';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_VALUES[BASE64_ALPHABET.charCodeAt(i)] = i;

// RFC 4648 §4 with mandatory padding: groups of four, the last one possibly ending in "=" or "==".
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 with padding (RFC 4648 §4). */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      BASE64_ALPHABET[n >>> 18]! +
      BASE64_ALPHABET[(n >>> 12) & 63]! +
      BASE64_ALPHABET[(n >>> 6) & 63]! +
      BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += BASE64_ALPHABET[n >>> 18]! + BASE64_ALPHABET[(n >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out +=
      BASE64_ALPHABET[n >>> 18]! + BASE64_ALPHABET[(n >>> 12) & 63]! + BASE64_ALPHABET[(n >>> 6) & 63]! + '=';
  }
  return out;
}

/**
 * Decodes standard padded base64 (RFC 4648 §4). Rejects any other character, missing or misplaced
 * padding and a length that is not a multiple of four. Like Go's `base64.StdEncoding`, it ignores
 * non-zero bits in the unused part of the last character (RFC 4648 §3.5 lets decoders choose).
 *
 * @param what names the value in the error message (`"root hash"`).
 */
export function decodeBase64(text: string, what = 'value'): Uint8Array {
  if (!BASE64_PATTERN.test(text)) {
    throw new TranslogError(
      'ENCODING_INVALID',
      `${what} is not standard padded base64: ${JSON.stringify(text)}`,
    );
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = BASE64_VALUES[text.charCodeAt(i)]!;
    const b = BASE64_VALUES[text.charCodeAt(i + 1)]!;
    const c = text[i + 2] === '=' ? 0 : BASE64_VALUES[text.charCodeAt(i + 2)]!;
    const d = text[i + 3] === '=' ? 0 : BASE64_VALUES[text.charCodeAt(i + 3)]!;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex. */
export function encodeHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b >>> 4]! + HEX_DIGITS[b & 15]!;
  return out;
}

/** Decodes hex (either case); rejects odd lengths and non-hex characters. */
export function decodeHex(text: string, what = 'value'): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new TranslogError('ENCODING_INVALID', `${what} is not hex: ${JSON.stringify(text)}`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const UTF8_ENCODER = new TextEncoder();
// fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a leading U+FEFF is kept as text.
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of `text`. */
export function encodeUtf8(text: string): Uint8Array {
  return UTF8_ENCODER.encode(text);
}

/** Decodes strict UTF-8; returns `undefined` for invalid input instead of replacing it. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8_DECODER.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Whether a JS string holds a lone surrogate, which cannot be encoded as UTF-8. */
export function hasLoneSurrogate(text: string): boolean {
  return /\p{Surrogate}/u.test(text);
}

/** Byte-for-byte equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Concatenation of byte arrays into one new array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * Parses an ASCII decimal with no leading zeroes (unless it is `0`), as C2SP uses for sizes and
 * timestamps. Returns `undefined` for anything else, including values beyond 2^53 − 1.
 */
export function parseDecimal(text: string): number | undefined {
  if (!/^(?:0|[1-9][0-9]{0,15})$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
