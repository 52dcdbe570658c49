import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../src/services/read-cache.js';

describe('ReadCache', () => {
  const setup = () => {
    let t = 0;
    let computed = 0;
    const cache = new ReadCache(1_000, () => t);
    const compute = () => Promise.resolve(++computed);
    return { cache, compute, advance: (ms: number) => (t += ms), computed: () => computed };
  };

  it('computes once for concurrent readers and keeps the answer until the log grows', async () => {
    const { cache, compute, computed } = setup();
    const answers = await Promise.all(Array.from({ length: 100 }, () => cache.get('overview', compute)));
    expect(new Set(answers)).toEqual(new Set([1]));
    expect(computed()).toBe(1);
    cache.invalidate();
    expect(await cache.get('overview', compute)).toBe(2);
  });

  it('recomputes after its maximum age (writes by another process, clock-dependent figures)', async () => {
    const { cache, compute, advance } = setup();
    expect(await cache.get('k', compute)).toBe(1);
    advance(999);
    expect(await cache.get('k', compute)).toBe(1);
    advance(1);
    expect(await cache.get('k', compute)).toBe(2);
  });

  it('does not remember a failure', async () => {
    const { cache, compute } = setup();
    await expect(cache.get('k', () => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    expect(await cache.get('k', compute)).toBe(1);
  });

  it('keys are independent', async () => {
    const { cache, compute } = setup();
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('b', compute)).toBe(2);
    expect(await cache.get('a', compute)).toBe(1);
  });

  describe('with the log size to check against', () => {
    const sized = () => {
      let t = 0;
      let computed = 0;
      let size = 10;
      let sizeReads = 0;
      const cache = new ReadCache(
        1_000,
        () => t,
        1_000,
        () => {
          sizeReads++;
          return Promise.resolve(size);
        },
      );
      return {
        cache,
        compute: () => Promise.resolve(++computed),
        advance: (ms: number) => (t += ms),
        grow: () => (size += 1),
        computed: () => computed,
        sizeReads: () => sizeReads,
      };
    };

    it('keeps an answer past its age while the log has not grown, checking the size once for all readers', async () => {
      const c = sized();
      expect(await c.cache.get('k', c.compute)).toBe(1);
      const readsBefore = c.sizeReads();
      c.advance(5_000);
      const answers = await Promise.all(Array.from({ length: 50 }, () => c.cache.get('k', c.compute)));
      expect(new Set(answers)).toEqual(new Set([1]));
      expect(c.computed()).toBe(1);
      expect(c.sizeReads() - readsBefore).toBe(1);
      // the check renewed its age: no further size read within maxAgeMs
      c.advance(500);
      expect(await c.cache.get('k', c.compute)).toBe(1);
      expect(c.sizeReads() - readsBefore).toBe(1);
    });

    it('computes again once the log has grown (a write by another process)', async () => {
      const c = sized();
      expect(await c.cache.get('k', c.compute)).toBe(1);
      c.grow();
      c.advance(999);
      expect(await c.cache.get('k', c.compute)).toBe(1); // within its age
      c.advance(1);
      const answers = await Promise.all(Array.from({ length: 20 }, () => c.cache.get('k', c.compute)));
      expect(new Set(answers)).toEqual(new Set([2]));
      expect(c.computed()).toBe(2);
    });

    it('computes a clock-dependent answer again after its age, in the background while the log has not grown', async () => {
      const c = sized();
      expect(await c.cache.get('k', c.compute, { clock: true })).toBe(1);
      c.advance(1_000);
      // the previous answer at once, while the new one is computed once for everybody
      const during = await Promise.all(
        Array.from({ length: 10 }, () => c.cache.get('k', c.compute, { clock: true })),
      );
      expect(new Set(during)).toEqual(new Set([1]));
      await new Promise((r) => setTimeout(r, 0));
      expect(await c.cache.get('k', c.compute, { clock: true })).toBe(2);
      expect(c.computed()).toBe(2);
      // once the log has grown, readers wait for the new answer
      c.grow();
      c.advance(1_000);
      expect(await c.cache.get('k', c.compute, { clock: true })).toBe(3);
    });

    it('serves JSON text computed once', async () => {
      const c = sized();
      const text = await c.cache.json('j', () => Promise.resolve({ a: [1, 2] }));
      expect(text).toBe('{"a":[1,2]}');
      expect(await c.cache.json('j', () => Promise.reject(new Error('not called')))).toBe(text);
    });
  });
});
