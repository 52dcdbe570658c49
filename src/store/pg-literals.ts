import { createRequire } from 'node:module';

/** pg's own conversion of a parameter to the text it sends (dates, arrays, JSON …). */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as {
  prepareValue(v: unknown): unknown;
};

/**
 * Writes each `$n` placeholder of `text` as the literal of `values[n-1]`. Placeholders inside quoted
 * strings, quoted identifiers and comments are left alone.
 */
export function inlineParameters(
  text: string,
  values: readonly unknown[],
  /** writes this SQL instead of the literal of parameter `at` (counted from 0) */
  raw?: { at: number; sql: string },
): string {
  if (values.length === 0) return text;
  let out = '';
  let i = 0;
  let from = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 39 /* ' */ || c === 34 /* " */) {
      const end = text.indexOf(text[i]!, i + 1);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === 36 /* $ */ && isDigit(text.charCodeAt(i + 1))) {
      let j = i + 1;
      while (isDigit(text.charCodeAt(j))) j++;
      const n = Number(text.slice(i + 1, j));
      if (n < 1 || n > values.length) throw new Error(`placeholder $${n} has no parameter`);
      out += text.slice(from, i) + (raw?.at === n - 1 ? raw.sql : literal(values[n - 1]));
      i = from = j;
    } else {
      i++;
    }
  }
  return out + text.slice(from);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The SQL literal for a parameter: the text pg would have sent for it, quoted. */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return stringLiteral(v);
  const prepared = prepareValue(v);
  if (prepared === null || prepared === undefined) return 'NULL';
  if (Buffer.isBuffer(prepared)) return stringLiteral(`\\x${prepared.toString('hex')}`);
  return stringLiteral(String(prepared));
}

function stringLiteral(s: string): string {
  if (!s.includes('\\')) return `'${s.replaceAll("'", "''")}'`;
  return ` E'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

const ARRAY_ELEMENT_ESCAPE = /[\\"]/;

/**
 * The array literal of text elements (`null` → NULL) that pg writes for an array parameter —
 * `{"a","b \"c\"",NULL}` — written directly: the import's bulk writes send each column of thousands
 * of rows as one array, and pg's general conversion of each element cost more than the insert.
 */
export function pgArrayLiteral(values: ReadonlyArray<string | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (i > 0) out += ',';
    out += v === null ? 'NULL' : ARRAY_ELEMENT_ESCAPE.test(v) ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
  }
  return `${out}}`;
}
