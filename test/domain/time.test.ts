import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from '../../src/domain/time.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Instants in the log's shape, with every field allowed to stray out of its range. */
const instantLike = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    ms: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
  })
  .map(
    (t) =>
      `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.ms === undefined ? '' : `.${pad(t.ms, 3)}`}Z`,
  );

/** One character of a string replaced, inserted or removed. */
const mutated = fc
  .tuple(instantLike, fc.nat(30), fc.constantFrom('x', '-', ':', '.', ' ', '0', '9', 'z', ''), fc.boolean())
  .map(([s, at, ch, insert]) => {
    const i = at % (s.length + 1);
    return s.slice(0, i) + ch + s.slice(insert ? i : i + 1);
  });

describe('instantMs', () => {
  it('is Date.parse on instants of the log’s shape, in and out of range', () => {
    fc.assert(
      fc.property(instantLike, (s) => {
        expect(Object.is(instantMs(s), Date.parse(s)), s).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('is Date.parse on near misses and on other text', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ maxLength: 30 })), (s) => {
        expect(Object.is(instantMs(s), Date.parse(s)), s).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the cases that matter exactly', () => {
    expect(instantMs('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(instantMs('2026-11-25T09:00:00Z')).toBe(Date.UTC(2026, 10, 25, 9));
    // left to Date.parse: a day the month lacks (rolled over), hour 24, a leap second
    expect(instantMs('2023-02-29T00:00:00.000Z')).toBe(Date.parse('2023-02-29T00:00:00.000Z'));
    expect(instantMs('2024-01-01T24:00:00Z')).toBe(Date.UTC(2024, 0, 2));
    expect(instantMs('2024-01-31T23:59:60Z')).toBeNaN();
  });
});
