// Small shape checks for API answers: the web app trusts the server's schema, but shows an error
// rather than a wrong number when an answer does not match it.

export type JsonObject = { readonly [key: string]: unknown };

export function asObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${what}: object expected`);
  return value as JsonObject;
}

export function asArray(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${what}: array expected`);
  return value;
}

export function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what}: string expected`);
  return value;
}

export function asInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw new TypeError(`${what}: integer expected`);
  return value;
}
