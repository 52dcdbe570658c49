import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import type { Store } from '../../src/store/database.js';
import { getProposal } from '../../src/store/decision-repository.js';
import { fundFigures } from '../../src/store/fund-repository.js';
import { logSize } from '../../src/store/log-repository.js';
import { nextId, ORIGIN, testSigner } from '../support/actors.js';
import { seedFund, type FundCouncil } from '../support/fund-council.js';
import { FUND_DATE } from '../support/funds.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');

/**
 * The issue's list of bad input, each sent through the command service as a signed command: refused
 * with its own code and a message that says what would be accepted, and nothing written — not to the
 * log, not to the fund's totals.
 */
describe.each(STORE_KINDS)('bad money input on %s', (kind) => {
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
    await f.send(f.head, 'pledge.recorded', {
      pledgeId: 'gulf-1',
      donor: 'gulf-fund',
      amount: { value: '50000', currency: 'USD' },
      date: FUND_DATE,
    });
    await f.send(f.head, 'receipt.recorded', {
      receiptId: 'rcpt-1',
      pledgeId: 'gulf-1',
      amount: { value: '30000', currency: 'USD' },
      date: FUND_DATE,
      reference: 'SWIFT-1',
    });
    await f.send(f.head, 'allocation.committed', {
      allocationId: 'alloc-b',
      proposalId: 'dec-b',
      amount: { value: '25000', currency: 'USD' },
      governorate: 'PS0270',
      sector: 'housing',
      date: FUND_DATE,
    });
  });
  afterEach(async () => {
    await svc.close();
    await dispose();
  });

  /** Sends a command that must be refused; returns its code and message, having checked nothing changed. */
  const refused = async (
    send: () => Promise<unknown>,
  ): Promise<{ code: string; message: string; issues: Array<{ path: string }> }> => {
    const [size, figures] = [await logSize(store.db), await fundFigures(store.db)];
    const e = await send().then(
      () => {
        throw new Error('the command was accepted');
      },
      (err: { code: string; message: string; issues: Array<{ path: string }> }) => err,
    );
    expect(await logSize(store.db)).toBe(size);
    expect(await fundFigures(store.db)).toEqual(figures);
    return e;
  };
  const pledge = (amount: unknown, extra: Record<string, unknown> = {}) =>
    f.send(f.head, 'pledge.recorded', {
      pledgeId: 'gulf-2',
      donor: 'gulf-fund',
      amount,
      date: FUND_DATE,
      ...extra,
    });

  it('refuses over-commitment, over-disbursement and the wrong currency', async () => {
    const over = await refused(() =>
      f.send(f.head, 'allocation.committed', {
        allocationId: 'alloc-a',
        proposalId: 'dec-a',
        amount: { value: '60000', currency: 'USD' },
        governorate: 'PS0270',
        sector: 'housing',
        date: FUND_DATE,
      }),
    );
    expect(over.code).toBe('FUND_INSUFFICIENT');
    expect(over.message).toBe('the fund holds 50.00 USD of uncommitted cash, less than 600.00 USD');

    const disburse = (value: string, currency = 'USD') =>
      f.send(f.head, 'disbursement.made', {
        disbursementId: 'disb-1',
        allocationId: 'alloc-b',
        partner: 'mopwh',
        amount: { value, currency },
        date: FUND_DATE,
      });
    const overPaid = await refused(() => disburse('25001'));
    expect(overPaid.code).toBe('OVER_DISBURSED');
    expect(overPaid.message).toMatch(/has 250\.00 USD left to disburse, less than 250\.01 USD/);

    const currency = await refused(() => disburse('100', 'EUR'));
    expect(currency.code).toBe('CURRENCY_MISMATCH');
    expect(currency.message).toBe("the amount is in EUR; it must be in the allocation's currency, USD");
  });

  it('refuses fractions of a minor unit, negative and zero amounts, and amounts as numbers', async () => {
    for (const amount of [
      { value: '12.50', currency: 'USD' },
      { value: '-500', currency: 'USD' },
      { value: '0', currency: 'USD' },
      { value: 1250, currency: 'USD' },
      { value: '1250', currency: 'XAU' },
    ]) {
      const e = await refused(() => pledge(amount));
      expect(e.code, JSON.stringify(amount)).toBe('VALIDATION_FAILED');
      expect(e.issues[0]?.path, JSON.stringify(amount)).toMatch(/^payload\.amount\.(value|currency)$/);
    }
  });

  it('refuses unknown organisations and keys, and signatures by revoked keys', async () => {
    expect((await refused(() => pledge({ value: '100', currency: 'USD' }, { donor: 'nobody' }))).code).toBe(
      'ORG_UNKNOWN',
    );
    const stranger = testSigner('not-registered');
    expect(
      (
        await refused(() =>
          f.send(stranger, 'pledge.recorded', {
            pledgeId: 'x-1',
            donor: 'gulf-fund',
            amount: { value: '1', currency: 'USD' },
            date: FUND_DATE,
          }),
        )
      ).code,
    ).toBe('KEY_UNKNOWN');
    await f.send(f.head, 'key.revoked', { keyId: f.partner.keyId, reason: 'Device lost' });
    const revoked = await refused(() =>
      f.send(f.partner, 'expenditure.reported', {
        expenditureId: 'exp-1',
        disbursementId: 'disb-none',
        amount: { value: '1', currency: 'USD' },
        date: FUND_DATE,
        description: 'Materials',
      }),
    );
    expect(revoked.code).toBe('KEY_REVOKED');
  });

  it('refuses approvals after expiry, and counts a double submission once', async () => {
    await f.send(f.states.qatar!, 'proposal.submitted', {
      proposalId: 'dec-late',
      decisionType: 'allocation',
      title: { en: 'Late', ar: 'متأخر' },
      amount: { value: '1000', currency: 'USD' },
    });
    const hash = (await getProposal(store.db, 'dec-late', clock.now())).hash;
    clock.set(new Date(NOW.getTime() + 15 * 24 * 3_600_000)); // the test policy gives 14 days
    const late = await refused(() =>
      f.send(f.states.egypt!, 'proposal.approved', { proposalId: 'dec-late', proposalHash: hash }),
    );
    expect(late.code).toBe('PROPOSAL_EXPIRED');

    const signed = f.head.sign(
      ORIGIN,
      'pledge.recorded',
      { pledgeId: 'gulf-3', donor: 'gulf-fund', amount: { value: '700', currency: 'USD' }, date: FUND_DATE },
      { id: nextId(), time: clock.now() },
    );
    const first = await svc.submit(signed);
    const size = await logSize(store.db);
    const figures = await fundFigures(store.db);
    expect(await svc.submit(signed)).toEqual({ ...first, status: 'duplicate' });
    expect(await logSize(store.db)).toBe(size);
    expect(await fundFigures(store.db)).toEqual(figures);
    // the same pledge again under a new event id: refused, not counted twice
    const twice = await refused(() => pledge({ value: '700', currency: 'USD' }, { pledgeId: 'gulf-3' }));
    expect(twice.code).toBe('ALREADY_EXISTS');
  });
});
