import type { SignedEvent } from '../envelope.js';
import { AmanahError } from '../errors.js';
import type { PayloadOf } from '../event-type.js';
import type { disbursementMade } from '../funds/events.js';
import { formatMoney, toMinor, type Currency } from '../funds/money.js';

/*
 * No verification, no release — and no money without a release. A project's tranche reaches its
 * partner in this order: the milestone is verified on site, the members' tranche-release decision cites
 * the verification, the release names the disbursement id that will pay it, and only then does the fund
 * record that disbursement, for exactly the tranche. The fund's own rules (allocation left, currency,
 * partner kind) apply to it as to every disbursement; these are the projects' rules on top of them.
 */

/** The released tranche that names a disbursement id, as the payment rule needs it. */
export interface ReleasedTrancheRef {
  projectId: string;
  milestoneId: string;
  partner: string;
  allocationId: string | null;
  currency: Currency;
  amount: bigint;
}

export interface TranchePaymentState {
  /** the released tranche whose release names this disbursement id, if any */
  release: ReleasedTrancheRef | undefined;
  /** the approved projects of the receiving partner that the paying allocation funds (a few are enough) */
  fundedProjects: readonly string[];
}

/**
 * Refuses a disbursement that would pay a project's partner outside its released tranches: a
 * disbursement whose id a tranche release names must pay exactly that tranche (same partner,
 * allocation, currency and amount); and a partner that runs a project funded by the allocation
 * receives money from it only as a released tranche. Money paid before the project was approved, and
 * payments already in a log recorded before this rule, cannot be refused any more: the project detail
 * flags them (`paid-without-release`, `payment-differs`).
 */
export function decideTranchePayment(
  e: SignedEvent<PayloadOf<typeof disbursementMade>>,
  state: TranchePaymentState,
): void {
  const p = e.payload;
  const amount = toMinor(p.amount);
  const r = state.release;
  if (r) {
    if (
      r.partner !== p.partner ||
      r.allocationId !== p.allocationId ||
      r.currency !== p.amount.currency ||
      r.amount !== amount
    ) {
      throw new AmanahError(
        'AMOUNT_MISMATCH',
        `disbursement "${p.disbursementId}" pays the released tranche of milestone "${r.milestoneId}" of project "${r.projectId}": ${formatMoney(
          r.amount,
          r.currency,
        )} to "${r.partner}" from "${r.allocationId ?? '?'}"; this one is ${formatMoney(
          amount,
          p.amount.currency,
        )} to "${p.partner}" from "${p.allocationId}"`,
        [
          {
            path: 'payload',
            message: 'must pay exactly the released tranche that names this disbursement id',
          },
        ],
      );
    }
    return;
  }
  if (state.fundedProjects.length > 0) {
    const projects = state.fundedProjects.map((id) => `"${id}"`).join(', ');
    throw new AmanahError(
      'TRANCHE_NOT_RELEASED',
      `"${p.partner}" runs project ${projects} funded by allocation "${p.allocationId}": money from it reaches the partner only as the released tranche of a verified milestone, and no tranche release names disbursement "${p.disbursementId}". Release the tranche first (tranche.released naming this disbursement id), then record the payment`,
      [{ path: 'payload.disbursementId', message: 'must be named by a tranche release' }],
    );
  }
}
