import { requireRole, type Actor } from '../actor.js';
import type { SignedEvent } from '../envelope.js';
import { AmanahError } from '../errors.js';
import type { PayloadOf } from '../event-type.js';
import type { OrgKind } from '../governance/events.js';
import type {
  allocationCommitted,
  conversionRecorded,
  disbursementMade,
  expenditureReported,
  pledgeCancelled,
  pledgeRecorded,
  receiptRecorded,
  refundRecorded,
} from './events.js';
import { convertMinor, formatMoney, toMinor, type Currency } from './money.js';
import { checkNeedsDeviation, type AllocationNeedsState } from './needs-decide.js';
import { known, notAfter } from '../rules.js';

/*
 * The fund's rules. Money moves along one path — pledged → received → (converted) → committed to an
 * allocation → disbursed to a partner → spent or refunded — and at no step can more leave a pot than is
 * in it: every balance the fund shows stays at or above zero, in every currency. Each rule refuses with
 * its own code and says how much was available.
 */

/** A pledge as the rules need it. Unpaid remainder: amount − received (zero once cancelled). */
export interface PledgeState {
  donor: string;
  currency: Currency;
  amount: bigint;
  received: bigint;
  status: 'open' | 'cancelled';
}

/** An allocation: what is left to disburse is amount − disbursed + refunded (refunds return to it). */
export interface AllocationState {
  currency: Currency;
  amount: bigint;
  disbursed: bigint;
  refunded: bigint;
}

/** A disbursement: what the partner still holds is amount − spent − refunded. */
export interface DisbursementState {
  partner: string;
  currency: Currency;
  amount: bigint;
  spent: bigint;
  refunded: bigint;
}

/** What an executed decision committed, as the allocation rule needs it. */
export interface DecisionState {
  decisionType: string;
  status: 'open' | 'executed';
  amount: { value: string; currency: string } | null;
  /** the written justification signed with the decision (the proposal's), if any */
  justification?: string | null;
}

/** Unpaid remainder of a pledge. */
export function pledgeOutstanding(p: PledgeState): bigint {
  return p.status === 'cancelled' ? 0n : p.amount - p.received;
}

/** What an allocation has left to disburse. */
export function allocationLeft(a: AllocationState): bigint {
  return a.amount - a.disbursed + a.refunded;
}

/** What a partner still holds of a disbursement. */
export function disbursementLeft(d: DisbursementState): bigint {
  return d.amount - d.spent - d.refunded;
}

type Ev<E> = SignedEvent<PayloadOf<E>>;

export function decidePledgeRecorded(
  e: Ev<typeof pledgeRecorded>,
  actor: Actor,
  state: { exists: boolean; donorKind: OrgKind | undefined },
): void {
  const p = e.payload;
  requireDonorOrSecretariat(actor, p.donor, 'recording a pledge');
  notAfter(p.date, e.time);
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `pledge "${p.pledgeId}" is already recorded`);
  if (state.donorKind === undefined) {
    throw new AmanahError('ORG_UNKNOWN', `organisation "${p.donor}" is not registered`, [
      { path: 'payload.donor', message: 'register the donor first' },
    ]);
  }
  if (state.donorKind !== 'member-state' && state.donorKind !== 'donor') {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `"${p.donor}" is a ${state.donorKind}; pledges come from member states and donors`,
      [{ path: 'payload.donor', message: 'must be a member state or a donor' }],
    );
  }
}

export function decideReceiptRecorded(
  e: Ev<typeof receiptRecorded>,
  actor: Actor,
  state: { exists: boolean; pledge: PledgeState | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['secretariat'], 'recording a receipt');
  notAfter(p.date, e.time);
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `receipt "${p.receiptId}" is already recorded`);
  const pledge = known(state.pledge, 'pledge', p.pledgeId, 'payload.pledgeId');
  sameCurrency(p.amount.currency, pledge.currency, "the pledge's currency");
  if (pledge.status === 'cancelled') {
    throw new AmanahError(
      'PLEDGE_CLOSED',
      `pledge "${p.pledgeId}" was cancelled; record money received beyond it against a new pledge`,
    );
  }
  const left = pledgeOutstanding(pledge);
  if (toMinor(p.amount) > left) {
    throw new AmanahError(
      'PLEDGE_OVERPAID',
      `pledge "${p.pledgeId}" has ${formatMoney(left, pledge.currency)} unpaid; a receipt of ${formatMoney(
        toMinor(p.amount),
        pledge.currency,
      )} would count money beyond what was pledged`,
      [{ path: 'payload.amount.value', message: `at most ${left}` }],
    );
  }
}

