import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { replay } from '../../src/services/replay.js';
import type { Store } from '../../src/store/database.js';
import { donorPositions, fundPosition, listJournal, pledgesOf } from '../../src/store/fund-repository.js';
import { logSize } from '../../src/store/log-repository.js';
import { ORIGIN } from '../support/actors.js';
import { expectBooksBalance, seedFund, type FundCouncil } from '../support/fund-council.js';
import { FUND_DATE, FundModel, fundCommands } from '../support/funds.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');

describe.each(STORE_KINDS)('the fund on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let svc: CommandService;
  let f: FundCouncil;
  const clock = fixedClock(NOW);

  beforeEach(async () => {
    clock.set(NOW);
    ({ store, dispose } = await freshStore(kind));
    svc = new CommandService({ store, origin: ORIGIN, clock });
    f = await seedFund(svc, store, clock);
  });
  afterEach(async () => {
    await svc.close();
    await dispose();
  });

  const usd = (value: string) => ({ value, currency: 'USD' });

  it('follows money from pledge to expenditure, with balanced books and a replay that matches', async () => {
    const send = (by: keyof FundCouncil['signers'], type: string, payload: Record<string, unknown>) =>
      f.send(f.signers[by], type, payload);
    await send('qatar', 'pledge.recorded', {
      pledgeId: 'qatar-2026-1',
      donor: 'qatar',
      amount: usd('100000'),
      date: FUND_DATE,
      conditions: 'Housing in the south first.',
    });
    await send('secretariat', 'pledge.recorded', {
      pledgeId: 'gulf-1',
      donor: 'gulf-fund',
      amount: { value: '500000', currency: 'QAR' },
      date: FUND_DATE,
    });
    await send('secretariat', 'receipt.recorded', {
      receiptId: 'rcpt-1',
      pledgeId: 'qatar-2026-1',
      amount: usd('30000'),
      date: FUND_DATE,
      reference: 'SWIFT-001',
    });
    await send('secretariat', 'receipt.recorded', {
      receiptId: 'rcpt-2',
      pledgeId: 'gulf-1',
      amount: { value: '500000', currency: 'QAR' },
      date: FUND_DATE,
      reference: 'SWIFT-002',
    });
    await send('secretariat', 'conversion.recorded', {
      conversionId: 'fx-1',
      from: { value: '100000', currency: 'QAR' },
      to: usd('27470'),
      rate: '0.2747',
      date: FUND_DATE,
      source: 'Deal ticket QNB-77',
    });
    const before = await logSize(store.db);
    // 300.00 + 274.70 USD in cash: not enough for dec-a's 600.00
    const allocate = (allocationId: string, proposalId: string, value: string) =>
      send('secretariat', 'allocation.committed', {
        allocationId,
        proposalId,
        amount: usd(value),
        governorate: 'PS0270',
        sector: 'housing',
        date: FUND_DATE,
      });
    await expect(allocate('alloc-a', 'dec-a', '60000')).rejects.toMatchObject({ code: 'FUND_INSUFFICIENT' });
    await expect(allocate('alloc-a', 'dec-open', '10000')).rejects.toMatchObject({
      code: 'PROPOSAL_NOT_EXECUTED',
    });
    await expect(allocate('alloc-b', 'dec-b', '25001')).rejects.toMatchObject({ code: 'AMOUNT_MISMATCH' });
    await expect(
      send('secretariat', 'receipt.recorded', {
        receiptId: 'rcpt-3',
        pledgeId: 'qatar-2026-1',
        amount: usd('70001'),
        date: FUND_DATE,
        reference: 'SWIFT-003',
      }),
    ).rejects.toMatchObject({ code: 'PLEDGE_OVERPAID' });
    expect(await logSize(store.db)).toBe(before); // refusals write nothing
    await allocate('alloc-b', 'dec-b', '25000');
    await expect(allocate('alloc-b2', 'dec-b', '25000')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await send('secretariat', 'disbursement.made', {
      disbursementId: 'disb-1',
      allocationId: 'alloc-b',
      partner: 'mopwh',
      amount: usd('20000'),
      date: FUND_DATE,
    });
    await expect(
      f.send(f.signers.moh, 'expenditure.reported', {
        expenditureId: 'exp-1',
        disbursementId: 'disb-1',
        amount: usd('100'),
        date: FUND_DATE,
        description: 'Cement',
      }),
    ).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
    await send('mopwh', 'expenditure.reported', {
      expenditureId: 'exp-1',
      disbursementId: 'disb-1',
      amount: usd('15000'),
      date: FUND_DATE,
      description: 'Cement and steel for 12 housing units',
    });
    await send('secretariat', 'refund.recorded', {
      refundId: 'ref-1',
      disbursementId: 'disb-1',
      amount: usd('1000'),
      date: FUND_DATE,
    });
    await expect(
      send('mopwh', 'expenditure.reported', {
        expenditureId: 'exp-2',
        disbursementId: 'disb-1',
        amount: usd('4001'),
        date: FUND_DATE,
        description: 'Labour',
      }),
    ).rejects.toMatchObject({ code: 'OVER_SPENT' });
    await send('qatar', 'pledge.cancelled', { pledgeId: 'qatar-2026-1', reason: 'Budget year closed.' });

    expect(await fundPosition(store.db)).toEqual([
      {
        currency: 'QAR',
        minorUnits: 2,
        pledged: '500000',
        cancelled: '0',
        received: '500000',
        outstanding: '0',
        convertedIn: '0',
        convertedOut: '100000',
        committed: '0',
        disbursed: '0',
        spent: '0',
        refunded: '0',
        uncommittedCash: '400000',
        committedUndisbursed: '0',
        withPartners: '0',
      },
      {
        currency: 'USD',
        minorUnits: 2,
        pledged: '100000',
        cancelled: '70000',
        received: '30000',
        outstanding: '0',
        convertedIn: '27470',
        convertedOut: '0',
        committed: '25000',
        disbursed: '20000',
        spent: '15000',
        refunded: '1000',
        uncommittedCash: '32470',
        committedUndisbursed: '6000',
        withPartners: '4000',
      },
    ]);
    expect(await donorPositions(store.db, 'qatar')).toEqual([
      {
        donor: 'qatar',
        currency: 'USD',
        pledges: 1,
        pledged: '100000',
        received: '30000',
        cancelled: '70000',
        outstanding: '0',
      },
    ]);
    const [pledge] = await pledgesOf(store.db, 'qatar');
    expect(pledge).toMatchObject({
      status: 'cancelled',
      conditions: 'Housing in the south first.',
      receipts: [{ id: 'rcpt-1', amount: '30000', reference: 'SWIFT-001' }],
    });
    const journal = await listJournal(store.db, { currency: 'USD', offset: 0, limit: 100 });
    expect(journal.items.filter((l) => l.eventType === 'expenditure.reported')).toEqual([
      expect.objectContaining({ account: 'spent:disb-1', debit: '15000', credit: '0' }),
      expect.objectContaining({ account: 'advances:disb-1', debit: '0', credit: '15000' }),
    ]);
    await expectBooksBalance(store);

    const scratch = await freshStore(kind);
    try {
      const report = await replay(store, scratch.store);
      expect(report.firstDifference).toBeUndefined();
      expect(report.identical).toBe(true);
      expect(report.tables.find((t) => t.table === 'fund_journal')?.rows).toBe(journal.total + 6); // + the QAR lines: pledge, receipt, conversion
    } finally {
      await scratch.dispose();
    }
  });

  it('decides random command sequences as the pure model does, and keeps the books balanced (property)', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fundCommands(40), async (cmds) => {
        if (runs++ > 0) {
          await svc.close();
          await dispose();
          ({ store, dispose } = await freshStore(kind));
          svc = new CommandService({ store, origin: ORIGIN, clock });
          f = await seedFund(svc, store, clock);
        }
        const model = new FundModel();
        for (const [i, c] of cmds.entries()) {
          expect(await f.run(c), `command ${i}: ${c.type} ${JSON.stringify(c.payload)}`).toBe(model.run(c));
        }
        await expectBooksBalance(store);
        const position = new Map((await fundPosition(store.db)).map((p) => [p.currency, p]));
        for (const [cur, t] of model.totals) {
          const p = position.get(cur);
          expect(BigInt(p?.uncommittedCash ?? '0'), cur).toBe(t.uncommitted);
          expect(BigInt(p?.spent ?? '0'), cur).toBe(t.spent);
          expect(BigInt(p?.received ?? '0'), cur).toBe(t.received);
        }
      }),
      { numRuns: kind === 'postgres' ? 4 : 8 },
    );
  });
});
