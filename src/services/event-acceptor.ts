/**
 * A faster way to say yes to a signed event, for `validateEvent` (event-validation.ts).
 *
 * `validateEvent` runs the envelope's and the payload's zod schemas; on a log that is nearly all
 * valid events that is several microseconds an entry, most of it zod's machinery rather than the
 * checks. Here each schema is read once (its definition: types, patterns, bounds, refinements) and
 * turned into a plain predicate that only ever answers "valid" for a value zod accepts: it knows a
 * small set of schema kinds and checks, and wherever it meets anything else, or a value it is not
 * sure of, it answers "not sure". `validateEvent` returns a value it accepts as it is (schemas never
 * transform) and runs the zod schemas (`validateEventStrictly`) on any other, so every refusal, and
 * its message, is zod's. test/services/event-acceptor.test.ts holds the predicates to zod's verdicts.
 */
import type { z } from 'zod';
import type { SignedEvent } from '../domain/envelope.js';
import { envelopeSchema } from '../domain/envelope.js';
import { GENESIS, HANDLERS_BY_TYPE } from './event-handlers.js';

/** A predicate that answers true only for a value the schema accepts. */
export type Acceptor = (value: unknown) => boolean;

interface Def {
  readonly type: string;
  readonly checks?: ReadonlyArray<{ readonly _zod: { readonly def: CheckDef } }>;
  readonly [key: string]: unknown;
}

interface CheckDef {
  readonly check: string;
  readonly [key: string]: unknown;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Definition members that do not change what a schema accepts. */
const NEUTRAL = new Set(['type', 'checks', 'error']);

/** True when the definition has nothing but `members` and neutral ones. */
function only(def: Def, ...members: string[]): boolean {
  return Object.keys(def).every((k) => NEUTRAL.has(k) || members.includes(k));
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Whether a string holds a UTF-16 surrogate (where its length in code points differs). */
const hasSurrogate = (s: string): boolean => /[\uD800-\uDFFF]/.test(s);

/**
 * A predicate for one check, or `undefined` for a check it does not know. Zod measures a string's
 * length in code points: a string without surrogates has as many as its length; with surrogates
 * the answer is "not sure" unless the length alone settles it.
 */
function compileCheck(c: CheckDef, subject: 'string' | 'number' | 'array'): Acceptor | undefined {
  switch (c.check) {
    case 'string_format': {
      const pattern = c.pattern;
      if (subject !== 'string' || c.format !== 'regex' || !(pattern instanceof RegExp)) return undefined;
      if (pattern.global || pattern.sticky) return undefined;
      return (v) => pattern.test(v as string);
    }
    case 'min_length': {
      const min = c.minimum;
      if (typeof min !== 'number' || subject === 'number') return undefined;
      if (subject === 'array') return (v) => (v as unknown[]).length >= min;
      return (v) => {
        const s = v as string;
        return s.length >= 2 * min || (s.length >= min && !hasSurrogate(s));
      };
    }
    case 'max_length': {
      const max = c.maximum;
      if (typeof max !== 'number' || subject === 'number') return undefined;
      // code points never outnumber UTF-16 units
      return (v) => (v as { length: number }).length <= max;
    }
    case 'greater_than':
    case 'less_than': {
      const bound = c.value;
      if (subject !== 'number' || typeof bound !== 'number') return undefined;
      const inclusive = c.inclusive === true;
      if (c.check === 'greater_than')
        return (v) => (inclusive ? (v as number) >= bound : (v as number) > bound);
      return (v) => (inclusive ? (v as number) <= bound : (v as number) < bound);
    }
    case 'number_format':
      if (subject !== 'number' || c.format !== 'safeint') return undefined;
      return (v) => Number.isSafeInteger(v);
    case 'custom': {
      // a refinement: zod calls `fn` with the value and refuses a falsy answer
      const fn = c.fn;
      if (c.type !== 'custom' || typeof fn !== 'function' || subject === 'number') return undefined;
      return (v) => {
        try {
          return (fn as (value: unknown) => unknown)(v) === true;
        } catch {
          return false;
        }
      };
    }
    default:
      return undefined;
  }
}

/** All of a definition's checks as one predicate, or `undefined` if one of them is unknown. */
function compileChecks(def: Def, subject: 'string' | 'number' | 'array'): Acceptor | undefined {
  const checks = (def.checks ?? []).map((c) => compileCheck(c._zod.def, subject));
  if (checks.some((c) => c === undefined)) return undefined;
  const all = checks as Acceptor[];
  return (v) => {
    for (const c of all) if (!c(v)) return false;
    return true;
  };
}

const noChecks = (def: Def): boolean => (def.checks ?? []).length === 0;

/**
 * The predicate of a zod schema, or `undefined` when the schema uses anything this does not know
 * (transforms, defaults, coercion, intersections, object-level refinements …).
 */
export function compileAcceptor(schema: z.ZodType): Acceptor | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      if (!only(def)) return undefined;
      const checks = compileChecks(def, 'string');
      return checks && ((v) => typeof v === 'string' && checks(v));
    }
    case 'number': {
      if (!only(def)) return undefined;
      const checks = compileChecks(def, 'number');
      return checks && ((v) => typeof v === 'number' && Number.isFinite(v) && checks(v));
    }
    case 'boolean':
      return only(def) && noChecks(def) ? (v) => typeof v === 'boolean' : undefined;
    case 'null':
      return only(def) && noChecks(def) ? (v) => v === null : undefined;
    case 'unknown':
    case 'any':
      return only(def) && noChecks(def) ? () => true : undefined;
    case 'literal': {
      const values = def.values;
      if (!only(def, 'values') || !noChecks(def) || !Array.isArray(values)) return undefined;
      const primitives = values.filter((x) => ['string', 'number', 'boolean'].includes(typeof x));
      return (v) => primitives.some((x) => x === v);
    }
    case 'enum': {
      const entries = def.entries as Record<string, unknown> | undefined;
      if (!only(def, 'entries') || !noChecks(def) || entries === undefined) return undefined;
      // a z.enum of strings maps each value to itself; anything else (a TypeScript enum) is left to zod
      if (!Object.entries(entries).every(([k, x]) => k === x)) return undefined;
      const values = new Set(Object.keys(entries));
      return (v) => typeof v === 'string' && values.has(v);
    }
    case 'optional': {
      if (!only(def, 'innerType') || !noChecks(def)) return undefined;
      const inner = compileAcceptor(def.innerType as z.ZodType);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'nullable': {
      if (!only(def, 'innerType') || !noChecks(def)) return undefined;
      const inner = compileAcceptor(def.innerType as z.ZodType);
      return inner && ((v) => v === null || inner(v));
    }
    case 'array': {
      if (!only(def, 'element')) return undefined;
      const element = compileAcceptor(def.element as z.ZodType);
      const checks = compileChecks(def, 'array');
      if (element === undefined || checks === undefined) return undefined;
      return (v) => Array.isArray(v) && v.every((x) => element(x)) && checks(v);
    }
    case 'tuple': {
      // a fixed tuple: every item required, nothing after the last (optional items and a rest are
      // left to zod)
      if (!only(def, 'items', 'rest') || !noChecks(def) || def.rest !== null) return undefined;
      const items = (def.items as z.ZodType[]).map((item) =>
        defOf(item).type === 'optional' ? undefined : compileAcceptor(item),
      );
      if (items.some((i) => i === undefined)) return undefined;
      const all = items as Acceptor[];
      return (v) => {
        if (!Array.isArray(v) || v.length !== all.length) return false;
        for (let i = 0; i < all.length; i++) if (!(i in v) || !all[i]!(v[i])) return false;
        return true;
      };
    }
    case 'object':
      return compileObject(def);
    case 'record': {
      if (!only(def, 'keyType', 'valueType') || !noChecks(def)) return undefined;
      const keyDef = defOf(def.keyType);
      // a key type with values (an enum, literals) makes zod require every key: left to zod
      if (keyDef.type !== 'string') return undefined;
      const key = compileAcceptor(def.keyType as z.ZodType);
      const value = compileAcceptor(def.valueType as z.ZodType);
      if (key === undefined || value === undefined) return undefined;
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (const k of Object.keys(v)) if (k === '__proto__' || !key(k) || !value(v[k])) return false;
        return true;
      };
    }
    case 'union': {
      // an inclusive union only: a discriminated or exclusive one refuses a value two options accept
      if (!only(def, 'options') || !noChecks(def)) return undefined;
      const options = (def.options as z.ZodType[]).map(compileAcceptor);
      if (options.some((o) => o === undefined)) return undefined;
      return (v) => (options as Acceptor[]).some((o) => o(v));
    }
    default:
      return undefined;
  }
}

