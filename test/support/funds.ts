import fc from 'fast-check';
import type { ZodType } from 'zod';
import type { Actor } from '../../src/domain/actor.js';
import type { SignedEvent } from '../../src/domain/envelope.js';
import { isAmanahError } from '../../src/domain/errors.js';
import {
  allocationLeft,
  decideAllocationCommitted,
  decideConversionRecorded,
  decideDisbursementMade,
  decideExpenditureReported,
  decidePledgeCancelled,
  decidePledgeRecorded,
  decideReceiptRecorded,
  decideRefundRecorded,
  disbursementLeft,
  pledgeOutstanding,
  type AllocationState,
  type DecisionState,
  type DisbursementState,
  type PledgeState,
} from '../../src/domain/funds/decide.js';
import {
  allocationCommitted,
  conversionRecorded,
  disbursementMade,
  expenditureReported,
  pledgeCancelled,
  pledgeRecorded,
  receiptRecorded,
  refundRecorded,
} from '../../src/domain/funds/events.js';
import { convertMinor, type Currency } from '../../src/domain/funds/money.js';
import type { OrgKind } from '../../src/domain/governance/events.js';
import { parseOrThrow } from '../../src/domain/validation.js';

/*
 * Random sequences of fund commands, and a small in-memory model of the fund that runs them through
 * the pure rules. The domain property tests check the model's invariants; the service tests send the
 * same sequences to a real database and compare.
 */

export const FUND_TIME = '2026-11-25T09:00:00.000Z';
export const FUND_DATE = '2026-11-20';

/** Who signs a command in the random sequences. */
export type SignerName = 'secretariat' | 'qatar' | 'mopwh' | 'moh';

export const ACTORS: Record<SignerName, Actor> = {
  secretariat: { keyId: 'k-secretariat', org: 'secretariat', roles: ['secretariat'] },
  qatar: { keyId: 'k-qatar', org: 'qatar', roles: ['member-signatory'] },
  mopwh: { keyId: 'k-mopwh', org: 'mopwh', roles: ['partner'] },
  moh: { keyId: 'k-moh', org: 'moh', roles: ['partner'] },
};

export const ORG_KINDS_OF_TEST: Record<string, OrgKind> = {
  qatar: 'member-state',
  turkiye: 'member-state',
  'gulf-fund': 'donor',
  mopwh: 'implementing-partner',
  moh: 'implementing-partner',
  'pal-governance': 'palestinian-governance',
};

/** The decisions the sequences can allocate: two executed, one still open. */
export const TEST_DECISIONS: Record<string, DecisionState> = {
  'dec-a': { decisionType: 'allocation', status: 'executed', amount: { value: '60000', currency: 'USD' } },
  'dec-b': { decisionType: 'allocation', status: 'executed', amount: { value: '25000', currency: 'USD' } },
  'dec-open': { decisionType: 'allocation', status: 'open', amount: { value: '10000', currency: 'USD' } },
};
export const KNOWN_GOVERNORATES = ['PS0270'];

export interface FundCommand {
  type: string;
  by: SignerName;
  payload: Record<string, unknown>;
}

const currencies: Currency[] = ['USD', 'QAR', 'JOD'];
const cur = fc.constantFrom<Currency>('USD', 'USD', 'USD', ...currencies);
const value = fc.bigInt({ min: 1n, max: 200_000n }).map(String);
const money = fc.record({ value, currency: cur });
/** amounts further down the path, where the pots are smaller */
const small = fc.bigInt({ min: 1n, max: 30_000n }).map(String);
const tiny = fc.bigInt({ min: 1n, max: 8_000n }).map(String);
const id = (prefix: string, n: number) => fc.integer({ min: 1, max: n }).map((i) => `${prefix}-${i}`);
const by = (usual: SignerName) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.constant(usual) },
    { weight: 1, arbitrary: fc.constantFrom<SignerName>('secretariat', 'qatar', 'mopwh', 'moh') },
  );

