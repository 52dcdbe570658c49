/**
 * Whether a text is already in RFC 8785 canonical form, decided in one pass over the text instead
 * of parsing it, serialising the value again with `canonicalJson` and comparing the two (which
 * costs several times more per entry). It answers `true` only when the text is exactly
 * `canonicalJson(JSON.parse(text))`:
 *
 * - no white space anywhere;
 * - object members in strictly increasing order of their names' UTF-16 code units (RFC 8785
 *   §3.2.3), so no name twice;
 * - strings written as ECMAScript's JSON.stringify writes them (§3.2.2.2): `\"`, `\\`, the five
 *   short escapes `\b \f \n \r \t`, `\u00xx` in lower case for the other control characters, every
 *   other character as itself;
 * - numbers written as ECMAScript's Number::toString writes them (§3.2.2.3), finite.
 *
 * It may answer `false` for a canonical text it does not bother to decide (an escaped lone
 * surrogate, nesting deeper than the stack allows): the caller then takes the slow path, which
 * decides every case and says what is wrong.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Characters JSON.stringify writes as a two-character escape, by the letter after the backslash. */
const SHORT_ESCAPES = new Set([QUOTE, BACKSLASH, 0x62, 0x66, 0x6e, 0x72, 0x74]); // " \ b f n r t
/** Control characters with a short escape, which JSON.stringify never writes as `\u00xx`. */
const SHORT_ESCAPED_CONTROLS = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);

/** Signals "not canonical, or not decided here" from deep inside the scan. */
const NOT_CANONICAL = -1;

function lowerHexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return NOT_CANONICAL;
}

/** Scans a string token from the quote at `at`; returns the index after its closing quote. */
function scanString(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    if (i >= text.length) return NOT_CANONICAL;
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c < 0x20) return NOT_CANONICAL;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(i + 1);
      if (SHORT_ESCAPES.has(e)) {
        i += 2;
        continue;
      }
      // Only \u00xx for a control character without a short escape; a \u escape of anything else
      // (an escaped lone surrogate included) is left to the slow path.
      if (e !== 0x75 || text.charCodeAt(i + 2) !== 0x30 || text.charCodeAt(i + 3) !== 0x30) {
        return NOT_CANONICAL;
      }
      const hi = lowerHexValue(text.charCodeAt(i + 4));
      const lo = lowerHexValue(text.charCodeAt(i + 5));
      if (hi < 0 || hi > 1 || lo < 0 || SHORT_ESCAPED_CONTROLS.has(hi * 16 + lo)) return NOT_CANONICAL;
      i += 6;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate pair stays as it is; a lone surrogate would have been escaped.
      const next = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return NOT_CANONICAL;
      i += 2;
      continue;
    }
    i++;
  }
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

/** Scans a number token; canonical when it is exactly what Number::toString writes for its value. */
function scanNumber(text: string, at: number): number {
  let i = at;
  while (i < text.length && isNumberChar(text.charCodeAt(i))) i++;
  const token = text.slice(at, i);
  return token.length > 0 && String(Number(token)) === token ? i : NOT_CANONICAL;
}

function scanLiteral(text: string, at: number, literal: string): number {
  return text.startsWith(literal, at) ? at + literal.length : NOT_CANONICAL;
}

/** The name a member's string token stands for. */
function memberName(text: string, start: number, end: number): string {
  const token = text.slice(start + 1, end - 1);
  return token.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : token;
}

function scanValue(text: string, at: number): number {
  switch (text.charCodeAt(at)) {
    case QUOTE:
      return scanString(text, at);
    case OPEN_BRACE:
      return scanObject(text, at);
    case OPEN_BRACKET:
      return scanArray(text, at);
    case 0x74: // t
      return scanLiteral(text, at, 'true');
    case 0x66: // f
      return scanLiteral(text, at, 'false');
    case 0x6e: // n
      return scanLiteral(text, at, 'null');
    default:
      return scanNumber(text, at);
  }
}

function scanObject(text: string, at: number): number {
  let i = at + 1;
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  let previous: string | undefined;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return NOT_CANONICAL;
    const end = scanString(text, i);
    if (end < 0) return NOT_CANONICAL;
    const name = memberName(text, i, end);
    // JavaScript compares strings by UTF-16 code units, the order RFC 8785 §3.2.3 sorts by.
    if (previous !== undefined && !(previous < name)) return NOT_CANONICAL;
    previous = name;
    if (text.charCodeAt(end) !== COLON) return NOT_CANONICAL;
    i = scanValue(text, end + 1);
    if (i < 0) return NOT_CANONICAL;
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return i + 1;
    if (c !== COMMA) return NOT_CANONICAL;
    i++;
  }
}

function scanArray(text: string, at: number): number {
  let i = at + 1;
  if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (;;) {
    i = scanValue(text, i);
    if (i < 0) return NOT_CANONICAL;
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACKET) return i + 1;
    if (c !== COMMA) return NOT_CANONICAL;
    i++;
  }
}

/**
 * `true` only when `text` is JSON in RFC 8785 canonical form (`canonicalJson(JSON.parse(text))`
 * would give `text` back); `false` when it is not, or when this scan leaves the case to the full
 * comparison (see the module comment).
 */
export function isCanonicalJsonText(text: string): boolean {
  try {
    return text.length > 0 && scanValue(text, 0) === text.length;
  } catch {
    // a stack overflow on deep nesting: leave it to the full comparison
    return false;
  }
}
