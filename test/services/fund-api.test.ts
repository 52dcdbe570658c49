import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import type { Store } from '../../src/store/database.js';
import { ORIGIN } from '../support/actors.js';
import { seedFund } from '../support/fund-council.js';
import { FUND_DATE } from '../support/funds.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');

describe.each(STORE_KINDS)('the fund API on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  const clock = fixedClock(NOW);

  beforeEach(async () => {
    ({ store, dispose } = await freshStore(kind));
    const svc = new CommandService({ store, origin: ORIGIN, clock });
    const f = await seedFund(svc, store, clock);
    await f.send(f.head, 'pledge.recorded', {
      pledgeId: 'gulf-1',
      donor: 'gulf-fund',
      amount: { value: '500000', currency: 'USD' },
      date: FUND_DATE,
    });
    await f.send(f.head, 'receipt.recorded', {
      receiptId: 'rcpt-1',
      pledgeId: 'gulf-1',
      amount: { value: '200000', currency: 'USD' },
      date: FUND_DATE,
      reference: 'SWIFT-1',
    });
    await svc.close();
    app = await buildApp({ store, clock, origin: ORIGIN, web: false, log: { key: testLogKey(ORIGIN) } });
  });
  afterEach(async () => {
    await app.close();
    await dispose();
  });

  it('serves the position, the donor tracker and the journal', async () => {
    const pos = await app.inject('/api/v1/fund/position');
    expect(pos.statusCode).toBe(200);
    expect(pos.json().currencies).toEqual([
      expect.objectContaining({
        currency: 'USD',
        pledged: '500000',
        received: '200000',
        uncommittedCash: '200000',
      }),
    ]);
    expect(pos.json().byDonor).toEqual([
      expect.objectContaining({ donor: 'gulf-fund', outstanding: '300000' }),
    ]);
    const donor = (await app.inject('/api/v1/fund/donors/gulf-fund')).json();
    expect(donor.pledges[0]).toMatchObject({
      id: 'gulf-1',
      outstanding: '300000',
      receipts: [{ id: 'rcpt-1' }],
    });
    expect((await app.inject('/api/v1/fund/donors/nobody')).statusCode).toBe(404);
    const j = (await app.inject('/api/v1/fund/journal?limit=2&offset=2')).json();
    expect(j.total).toBe(4);
    expect(j.items).toEqual([
      expect.objectContaining({
        account: 'cash:uncommitted',
        debit: '200000',
        eventType: 'receipt.recorded',
      }),
      expect.objectContaining({ account: 'receivable:gulf-fund', credit: '200000' }),
    ]);
    const figures = (await app.inject('/api/v1/overview')).json().figures as Array<{ key: string }>;
    expect(
      figures.filter((x) => ['pledged', 'received', 'allocated', 'disbursed', 'spent'].includes(x.key)),
    ).toEqual([
      { key: 'pledged', kind: 'money', value: '500000', currency: 'USD', minorUnits: 2 },
      { key: 'received', kind: 'money', value: '200000', currency: 'USD', minorUnits: 2 },
      { key: 'allocated', kind: 'money', value: '0', currency: 'USD', minorUnits: 2 },
      { key: 'disbursed', kind: 'money', value: '0', currency: 'USD', minorUnits: 2 },
      { key: 'spent', kind: 'money', value: '0', currency: 'USD', minorUnits: 2 },
    ]);
    const bad = await app.inject('/api/v1/fund/journal?currency=XYZ');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });
});