export function decideConversionRecorded(
  e: Ev<typeof conversionRecorded>,
  actor: Actor,
  state: { exists: boolean; uncommitted: bigint },
): void {
  const p = e.payload;
  requireRole(actor, ['secretariat'], 'recording a currency conversion');
  notAfter(p.date, e.time);
  if (state.exists)
    throw new AmanahError('ALREADY_EXISTS', `conversion "${p.conversionId}" is already recorded`);
  if (p.from.currency === p.to.currency) {
    throw new AmanahError('VALIDATION_FAILED', 'a conversion is between two different currencies', [
      { path: 'payload.to.currency', message: `must differ from ${p.from.currency}` },
    ]);
  }
  const expected = convertMinor(toMinor(p.from), p.from.currency, p.rate, p.to.currency);
  if (expected !== toMinor(p.to)) {
    throw new AmanahError(
      'RATE_MISMATCH',
      `${formatMoney(toMinor(p.from), p.from.currency)} at ${p.rate} is ${formatMoney(
        expected,
        p.to.currency,
      )} (rounded half to even), not ${formatMoney(toMinor(p.to), p.to.currency)}`,
      [{ path: 'payload.to.value', message: `must be ${expected}` }],
    );
  }
  enoughCash(toMinor(p.from), p.from.currency, state.uncommitted, 'payload.from.value');
}

export function decideAllocationCommitted(
  e: Ev<typeof allocationCommitted>,
  actor: Actor,
  state: {
    exists: boolean;
    decision: DecisionState | undefined;
    /** the allocation that already carries out this decision, if any */
    allocatedAs: string | undefined;
    governorateExists: boolean;
    uncommitted: bigint;
    /** the needs formula's view of this allocation; undefined while no formula with data is in force */
    needs?: AllocationNeedsState | undefined;
  },
): void {
  const p = e.payload;
  requireRole(actor, ['secretariat'], 'committing an allocation');
  notAfter(p.date, e.time);
  if (state.exists)
    throw new AmanahError('ALREADY_EXISTS', `allocation "${p.allocationId}" is already committed`);
  const d = known(state.decision, 'proposal', p.proposalId, 'payload.proposalId');
  if (d.decisionType !== 'allocation') {
    throw new AmanahError('VALIDATION_FAILED', `proposal "${p.proposalId}" is a ${d.decisionType} decision`, [
      { path: 'payload.proposalId', message: 'must be an allocation decision' },
    ]);
  }
  if (d.status !== 'executed') {
    throw new AmanahError(
      'PROPOSAL_NOT_EXECUTED',
      `proposal "${p.proposalId}" has not been decided: it needs the signatures the policy requires first`,
    );
  }
  if (state.allocatedAs !== undefined) {
    throw new AmanahError(
      'ALREADY_EXISTS',
      `decision "${p.proposalId}" is already carried out by allocation "${state.allocatedAs}"`,
      [{ path: 'payload.proposalId', message: 'already allocated' }],
    );
  }
  if (!d.amount) {
    throw new AmanahError('AMOUNT_MISMATCH', `decision "${p.proposalId}" states no amount to allocate`);
  }
  sameCurrency(p.amount.currency, d.amount.currency, "the decision's currency");
  if (p.amount.value !== d.amount.value) {
    throw new AmanahError(
      'AMOUNT_MISMATCH',
      `decision "${p.proposalId}" allocates ${formatMoney(BigInt(d.amount.value), p.amount.currency)}, not ${formatMoney(
        toMinor(p.amount),
        p.amount.currency,
      )}`,
      [{ path: 'payload.amount.value', message: `must be ${d.amount.value}` }],
    );
  }
  if (!state.governorateExists) {
    throw new AmanahError('NOT_FOUND', `governorate ${p.governorate} is not registered`, [
      { path: 'payload.governorate', message: 'unknown P-code' },
    ]);
  }
  enoughCash(toMinor(p.amount), p.amount.currency, state.uncommitted, 'payload.amount.value');
  checkNeedsDeviation(p.proposalId, `${p.governorate} ${p.sector}`, state.needs, d.justification ?? null);
}

export function decideDisbursementMade(
  e: Ev<typeof disbursementMade>,
  actor: Actor,
  state: { exists: boolean; allocation: AllocationState | undefined; partnerKind: OrgKind | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['secretariat'], 'recording a disbursement');
  notAfter(p.date, e.time);
  if (state.exists)
    throw new AmanahError('ALREADY_EXISTS', `disbursement "${p.disbursementId}" is already recorded`);
  const a = known(state.allocation, 'allocation', p.allocationId, 'payload.allocationId');
  if (state.partnerKind === undefined) {
    throw new AmanahError('ORG_UNKNOWN', `organisation "${p.partner}" is not registered`, [
      { path: 'payload.partner', message: 'register the partner first' },
    ]);
  }
  if (state.partnerKind !== 'implementing-partner') {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `"${p.partner}" is a ${state.partnerKind}; money is disbursed to implementing partners`,
      [{ path: 'payload.partner', message: 'must be an implementing partner' }],
    );
  }
  sameCurrency(p.amount.currency, a.currency, "the allocation's currency");
  const left = allocationLeft(a);
  if (toMinor(p.amount) > left) {
    throw new AmanahError(
      'OVER_DISBURSED',
      `allocation "${p.allocationId}" has ${formatMoney(left, a.currency)} left to disburse, less than ${formatMoney(
        toMinor(p.amount),
        a.currency,
      )}`,
      [{ path: 'payload.amount.value', message: `at most ${left}` }],
    );
  }
}

