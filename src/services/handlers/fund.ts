import {
  decideAllocationCommitted,
  decideConversionRecorded,
  decideDisbursementMade,
  decideExpenditureReported,
  decidePledgeCancelled,
  decidePledgeRecorded,
  decideReceiptRecorded,
  decideRefundRecorded,
} from '../../domain/funds/decide.js';
import {
  allocationCommitted,
  conversionRecorded,
  disbursementMade,
  expenditureReported,
  pledgeCancelled,
  pledgeRecorded,
  receiptRecorded,
  refundRecorded,
} from '../../domain/funds/events.js';
import { decideIndicatorRecorded, decideNeedsFormulaAdopted } from '../../domain/funds/needs-decide.js';
import { indicatorRecorded, needsFormulaAdopted } from '../../domain/funds/needs-events.js';
import { decideTranchePayment } from '../../domain/projects/tranche-payment.js';
import * as fund from '../../store/fund-repository.js';
import * as governance from '../../store/governance-repository.js';
import * as needs from '../../store/needs-repository.js';
import * as places from '../../store/places-repository.js';
import * as projects from '../../store/project-repository.js';
import { handler, type EventHandler } from './handler.js';

/** The fund's money events, and the needs formula and indicators its allocations are measured against. */
export const FUND_HANDLERS = [
  handler({
    event: pledgeRecorded,
    load: async (db, e) => ({
      exists: await fund.fundIdExists(db, 'fund_pledges', e.payload.pledgeId),
      donorKind: (await governance.findOrg(db, e.payload.donor))?.kind,
    }),
    decide: decidePledgeRecorded,
    apply: fund.applyPledgeRecorded,
  }),
  handler({
    event: receiptRecorded,
    load: async (db, e) => ({
      exists: await fund.fundIdExists(db, 'fund_receipts', e.payload.receiptId),
      pledge: await fund.findPledgeState(db, e.payload.pledgeId),
    }),
    decide: decideReceiptRecorded,
    apply: fund.applyReceiptRecorded,
  }),
  handler({
    event: pledgeCancelled,
    load: async (db, e) => ({ pledge: await fund.findPledgeState(db, e.payload.pledgeId) }),
    decide: decidePledgeCancelled,
    apply: fund.applyPledgeCancelled,
  }),
  handler({
    event: conversionRecorded,
    load: async (db, e) => ({
      exists: await fund.fundIdExists(db, 'fund_conversions', e.payload.conversionId),
      uncommitted: await fund.uncommittedCash(db, e.payload.from.currency),
    }),
    decide: decideConversionRecorded,
    apply: fund.applyConversionRecorded,
  }),
  handler({
    event: allocationCommitted,
    load: async (db, e) => {
      const p = e.payload;
      const governorateExists = await places.governorateExists(db, p.governorate);
      return {
        exists: await fund.fundIdExists(db, 'fund_allocations', p.allocationId),
        ...(await fund.findDecisionState(db, p.proposalId)),
        governorateExists,
        uncommitted: await fund.uncommittedCash(db, p.amount.currency),
        needs: governorateExists
          ? await needs.allocationNeeds(db, {
              governorate: p.governorate,
              sector: p.sector,
              currency: p.amount.currency,
              amount: BigInt(p.amount.value),
            })
          : undefined,
      };
    },
    decide: decideAllocationCommitted,
    apply: fund.applyAllocationCommitted,
  }),
  handler({
    event: disbursementMade,
    load: async (db, e) => ({
      exists: await fund.fundIdExists(db, 'fund_disbursements', e.payload.disbursementId),
      allocation: await fund.findAllocationState(db, e.payload.allocationId),
      partnerKind: (await governance.findOrg(db, e.payload.partner))?.kind,
      // the projects' rule: a project's partner is paid from its allocation only as released tranches
      tranche: await projects.tranchePaymentState(db, e.payload),
    }),
    decide: (e, actor, state) => {
      decideDisbursementMade(e, actor, state);
      decideTranchePayment(e, state.tranche);
    },
    apply: fund.applyDisbursementMade,
  }),
  handler({
    event: expenditureReported,
    load: async (db, e) => ({
      exists: await fund.fundIdExists(db, 'fund_expenditures', e.payload.expenditureId),
      disbursement: await fund.findDisbursementState(db, e.payload.disbursementId),
    }),
    decide: decideExpenditureReported,
    apply: fund.applyExpenditureReported,
  }),
  handler({
    event: refundRecorded,
    load: async (db, e) => ({
      exists: await fund.fundIdExists(db, 'fund_refunds', e.payload.refundId),
      disbursement: await fund.findDisbursementState(db, e.payload.disbursementId),
    }),
    decide: decideRefundRecorded,
    apply: fund.applyRefundRecorded,
  }),
  handler({
    event: indicatorRecorded,
    load: async (db, e) => ({
      exists: await needs.indicatorExists(db, e.payload.indicatorId),
      governorateExists: await places.governorateExists(db, e.payload.governorate),
    }),
    decide: decideIndicatorRecorded,
    apply: needs.applyIndicatorRecorded,
  }),
  handler({
    event: needsFormulaAdopted,
    load: (db, e) => needs.formulaAdoptionState(db, e.payload.proposalId),
    decide: decideNeedsFormulaAdopted,
    apply: needs.applyNeedsFormulaAdopted,
  }),
] as unknown as readonly EventHandler[];
