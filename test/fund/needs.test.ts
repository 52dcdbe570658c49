import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { replay } from '../../src/services/replay.js';
import type { Store } from '../../src/store/database.js';
import { findCurrentPolicy, getProposal } from '../../src/store/decision-repository.js';
import { fundFigures, fundFiguresFromRecords } from '../../src/store/fund-repository.js';
import { logSize } from '../../src/store/log-repository.js';
import { ORIGIN } from '../support/actors.js';
import { expectBooksBalance, seedFund, type FundCouncil } from '../support/fund-council.js';
import { FUND_DATE } from '../support/funds.js';
import { STATES } from '../support/governance.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');

/** Half the needs in Khan Younis, three tenths in Gaza, a fifth in Rafah; housing and health alike. */
const FORMULA = {
  version: 1,
  title: { en: 'Needs formula 1', ar: 'صيغة الاحتياجات 1' },
  indicators: [{ series: 'damaged-buildings', weightPpm: 1_000_000 }],
  sectors: [
    { sector: 'housing', weightPpm: 500_000 },
    { sector: 'health', weightPpm: 500_000 },
  ],
  deviationThresholdPpm: 100_000,
};

describe.each(STORE_KINDS)('needs-based allocation on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let svc: CommandService;
  let f: FundCouncil;
  const clock = fixedClock(NOW);

  const hashOf = async (id: string) => (await getProposal(store.db, id, clock.now())).hash;
  const approveAll = async (id: string, states: number) => {
    const hash = await hashOf(id);
    for (const s of [...STATES.slice(0, states).map((x) => f.states[x]!), f.palestinian])
      await f.send(s, 'proposal.approved', { proposalId: id, proposalHash: hash });
  };
  const indicator = (governorate: string, value: string, extra: Record<string, unknown> = {}) =>
    f.send(f.head, 'indicator.recorded', {
      indicatorId: `ind-damage-${governorate.toLowerCase()}`,
      series: 'damaged-buildings',
      governorate,
      date: '2024-05-31',
      value,
      unit: 'buildings',
      source: 'Test series',
      confidence: 'medium',
      ...extra,
    });
  const allocate = (
    allocationId: string,
    proposalId: string,
    value: string,
    governorate: string,
    sector: string,
  ) =>
    f.send(f.head, 'allocation.committed', {
      allocationId,
      proposalId,
      amount: { value, currency: 'USD' },
      governorate,
      sector,
      date: FUND_DATE,
    });
  const refusal = async (p: Promise<unknown>): Promise<{ code: string; message: string }> => {
    const e = (await p.then(
      () => {
        throw new Error('accepted, but a refusal was expected');
      },
      (err: unknown) => err,
    )) as { code: string; message: string };
    return e;
  };

  beforeEach(async () => {
    clock.set(NOW);
    ({ store, dispose } = await freshStore(kind));
    svc = new CommandService({ store, origin: ORIGIN, clock });
    f = await seedFund(svc, store, clock);
    for (const [code, en, ar] of [
      ['PS0260', 'Gaza', 'غزة'],
      ['PS0275', 'Rafah', 'رفح'],
    ] as const) {
      await f.send(f.head, 'governorate.registered', { code, name: { en, ar } });
    }
    await f.send(f.head, 'pledge.recorded', {
      pledgeId: 'gulf-1',
      donor: 'gulf-fund',
      amount: { value: '100000', currency: 'USD' },
      date: FUND_DATE,
    });
    await f.send(f.head, 'receipt.recorded', {
      receiptId: 'rcpt-1',
      pledgeId: 'gulf-1',
      amount: { value: '100000', currency: 'USD' },
      date: FUND_DATE,
      reference: 'SWIFT-1',
    });
  });
  afterEach(async () => {
    await svc.close();
    await dispose();
  });

  it('records indicators with source, date and confidence, and refuses bad ones with precise codes', async () => {
    await indicator('PS0270', '50');
    expect((await refusal(indicator('PS0270', '51'))).code).toBe('ALREADY_EXISTS');
    expect((await refusal(indicator('PS0299', '5', { indicatorId: 'ind-x' }))).code).toBe('NOT_FOUND');
    for (const value of ['-1', '1.1234567', '1e3', '']) {
      const r = await refusal(indicator('PS0260', value, { indicatorId: 'ind-bad' }));
      expect(r.code, value).toBe('VALIDATION_FAILED');
    }
    const r = await refusal(
      f.send(f.states.qatar!, 'indicator.recorded', {
        indicatorId: 'ind-by-member',
        series: 'damaged-buildings',
        governorate: 'PS0260',
        date: '2024-05-31',
        value: '3',
        unit: 'buildings',
        source: 'Test',
        confidence: 'low',
      }),
    );
    expect(r.code).toBe('ROLE_REQUIRED');
    expect(
      (await refusal(indicator('PS0260', '3', { indicatorId: 'ind-future', date: '2027-01-01' }))).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('adopts a formula only through an executed policy-change decision carrying exactly it', async () => {
    const propose = (proposalId: string, extra: Record<string, unknown>) =>
      f.send(f.states.qatar!, 'proposal.submitted', {
        proposalId,
        decisionType: 'policy-change',
        title: { en: 'Needs formula 1', ar: 'صيغة الاحتياجات 1' },
        ...extra,
      });
    // a policy change carries a policy or a formula, not both; an allocation carries neither
    const both = await refusal(
      propose('needs-both', { needsFormula: FORMULA, policy: (await findCurrentPolicy(store.db))!.policy }),
    );
    expect(both.code).toBe('VALIDATION_FAILED');
    const onAllocation = await refusal(
      f.send(f.states.qatar!, 'proposal.submitted', {
        proposalId: 'alloc-with-formula',
        decisionType: 'allocation',
        title: { en: 'x', ar: 'x' },
        amount: { value: '100', currency: 'USD' },
        needsFormula: FORMULA,
      }),
    );
    expect(onAllocation.code).toBe('VALIDATION_FAILED');
    const badWeights = await refusal(
      propose('needs-bad', {
        needsFormula: { ...FORMULA, sectors: [{ sector: 'housing', weightPpm: 900_000 }] },
      }),
    );
    expect(badWeights.code).toBe('VALIDATION_FAILED');

    await propose('needs-1', { needsFormula: FORMULA });
    const adopt = (formula: unknown = FORMULA) =>
      f.send(f.head, 'needs-formula.adopted', { proposalId: 'needs-1', formula });
    expect((await refusal(adopt())).code).toBe('PROPOSAL_NOT_EXECUTED');
    await approveAll('needs-1', 4); // 4 states + the Palestinian body: not enough for a policy change
    expect((await getProposal(store.db, 'needs-1', clock.now())).status).toBe('open');
    const hash = await hashOf('needs-1');
    await f.send(f.states[STATES[4]]!, 'proposal.approved', { proposalId: 'needs-1', proposalHash: hash });
    expect((await getProposal(store.db, 'needs-1', clock.now())).status).toBe('executed');
    // the approval policy itself is unchanged
    expect((await findCurrentPolicy(store.db))?.version).toBe(1);

    const changed = await refusal(adopt({ ...FORMULA, deviationThresholdPpm: 900_000 }));
    expect(changed.code).toBe('FORMULA_MISMATCH');
    expect(
      (
        await refusal(
          f.send(f.states.qatar!, 'needs-formula.adopted', { proposalId: 'needs-1', formula: FORMULA }),
        )
      ).code,
    ).toBe('ROLE_REQUIRED');
    await adopt();
    expect((await refusal(adopt())).code).toBe('ALREADY_EXISTS');
    const formulas = (await appOf()).inject('/api/v1/needs/formulas');
    expect((await formulas).json().items).toEqual([
      expect.objectContaining({ version: 1, proposalId: 'needs-1', formula: FORMULA }),
    ]);
  });

  let app: FastifyInstance | undefined;
  const appOf = async () =>
    (app ??= await buildApp({ store, clock, origin: ORIGIN, web: false, log: { key: testLogKey(ORIGIN) } }));
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const adoptFormula = async () => {
    await indicator('PS0270', '50');
    await indicator('PS0260', '30');
    await indicator('PS0275', '20');
    await f.send(f.states.qatar!, 'proposal.submitted', {
      proposalId: 'needs-1',
      decisionType: 'policy-change',
      title: { en: 'Needs formula 1', ar: 'صيغة الاحتياجات 1' },
      needsFormula: FORMULA,
    });
    await approveAll('needs-1', 5);
    await f.send(f.head, 'needs-formula.adopted', { proposalId: 'needs-1', formula: FORMULA });
  };

  it('refuses an allocation beyond its needs share without a signed justification, writing nothing', async () => {
    await adoptFormula();
    const before = await logSize(store.db);
    const flowsBefore = await fundFigures(store.db);
    // dec-a: 600.00 USD to Rafah health, whose needs share is 10 %, of a fund of 1,000.00 USD: 60 %
    const r = await refusal(allocate('alloc-rafah', 'dec-a', '60000', 'PS0275', 'health'));
    expect(r.code).toBe('JUSTIFICATION_REQUIRED');
    expect(r.message).toContain('60.0 %');
    expect(r.message).toContain('10.0 %');
    expect(r.message).toContain('dec-a');
    expect(await logSize(store.db)).toBe(before);
    expect(await fundFigures(store.db)).toEqual(flowsBefore);
    const http = await (await appOf()).inject('/api/v1/needs/report');
    expect(http.json().allocations).toEqual([]);

    // dec-b: 250.00 USD to Khan Younis housing, whose needs share is 25 %: within it
    await allocate('alloc-ky', 'dec-b', '25000', 'PS0270', 'housing');

    // a decision with a written justification, signed with it by every approval
    await f.send(f.states.qatar!, 'proposal.submitted', {
      proposalId: 'dec-j',
      decisionType: 'allocation',
      title: { en: 'Rafah field hospital', ar: 'المستشفى الميداني في رفح' },
      amount: { value: '30000', currency: 'USD' },
      justification: 'The only hospital serving the people displaced to Rafah is out of service.',
    });
    await approveAll('dec-j', 4);
    await allocate('alloc-rafah-j', 'dec-j', '30000', 'PS0275', 'health');
    await expectBooksBalance(store);

    const report = (await (await appOf()).inject('/api/v1/needs/report?currency=USD')).json();
    expect(report.formula).toEqual({ version: 1, proposalId: 'needs-1', seriesUsed: ['damaged-buildings'] });
    expect(report.totalAllocated).toBe('55000');
    expect(report.allocations).toEqual([
      expect.objectContaining({
        allocationId: 'alloc-ky',
        needPpm: '250000',
        sharePpm: '250000',
        deviationPpm: '0',
        flagged: false,
        justification: null,
      }),
      expect.objectContaining({
        allocationId: 'alloc-rafah-j',
        needPpm: '100000',
        sharePpm: '300000', // 300.00 of 250.00 committed + 750.00 uncommitted
        deviationPpm: '200000',
        flagged: true,
        justification: 'The only hospital serving the people displaced to Rafah is out of service.',
      }),
    ]);
    // ranked from the furthest below its needs share: Gaza got nothing of its 30 %
    expect(report.byGovernorate.map((g: { key: string; gapPpm: string }) => [g.key, g.gapPpm])).toEqual([
      ['PS0260', '-300000'],
      ['PS0270', String(454545 - 500000)],
      ['PS0275', String(545455 - 200000)],
    ]);
    expect(report.bySector.map((s: { key: string }) => s.key)).toEqual(['housing', 'health']);
    expect(report.byCell[0]).toMatchObject({ key: 'PS0270|health', needPpm: '250000', allocated: '0' });

    // the position by governorate and sector, and month by month
    const byGov = (await (await appOf()).inject('/api/v1/fund/position/by-governorate')).json();
    expect(byGov.items).toEqual([
      expect.objectContaining({ key: 'PS0270', currency: 'USD', committed: '25000' }),
      expect.objectContaining({ key: 'PS0275', currency: 'USD', committed: '30000' }),
    ]);
    const bySector = (await (await appOf()).inject('/api/v1/fund/position/by-sector')).json();
    expect(bySector.items.map((i: { key: string; committed: string }) => [i.key, i.committed])).toEqual([
      ['health', '30000'],
      ['housing', '25000'],
    ]);
    const history = (await (await appOf()).inject('/api/v1/fund/history?currency=USD')).json();
    expect(history.months).toEqual([
      {
        period: FUND_DATE.slice(0, 7),
        flows: { committed: '55000', pledged: '100000', received: '100000' },
        cumulative: { committed: '55000', pledged: '100000', received: '100000' },
      },
    ]);
    const oneSector = (
      await (await appOf()).inject('/api/v1/fund/history?currency=USD&sector=health')
    ).json();
    expect(oneSector).toMatchObject({ scope: 'sector:health', months: [{ flows: { committed: '30000' } }] });
    const both = await (
      await appOf()
    ).inject('/api/v1/fund/history?currency=USD&sector=health&governorate=PS0275');
    expect(both.statusCode).toBe(400);
    expect(both.json().code).toBe('VALIDATION_FAILED');

    // the maintained totals equal the sums of the records, and a replay rebuilds every table the same
    expect(await fundFigures(store.db)).toEqual(await fundFiguresFromRecords(store.db));
    const scratch = await freshStore(kind);
    try {
      const rebuilt = await replay(store, scratch.store);
      expect(rebuilt.firstDifference).toBeUndefined();
      expect(rebuilt.tables.find((t) => t.table === 'needs_allocation_checks')?.rows).toBe(2);
      expect(rebuilt.tables.find((t) => t.table === 'needs_formula_proposals')?.rows).toBe(1);
    } finally {
      await scratch.dispose();
    }
  });

  it('leaves allocations unmeasured while no formula is in force', async () => {
    await allocate('alloc-a', 'dec-a', '60000', 'PS0275', 'health');
    const report = (await (await appOf()).inject('/api/v1/needs/report')).json();
    expect(report.formula).toBeNull();
    expect(report.allocations).toEqual([
      expect.objectContaining({ allocationId: 'alloc-a', deviationPpm: null, flagged: false }),
    ]);
  });
});