export function decideExpenditureReported(
  e: Ev<typeof expenditureReported>,
  actor: Actor,
  state: { exists: boolean; disbursement: DisbursementState | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['partner'], 'reporting an expenditure');
  notAfter(p.date, e.time);
  if (state.exists)
    throw new AmanahError('ALREADY_EXISTS', `expenditure "${p.expenditureId}" is already reported`);
  const d = known(state.disbursement, 'disbursement', p.disbursementId, 'payload.disbursementId');
  if (actor.org !== d.partner) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `disbursement "${p.disbursementId}" was paid to "${d.partner}": only its keys report what was spent of it`,
    );
  }
  fromDisbursement(p.disbursementId, d, p.amount, 'OVER_SPENT', 'spend');
}

export function decideRefundRecorded(
  e: Ev<typeof refundRecorded>,
  actor: Actor,
  state: { exists: boolean; disbursement: DisbursementState | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['secretariat'], 'recording a refund');
  notAfter(p.date, e.time);
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `refund "${p.refundId}" is already recorded`);
  const d = known(state.disbursement, 'disbursement', p.disbursementId, 'payload.disbursementId');
  fromDisbursement(p.disbursementId, d, p.amount, 'OVER_REFUNDED', 'refund');
}

export function decidePledgeCancelled(
  e: Ev<typeof pledgeCancelled>,
  actor: Actor,
  state: { pledge: PledgeState | undefined },
): void {
  const p = e.payload;
  const pledge = known(state.pledge, 'pledge', p.pledgeId, 'payload.pledgeId');
  requireDonorOrSecretariat(actor, pledge.donor, 'cancelling a pledge');
  if (pledge.status === 'cancelled')
    throw new AmanahError('PLEDGE_CLOSED', `pledge "${p.pledgeId}" is already cancelled`);
  if (pledgeOutstanding(pledge) === 0n) {
    throw new AmanahError(
      'PLEDGE_CLOSED',
      `pledge "${p.pledgeId}" is paid in full; nothing is left to cancel`,
    );
  }
}

// --- helpers -------------------------------------------------------------------------------------

/** The secretariat records pledges; a member state's signatory may also record (or cancel) its own. */
function requireDonorOrSecretariat(actor: Actor, donor: string, what: string): void {
  requireRole(actor, ['secretariat', 'member-signatory'], what);
  if (!actor.roles.includes('secretariat') && actor.org !== donor) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `${what} for "${donor}" needs the secretariat or a signatory of "${donor}"; key ${actor.keyId} acts for "${actor.org}"`,
    );
  }
}

function sameCurrency(given: string, expected: string, whose: string): void {
  if (given !== expected) {
    throw new AmanahError(
      'CURRENCY_MISMATCH',
      `the amount is in ${given}; it must be in ${whose}, ${expected}`,
      [{ path: 'payload.amount.currency', message: `must be ${expected}` }],
    );
  }
}

function enoughCash(needed: bigint, cur: Currency, uncommitted: bigint, path: string): void {
  if (needed > uncommitted) {
    throw new AmanahError(
      'FUND_INSUFFICIENT',
      `the fund holds ${formatMoney(uncommitted, cur)} of uncommitted cash, less than ${formatMoney(needed, cur)}`,
      [{ path, message: `at most ${uncommitted}` }],
    );
  }
}

function fromDisbursement(
  id: string,
  d: DisbursementState,
  amount: { value: string; currency: Currency },
  code: 'OVER_SPENT' | 'OVER_REFUNDED',
  verb: string,
): void {
  sameCurrency(amount.currency, d.currency, "the disbursement's currency");
  const left = disbursementLeft(d);
  if (toMinor(amount) > left) {
    throw new AmanahError(
      code,
      `disbursement "${id}" has ${formatMoney(left, d.currency)} unspent; cannot ${verb} ${formatMoney(
        toMinor(amount),
        d.currency,
      )}`,
      [{ path: 'payload.amount.value', message: `at most ${left}` }],
    );
  }
}
