import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Limiter, mapOrdered } from '../../src/verifier/ordered-map.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('mapOrdered', () => {
  it('yields in source order, with at most `limit` calls beside the consumer, whatever the timing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        async (delays, limit, upstreamLimit) => {
          let inHand = 0;
          let most = 0;
          // two stages chained, as verifyLog chains downloads and checks
          const first = mapOrdered(delays.keys(), upstreamLimit, async (i) => (await tick(delays[i]!), i));
          const second = mapOrdered(first, limit, async (i) => {
            most = Math.max(most, ++inHand);
            await tick(delays[delays.length - 1 - i]!);
            return i;
          });
          const out: number[] = [];
          for await (const i of second) {
            inHand--;
            out.push(i);
          }
          expect(out).toEqual([...delays.keys()]);
          expect(most).toBeLessThanOrEqual(limit + 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reports the first failure in order, and stops pulling after the consumer stops', async () => {
    let pulled = 0;
    function* source() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    }
    const run = collect(
      mapOrdered(source(), 4, async (i) => {
        await tick(i === 5 ? 5 : 0);
        if (i === 5 || i === 7) throw new Error(`bad ${i}`);
        return i;
      }),
    );
    await expect(run).rejects.toThrow('bad 5');
    await tick(10);
    expect(pulled).toBeLessThan(15);
  });
});

describe('Limiter', () => {
  it('never runs more than its limit at once', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        limiter.run(async () => {
          most = Math.max(most, ++active);
          await tick(i % 3);
          active--;
        }),
      ),
    );
    expect(most).toBe(3);
  });
});
