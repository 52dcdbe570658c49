import { describe, expect, it } from 'vitest';
import { inProcessTransport } from '../../src/cli/context.js';
import { DEMO_ORIGIN, generateDemo } from '../../src/demo/generate.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { fundPosition, pledgesOf } from '../../src/store/fund-repository.js';
import { expectBooksBalance } from '../support/fund-council.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

describe.each(STORE_KINDS)("the demo's fund on %s", (kind) => {
  it('balances: Σ debits = Σ credits per currency, and the position equals the journal', async () => {
    const { store, dispose } = await freshStore(kind);
    const clock = fixedClock(new Date('2026-11-25T09:00:00.000Z'));
    const commands = new CommandService({ store, origin: DEMO_ORIGIN, clock });
    try {
      await generateDemo({ transport: inProcessTransport(commands), seed: 5, now: () => clock.now() });
      await commands.close();
      await expectBooksBalance(store);
      // Other areas' demo parts move money too: check the core's and the fund area's own records.
      const qatar = await pledgesOf(store.db, 'qatar');
      expect(qatar.find((p) => p.id === 'pledge-qatar-1')).toMatchObject({
        received: '3000000000', // 20,000,000.00 in the core, 10,000,000.00 in src/demo/areas/fund.ts
        status: 'paid',
      });
      const usd = (await fundPosition(store.db)).find((p) => p.currency === 'USD')!;
      expect(BigInt(usd.committed)).toBeGreaterThanOrEqual(3_800_000_000n); // 25M + 5M + 8M at least
      expect(usd).toMatchObject({ convertedIn: '141040000' });
      expect((await fundPosition(store.db)).map((p) => p.currency)).toEqual([
        'EGP',
        'IDR',
        'JOD',
        'PKR',
        'TRY',
        'USD',
      ]);
    } finally {
      await commands.close();
      await dispose();
    }
  }, 180_000); // the whole demo (every area's part) on a shared machine
});