function compileObject(def: Def): Acceptor | undefined {
  if (!only(def, 'shape', 'catchall') || !noChecks(def)) return undefined;
  const catchall = def.catchall === undefined ? undefined : defOf(def.catchall);
  // strict (catchall never) or stripping (no catchall) objects only
  if (catchall !== undefined && catchall.type !== 'never') return undefined;
  const strict = catchall !== undefined;
  const shape = def.shape as Record<string, z.ZodType>;
  const fields: Array<{ key: string; optional: boolean; accept: Acceptor }> = [];
  for (const [key, field] of Object.entries(shape)) {
    const accept = compileAcceptor(field);
    if (accept === undefined) return undefined;
    fields.push({ key, optional: defOf(field).type === 'optional', accept });
  }
  const known = new Set(Object.keys(shape));
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const f of fields) {
      if (!Object.hasOwn(v, f.key)) {
        if (!f.optional) return false;
        continue;
      }
      if (!f.accept(v[f.key])) return false;
    }
    if (strict) for (const k of Object.keys(v)) if (!known.has(k)) return false;
    return true;
  };
}

interface EventAcceptor {
  readonly version: number;
  readonly payload: Acceptor | undefined;
}

let envelope: Acceptor | undefined | null = null;
const byType = new Map<string, EventAcceptor>();

function eventAcceptor(type: string): EventAcceptor | undefined {
  let a = byType.get(type);
  if (a === undefined) {
    const def = type === GENESIS.type ? GENESIS : HANDLERS_BY_TYPE.get(type)?.event;
    if (def === undefined) return undefined;
    a = { version: def.version, payload: compileAcceptor(def.schema) };
    byType.set(type, a);
  }
  return a;
}

/**
 * Whether `raw` is certainly a valid signed event in `validateEvent`'s sense: a valid envelope, of a
 * known type, in its schema version, with a valid payload. False means "not sure".
 */
export function acceptsEvent(raw: unknown): boolean {
  if (envelope === null) envelope = compileAcceptor(envelopeSchema);
  if (envelope === undefined || !envelope(raw)) return false;
  const e = raw as SignedEvent;
  const a = eventAcceptor(e.type);
  return a !== undefined && a.payload !== undefined && e.sv === a.version && a.payload(e.payload);
}
