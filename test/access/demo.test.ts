import { describe, expect, it } from 'vitest';
import { inProcessTransport } from '../../src/cli/context.js';
import { accessDemoArea } from '../../src/demo/areas/access.js';
import { DEMO_ORIGIN, demoSize, generateDemo } from '../../src/demo/generate.js';
import { Random } from '../../src/demo/random.js';
import { categoryRates, dailyMetrics } from '../../src/services/access.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { replay } from '../../src/services/replay.js';
import { consignmentCount, listAppeals, listPoints } from '../../src/store/access-repository.js';
import { openScratchStore } from '../../src/store/scratch-store.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

describe('the access demo', () => {
  it('yields exactly the steps its size says, at scale 1 and larger', () => {
    for (const scale of [1, 3]) {
      const ctx = {
        seed: 1,
        scale,
        origin: DEMO_ORIGIN,
        rnd: new Random('access'),
        signer: () => ({}) as never,
        cite: () => () => '',
        contractors: 12,
      };
      expect([...accessDemoArea.steps(ctx)].length).toBe(accessDemoArea.size(scale));
    }
    expect(accessDemoArea.size(1)).toBeLessThanOrEqual(1500);
    expect(accessDemoArea.size(5) - accessDemoArea.size(1)).toBe(1000);
  });
});

describe.each(STORE_KINDS)('the demo with access data on %s', (kind) => {
  it('follows the real shape around the floor, and replays to identical projections', async () => {
    const { store, dispose } = await freshStore(kind);
    const clock = fixedClock(new Date('2026-11-25T09:00:00.000Z'));
    const commands = new CommandService({ store, origin: DEMO_ORIGIN, clock });
    try {
      const s = await generateDemo({
        transport: inProcessTransport(commands),
        seed: 3,
        now: () => clock.now(),
      });
      expect(s.events).toBe(demoSize(1));
      await commands.close();
      const m = await dailyMetrics(store, { from: '2025-01-05', to: '2025-03-05' });
      // the trucks that entered: the COGAT shape scaled to a mean of 600 (less the denied, intercepted after entry count)
      expect(m.summary.meanTrucksPerDay).toBeGreaterThan(450);
      expect(m.summary.meanTrucksPerDay).toBeLessThan(650);
      expect(m.summary.daysBelowFloor).toBeGreaterThan(20);
      expect(m.summary.daysBelowFloor).toBeLessThan(60);
      expect(await consignmentCount(store.db)).toBeGreaterThan(1000);
      const rates = await categoryRates(store, { from: '2025-01-01', to: '2025-03-10' });
      expect(rates.categories.map((c) => c.category)).toContain('construction-material');
      expect((await listAppeals(store.db, {})).length).toBe(4);
      expect((await listPoints(store.db)).length).toBe(6);
      const scratch = await openScratchStore(store);
      try {
        const r = await replay(store, scratch.store);
        expect(r.firstDifference).toBeUndefined();
        expect(r.identical).toBe(true);
      } finally {
        await scratch.dispose();
      }
    } finally {
      await commands.close();
      await dispose();
    }
  }, 120_000);
});
