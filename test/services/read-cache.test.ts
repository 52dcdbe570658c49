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
});