const command: fc.Arbitrary<FundCommand> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        pledgeId: id('pledge', 3),
        donor: fc.constantFrom('qatar', 'turkiye', 'gulf-fund', 'mopwh', 'nobody'),
        amount: fc.record({ value: fc.bigInt({ min: 1n, max: 900_000n }).map(String), currency: cur }),
        by: fc.constantFrom<SignerName>('secretariat', 'secretariat', 'qatar', 'mopwh'),
      })
      .map(({ by, ...p }) => ({ type: 'pledge.recorded', by, payload: { ...p, date: FUND_DATE } })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        receiptId: id('receipt', 12),
        pledgeId: id('pledge', 4),
        amount: money,
        by: by('secretariat'),
      })
      .map(({ by, ...p }) => ({
        type: 'receipt.recorded',
        by,
        payload: { ...p, date: FUND_DATE, reference: 'TRF-0001' },
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        conversionId: id('conversion', 6),
        from: fc.record({ value: small, currency: cur }),
        to: fc.constantFrom<Currency>(...currencies),
        rate: fc.constantFrom('0.2747', '1.4104', '3.6400', '0.7090', '5.1340', '0.5'),
        off: fc.constantFrom(0n, 0n, 0n, 1n),
        by: by('secretariat'),
      })
      .map(({ by, to, off, from, ...p }) => ({
        type: 'conversion.recorded',
        by,
        payload: {
          ...p,
          from,
          to: {
            value: String(convertMinor(BigInt(from.value), from.currency, p.rate, to) + off),
            currency: to,
          },
          date: FUND_DATE,
          source: 'Bank deal ticket',
        },
      })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({
        allocationId: id('allocation', 4),
        proposalId: fc.constantFrom('dec-a', 'dec-b', 'dec-open', 'dec-none'),
        governorate: fc.constantFrom('PS0270', 'PS0270', 'PS0299'),
        wrong: fc.constantFrom(false, false, false, true),
        by: by('secretariat'),
      })
      .map(({ by, wrong, ...p }) => {
        const d = TEST_DECISIONS[p.proposalId]?.amount ?? { value: '1000', currency: 'USD' };
        return {
          type: 'allocation.committed',
          by,
          payload: {
            ...p,
            amount: wrong ? { value: String(BigInt(d.value) + 1n), currency: d.currency } : d,
            sector: 'housing',
            date: FUND_DATE,
          },
        };
      }),
  },
  {
    weight: 8,
    arbitrary: fc
      .record({
        disbursementId: id('disbursement', 3),
        allocationId: id('allocation', 4),
        partner: fc.constantFrom('mopwh', 'moh', 'moh', 'qatar'),
        amount: fc.record({ value: small, currency: fc.constantFrom<Currency>('USD', 'USD', 'USD', 'QAR') }),
        by: by('secretariat'),
      })
      .map(({ by, ...p }) => ({ type: 'disbursement.made', by, payload: { ...p, date: FUND_DATE } })),
  },
  {
    weight: 6,
    arbitrary: fc
      .record({
        expenditureId: id('expenditure', 12),
        disbursementId: id('disbursement', 4),
        amount: fc.record({ value: tiny, currency: fc.constantFrom<Currency>('USD', 'USD', 'USD', 'JOD') }),
        by: fc.constantFrom<SignerName>('mopwh', 'moh', 'moh', 'secretariat'),
      })
      .map(({ by, ...p }) => ({
        type: 'expenditure.reported',
        by,
        payload: { ...p, date: FUND_DATE, description: 'Materials and labour' },
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        refundId: id('refund', 6),
        disbursementId: id('disbursement', 4),
        amount: fc.record({ value: tiny, currency: fc.constantFrom<Currency>('USD', 'USD', 'QAR') }),
        by: by('secretariat'),
      })
      .map(({ by, ...p }) => ({ type: 'refund.recorded', by, payload: { ...p, date: FUND_DATE } })),
  },
  {
    weight: 1,
    arbitrary: fc.record({ pledgeId: id('pledge', 4), by: by('secretariat') }).map(({ by, ...p }) => ({
      type: 'pledge.cancelled',
      by,
      payload: { ...p, reason: 'The donor withdrew the unpaid remainder.' },
    })),
  },
);

/** A start that gives the random commands money to move: 1,000.00 USD pledged, 900.00 received. */
export const FUNDED_START: FundCommand[] = [
  {
    type: 'pledge.recorded',
    by: 'secretariat',
    payload: {
      pledgeId: 'pledge-0',
      donor: 'gulf-fund',
      amount: { value: '100000', currency: 'USD' },
      date: FUND_DATE,
    },
  },
  {
    type: 'receipt.recorded',
    by: 'secretariat',
    payload: {
      receiptId: 'receipt-0',
      pledgeId: 'pledge-0',
      amount: { value: '90000', currency: 'USD' },
      date: FUND_DATE,
      reference: 'TRF-0000',
    },
  },
];

/** Random sequences, each after {@link FUNDED_START}. */
export const fundCommands = (maxLength = 60): fc.Arbitrary<FundCommand[]> =>
  fc
    .array(command, { minLength: Math.min(20, maxLength), maxLength, size: 'max' })
    .map((cmds) => [...FUNDED_START, ...cmds]);

/** Per currency: every figure of the fund's position, as the model tracks it. */
export interface ModelTotals {
  pledged: bigint;
  received: bigint;
  convertedIn: bigint;
  convertedOut: bigint;
  committed: bigint;
  disbursed: bigint;
  spent: bigint;
  refunded: bigint;
  cancelled: bigint;
  uncommitted: bigint;
}

const zero = (): ModelTotals => ({
  pledged: 0n,
  received: 0n,
  convertedIn: 0n,
  convertedOut: 0n,
  committed: 0n,
  disbursed: 0n,
  spent: 0n,
  refunded: 0n,
  cancelled: 0n,
  uncommitted: 0n,
});

/** The fund in memory: the pure rules decide, and a few lines of bookkeeping apply. */
export class FundModel {
  readonly pledges = new Map<string, PledgeState>();
  readonly allocations = new Map<string, AllocationState>();
  readonly allocatedAs = new Map<string, string>();
  readonly disbursements = new Map<string, DisbursementState>();
  readonly done = new Set<string>();
  /** which allocation each disbursement came from */
  readonly disbursedFrom = new Map<string, string>();
  readonly totals = new Map<Currency, ModelTotals>();

  total(c: Currency): ModelTotals {
    let t = this.totals.get(c);
    if (!t) this.totals.set(c, (t = zero()));
    return t;
  }

  /** Runs one command; returns the refusal code, or 'accepted'. */
  run(cmd: FundCommand): string {
    try {
      this.decideAndApply(cmd);
      return 'accepted';
    } catch (e) {
      if (isAmanahError(e)) return e.code;
      throw e;
    }
  }

  private decideAndApply(cmd: FundCommand): void {
    const actor = ACTORS[cmd.by];
    const ev = <T>(schema: { schema: ZodType<T>; type: string }): SignedEvent<T> => ({
      v: 1,
      type: schema.type,
      sv: 1,
      id: 'x'.repeat(16),
      time: FUND_TIME,
      actor: actor.keyId,
      payload: parseOrThrow(schema.schema, cmd.payload, 'payload', 'payload'),
      sig: '',
    });
    const seen = (kind: string, key: string) => this.done.has(`${kind}:${key}`);
    const mark = (kind: string, key: string) => this.done.add(`${kind}:${key}`);
    switch (cmd.type) {
      case 'pledge.recorded': {
        const e = ev(pledgeRecorded);
        const p = e.payload;
        decidePledgeRecorded(e, actor, {
          exists: this.pledges.has(p.pledgeId),
          donorKind: ORG_KINDS_OF_TEST[p.donor],
        });
        const c = p.amount.currency;
        this.pledges.set(p.pledgeId, {
          donor: p.donor,
          currency: c,
          amount: BigInt(p.amount.value),
          received: 0n,
          status: 'open',
        });
        this.total(c).pledged += BigInt(p.amount.value);
        return;
      }
      case 'receipt.recorded': {
        const e = ev(receiptRecorded);
        const p = e.payload;
        const pledge = this.pledges.get(p.pledgeId);
        decideReceiptRecorded(e, actor, { exists: seen('receipt', p.receiptId), pledge });
        mark('receipt', p.receiptId);
        const v = BigInt(p.amount.value);
        pledge!.received += v;
        const t = this.total(p.amount.currency);
        t.received += v;
        t.uncommitted += v;
        return;
      }
      case 'conversion.recorded': {
        const e = ev(conversionRecorded);
        const p = e.payload;
        decideConversionRecorded(e, actor, {
          exists: seen('conversion', p.conversionId),
          uncommitted: this.total(p.from.currency).uncommitted,
        });
        mark('conversion', p.conversionId);
        const from = this.total(p.from.currency);
        from.convertedOut += BigInt(p.from.value);
        from.uncommitted -= BigInt(p.from.value);
        const to = this.total(p.to.currency);
        to.convertedIn += BigInt(p.to.value);
        to.uncommitted += BigInt(p.to.value);
        return;
      }
      case 'allocation.committed': {
        const e = ev(allocationCommitted);
        const p = e.payload;
        decideAllocationCommitted(e, actor, {
          exists: this.allocations.has(p.allocationId),
          decision: TEST_DECISIONS[p.proposalId],
          allocatedAs: this.allocatedAs.get(p.proposalId),
          governorateExists: KNOWN_GOVERNORATES.includes(p.governorate),
          uncommitted: this.total(p.amount.currency).uncommitted,
        });
        const v = BigInt(p.amount.value);
        this.allocations.set(p.allocationId, {
          currency: p.amount.currency,
          amount: v,
          disbursed: 0n,
          refunded: 0n,
        });
        this.allocatedAs.set(p.proposalId, p.allocationId);
        const t = this.total(p.amount.currency);
        t.committed += v;
        t.uncommitted -= v;
        return;
      }
      case 'disbursement.made': {
        const e = ev(disbursementMade);
        const p = e.payload;
        const allocation = this.allocations.get(p.allocationId);
        decideDisbursementMade(e, actor, {
          exists: this.disbursements.has(p.disbursementId),
          allocation,
          partnerKind: ORG_KINDS_OF_TEST[p.partner],
        });
        const v = BigInt(p.amount.value);
        allocation!.disbursed += v;
        this.disbursements.set(p.disbursementId, {
          partner: p.partner,
          currency: p.amount.currency,
          amount: v,
          spent: 0n,
          refunded: 0n,
        });
        this.disbursedFrom.set(p.disbursementId, p.allocationId);
        this.total(p.amount.currency).disbursed += v;
        return;
      }
      case 'expenditure.reported': {
        const e = ev(expenditureReported);
        const p = e.payload;
        const d = this.disbursements.get(p.disbursementId);
        decideExpenditureReported(e, actor, {
          exists: seen('expenditure', p.expenditureId),
          disbursement: d,
        });
        mark('expenditure', p.expenditureId);
        d!.spent += BigInt(p.amount.value);
        this.total(p.amount.currency).spent += BigInt(p.amount.value);
        return;
      }
      case 'refund.recorded': {
        const e = ev(refundRecorded);
        const p = e.payload;
        const d = this.disbursements.get(p.disbursementId);
        decideRefundRecorded(e, actor, { exists: seen('refund', p.refundId), disbursement: d });
        mark('refund', p.refundId);
        const v = BigInt(p.amount.value);
        d!.refunded += v;
        this.allocations.get(this.disbursedFrom.get(p.disbursementId)!)!.refunded += v;
        this.total(p.amount.currency).refunded += v;
        return;
      }
      case 'pledge.cancelled': {
        const e = ev(pledgeCancelled);
        const pledge = this.pledges.get(e.payload.pledgeId);
        decidePledgeCancelled(e, actor, { pledge });
        this.total(pledge!.currency).cancelled += pledgeOutstanding(pledge!);
        pledge!.status = 'cancelled';
        return;
      }
    }
    throw new Error(`no such command ${cmd.type}`);
  }

  /** Every invariant of the fund; returns the first one broken, if any. */
  broken(): string | undefined {
    for (const [id, p] of this.pledges) {
      if (p.received > p.amount) return `pledge ${id} overpaid`;
      if (pledgeOutstanding(p) < 0n) return `pledge ${id} negative`;
    }
    for (const [id, a] of this.allocations) if (allocationLeft(a) < 0n) return `allocation ${id} negative`;
    for (const [id, d] of this.disbursements) {
      if (disbursementLeft(d) < 0n) return `disbursement ${id} negative`;
    }
    for (const [c, t] of this.totals) {
      if (t.uncommitted < 0n) return `uncommitted ${c} negative`;
      // Conservation: cash that came in is uncommitted, committed and not disbursed, with a partner, or spent.
      const committedLeft = [...this.allocations.values()]
        .filter((a) => a.currency === c)
        .reduce((s, a) => s + allocationLeft(a), 0n);
      const withPartners = [...this.disbursements.values()]
        .filter((d) => d.currency === c)
        .reduce((s, d) => s + disbursementLeft(d), 0n);
      if (
        t.uncommitted + committedLeft + withPartners + t.spent !==
        t.received + t.convertedIn - t.convertedOut
      )
        return `money in ${c} not conserved`;
      if (t.received > t.pledged - t.cancelled) return `received more ${c} than pledged`;
    }
    return undefined;
  }
}
