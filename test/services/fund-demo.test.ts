import { describe, expect, it } from 'vitest';
import { inProcessTransport } from '../../src/cli/context.js';
import { DEMO_ORIGIN, generateDemo } from '../../src/demo/generate.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { fundPosition } from '../../src/store/fund-repository.js';
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
      const usd = (await fundPosition(store.db)).find((p) => p.currency === 'USD');
      expect(usd).toMatchObject({
        pledged: '5000000000',
        received: '3000000000',
        convertedIn: '141040000',
        committed: '2500000000',
        disbursed: '1500000000',
        spent: '325000000',
        uncommittedCash: '641040000',
      });
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
  });
});
