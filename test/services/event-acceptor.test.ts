/**
 * The fast path of validation must never call valid what the zod schemas (`validateEventStrictly`)
 * refuse, and `validateEvent` must answer exactly as `validateEventStrictly` does: the same value back, or the
 * same error (code, message, field issues). Checked against zod itself, over small schemas of each
 * kind the predicates know, and over the demo log's events (every area) and many near misses of them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SignedEvent } from '../../src/domain/envelope.js';
import { isAmanahError } from '../../src/domain/errors.js';
import { validateEvent, validateEventStrictly } from '../../src/services/event-validation.js';
import { EVENT_TYPES } from '../../src/services/event-handlers.js';
import { acceptsEvent, compileAcceptor } from '../../src/services/event-acceptor.js';
import { testSigner } from '../support/actors.js';
import { demoEvents } from '../verifier/log-events.js';

/** Strings near the edges the schemas draw: white space, surrogates, lengths, case. */
const edgyString = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('', ' ', 'a', 'ab', ' a', 'a ', 'A', 'Z', 'QA', 'qa', 'QAT', 'x-1', '-x', '\u00a0a', 'a\n'),
  fc.constantFrom('\uD800', 'a\uDC00', '😀', '😀😀', '😀a', 'é', 'ab😀'),
  fc.constantFrom('secretariat', 'donor', 'member-state', 'land', 'open', '2026-02-30T00:00:00Z'),
);
const edgyNumber = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, 1, 1.5, 2, 9, 10, 11, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1e308, -1e-300),
);
const edgyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    edgyString,
    edgyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'n', 'en', 'ar', 'extra'), tie('value'), {
      maxKeys: 4,
      noNullPrototype: true,
    }),
    fc.record(
      {
        n: fc.constantFrom(1, 2, 3),
        a: edgyString,
        b: fc.oneof(fc.boolean(), edgyNumber),
        en: edgyString,
        ar: edgyString,
      },
      { requiredKeys: [], noNullPrototype: true },
    ),
  ),
})).value;

/** Schemas of each kind and check the predicates compile, as the event schemas combine them, each with a value it accepts. */
const SCHEMAS: Array<[string, z.ZodType, unknown]> = [
  [
    'a string with bounds and a pattern',
    z
      .string()
      .min(2)
      .max(3)
      .regex(/^[a-z]+$/),
    'ab',
  ],
  ['a string of at least one code point', z.string().min(1).max(2), '😀'],
  ['a refined string', z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'a date'), '2026-01-01'],
  ['a bounded number', z.number().min(-1).max(10), 10],
  ['an exclusive bound', z.number().gt(0).lt(2), 1.5],
  ['an integer', z.number().int().min(1).max(1000), 1000],
  ['a literal', z.literal(1), 1],
  ['a string literal', z.literal(['a', 'b']), 'b'],
  ['an enum', z.enum(['a', 'b', 'en']), 'en'],
  [
    'optional and nullable',
    z.strictObject({ a: z.string().optional(), b: z.number().nullable() }),
    { b: null },
  ],
  [
    'an array with bounds and a refinement',
    z
      .array(z.enum(['a', 'b', 'c']))
      .min(1)
      .max(3)
      .refine((r) => new Set(r).size === r.length),
    ['c', 'a'],
  ],
  ['a strict object', z.strictObject({ en: z.string().min(1), ar: z.string().min(1) }), { en: 'x', ar: 'y' }],
  ['a stripping object', z.object({ a: z.number(), b: z.boolean().optional() }), { a: 1, c: 2 }],
  ['a record', z.record(z.string(), z.unknown()), { a: [1] }],
  ['a record of numbers', z.record(z.string().regex(/^[a-c]$/), z.number()), { a: 1, b: 2 }],
  ['a union', z.union([z.string().min(2), z.number().int()]), 3],
  [
    'a tuple, nested',
    z.tuple([z.number().int(), z.string().nullable(), z.array(z.tuple([z.enum(['a', 'b']), z.string()]))]),
    [1, null, [['a', 'x']]],
  ],
  [
    'a union of objects',
    z.union([z.strictObject({ n: z.literal(1), a: z.string() }), z.strictObject({ n: z.literal(2) })]),
    { n: 2 },
  ],
];

describe('compileAcceptor', () => {
  it.each(SCHEMAS)('accepts only what zod accepts: %s', (_, schema, example) => {
    const accept = compileAcceptor(schema)!;
    expect(accept).toBeDefined();
    expect(schema.safeParse(example).success).toBe(true);
    expect(accept(example)).toBe(true);
    let refused = 0;
    fc.assert(
      fc.property(edgyValue, (v) => {
        if (accept(v)) expect(schema.safeParse(v).success).toBe(true);
        else refused++;
      }),
      { numRuns: 3000 },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it('accepts what zod accepts, but for strings whose length in code points is in doubt', () => {
    for (const [, schema] of SCHEMAS) {
      const accept = compileAcceptor(schema)!;
      fc.assert(
        fc.property(edgyValue, (v) => {
          const doubt = JSON.stringify(v)?.match(/[\uD800-\uDFFF]|\\ud[89a-f]/i) !== null;
          if (!doubt && schema.safeParse(v).success) expect(accept(v)).toBe(true);
        }),
        { numRuns: 1000 },
      );
    }
  });

  it.each<[string, z.ZodType]>([
    ['a transform', z.string().transform((s) => s.length)],
    ['a default', z.strictObject({ a: z.string().default('x') })],
    ['a pipe', z.string().pipe(z.string().min(1))],
    ['coercion', z.coerce.number()],
    ['a trimming string', z.string().trim()],
    ['a string format', z.email()],
    ['an object refinement', z.strictObject({ a: z.number() }).refine((o) => o.a > 0)],
    ['a superRefine', z.string().superRefine(() => undefined)],
    ['a loose object', z.looseObject({ a: z.number() })],
    ['an intersection', z.intersection(z.object({ a: z.number() }), z.object({ b: z.number() }))],
    ['a record over an enum', z.record(z.enum(['a', 'b']), z.number())],
    ['a multiple-of check', z.number().multipleOf(2)],
    [
      'a discriminated union',
      z.discriminatedUnion('n', [z.strictObject({ n: z.literal(1) }), z.strictObject({ n: z.literal(2) })]),
    ],
    ['an exclusive union', z.xor([z.string(), z.string().min(2)])],
  ])('leaves %s to zod', (_, schema) => {
    expect(compileAcceptor(schema)).toBeUndefined();
  });
});

/** What `validateEventStrictly` (or the fast path) answers: the value it returns, or its error. */
function outcome(validate: (raw: unknown) => SignedEvent, raw: unknown): unknown {
  try {
    const e = validate(raw);
    return { same: e === raw };
  } catch (e) {
    // (a few payload schemas can throw a TypeError of their own on malformed input: the same here)
    if (!isAmanahError(e)) return { thrown: String(e) };
    return { code: e.code, message: e.message, issues: e.issues, details: e.details };
  }
}

type Json = unknown;

/** Every path to a value inside `v`. */
function paths(v: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

/** A copy of `v` with the value at `path` (not empty) replaced by `n`, or removed for `DELETE`. */
const DELETE = Symbol('delete');
function edit(v: Json, path: Array<string | number>, n: Json | typeof DELETE): Json {
  const [head, ...rest] = path;
  const copy = (Array.isArray(v) ? [...(v as Json[])] : { ...(v as object) }) as Record<
    string | number,
    Json
  >;
  if (rest.length > 0) copy[head!] = edit(copy[head!], rest, n);
  else if (n !== DELETE) copy[head!] = n;
  else if (Array.isArray(copy)) (copy as Json[]).splice(head as number, 1);
  else delete copy[head!];
  return copy;
}

const nearMiss = (old: Json): fc.Arbitrary<Json | typeof DELETE> =>
  fc.oneof(
    fc.constant(DELETE),
    edgyValue,
    typeof old === 'string'
      ? fc.constantFrom(
          `${old} `,
          ` ${old}`,
          old.slice(1),
          old.slice(0, -1),
          `${old}x`,
          old.toUpperCase(),
          old.repeat(40),
          `${old}\uD800`,
          `${old}😀`,
          '',
        )
      : typeof old === 'number'
        ? fc.constantFrom(old + 1, old - 1, -old, old + 0.5, 0, 1e9, -1e9, 1e308)
        : Array.isArray(old)
          ? fc.constantFrom([], [...old, ...old], [old[0]])
          : old !== null && typeof old === 'object'
            ? fc.constantFrom({ ...old, extra: 1 }, {}, [])
            : fc.constant(null),
  );

/** Rows of an imported line list (the demo records its consignments as objects): two entries' worth. */
function importedEvents(): SignedEvent[] {
  const officer = testSigner('access-officer');
  const row = (n: number, stages: unknown[]): unknown[] => [
    n + 1,
    `cogat-${n}-0123456789`,
    n % 2 ? 'airdrops' : 'land-crossings',
    '2024-03-02T00:00:00.000Z',
    n % 2,
    n % 3 ? 'Jordan' : null,
    null,
    'Food',
    'food',
    '1',
    n % 2 ? 'airdrop' : 'truck',
    n % 4 ? '12500' : null,
    stages,
  ];
  return [
    [row(1, [['entered', '2024-03-02T00:00:00.000Z']]), row(2, [])],
    [
      row(3, [
        ['entered', '2024-03-02T00:00:00.000Z'],
        ['collected', '2024-03-02T00:00:00.000Z'],
      ]),
    ],
  ].map(
    (rows, i) =>
      officer.sign(
        'demo.amanah.local/log',
        'consignments.imported',
        { rows, source: { file: 'cd'.repeat(32), kind: 'cogat' } },
        { id: `imported-${String(i).padStart(12, '0')}`, time: new Date('2026-11-25T09:00:00.000Z') },
      ) as SignedEvent,
  );
}

describe('validateEvent', () => {
  const events = [...demoEvents(5), ...importedEvents()];

  it('takes the fast path for every demo event whose schema it reads, and returns the event', () => {
    const compiled = new Set(EVENT_TYPES.filter((t) => compileAcceptor(t.schema)).map((t) => t.type));
    expect(compiled.size).toBeGreaterThan(30);
    const types = new Set(events.map((e) => e.type));
    expect(types.size).toBeGreaterThan(30);
    for (const e of events) {
      const raw = JSON.parse(JSON.stringify(e)) as unknown;
      expect(acceptsEvent(raw)).toBe(compiled.has(e.type));
      expect(validateEvent(raw)).toBe(raw);
    }
  });

  it('answers as validateEventStrictly does for near misses of every demo event', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...events).chain((e) => {
          const raw = JSON.parse(JSON.stringify(e)) as Json;
          const all = paths(raw).filter((p) => p.length > 0);
          return fc.constantFrom(...all).chain((p) =>
            nearMiss(p.reduce<Json>((v, k) => (v as Record<string, Json>)[k], raw)).map((n) => ({
              raw,
              p,
              n,
            })),
          );
        }),
        ({ raw, p, n }) => {
          const changed = edit(raw, p, n);
          const expected = outcome(validateEventStrictly, changed);
          if (acceptsEvent(changed)) {
            accepted++;
            expect(expected).toEqual({ same: true });
          } else refused++;
          expect(outcome(validateEvent, changed)).toEqual(expected);
        },
      ),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
  });

  it('answers as validateEventStrictly does for envelopes with random members', () => {
    const e = events[1]!;
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('v', 'type', 'sv', 'id', 'time', 'actor', 'payload', 'sig', 'extra'),
          edgyValue,
          { maxKeys: 4, noNullPrototype: true },
        ),
        (members) => {
          const raw = { ...JSON.parse(JSON.stringify(e)), ...members } as Json;
          expect(outcome(validateEvent, raw)).toEqual(outcome(validateEventStrictly, raw));
        },
      ),
      { numRuns: 2000 },
    );
    for (const raw of [null, [], 'x', 1, {}, { ...e, sig: '' }]) {
      expect(outcome(validateEvent, raw)).toEqual(outcome(validateEventStrictly, raw));
    }
  });
});

describe('the fast path and validateEventStrictly', () => {
  it('were last compared on this text of validateEventStrictly', () => {
    // The fast path answers for the envelope, the type, the schema version and the payload, the
    // checks validateEventStrictly makes today. When validateEventStrictly changes, check that
    // src/services/event-acceptor.ts still makes every check it makes, then record the new hash.
    const source = readFileSync('src/services/event-validation.ts', 'utf8');
    const start = source.indexOf('export function validateEventStrictly(');
    const text = source.slice(start, source.indexOf('\n}\n', start) + 2);
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      '3c4691ad881c312e78adf3653dea2cd8798a12665dab02f8bd92eadc4e1e2291',
    );
  });
});
