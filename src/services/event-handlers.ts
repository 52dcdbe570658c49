import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { SignedEvent } from '../domain/envelope.js';
import type { EventType } from '../domain/event-type.js';
import { decideKeyRegistered, decideKeyRevoked, decideOrgRegistered } from '../domain/governance/decide.js';
import { keyRegistered, keyRevoked, logGenesis, orgRegistered } from '../domain/governance/events.js';
import { decideCrossingRegistered, decideGovernorateRegistered } from '../domain/places/decide.js';
import { crossingRegistered, governorateRegistered } from '../domain/places/events.js';
import * as governance from '../store/governance-repository.js';
import * as places from '../store/places-repository.js';
import * as decisions from '../store/decision-repository.js';
import {
  decidePolicyAdopted,
  decideProposalApproved,
  decideProposalObjected,
  decideProposalSubmitted,
} from '../domain/governance/decide-decisions.js';
import {
  policyAdopted,
  proposalApproved,
  proposalObjected,
  proposalSubmitted,
} from '../domain/governance/decision-events.js';
import type { Schema } from '../store/schema.js';
import * as fund from '../store/fund-repository.js';
import {
  decideAllocationCommitted,
  decideConversionRecorded,
  decideDisbursementMade,
  decideExpenditureReported,
  decidePledgeCancelled,
  decidePledgeRecorded,
  decideReceiptRecorded,
  decideRefundRecorded,
} from '../domain/funds/decide.js';
import {
  allocationCommitted,
  conversionRecorded,
  disbursementMade,
  expenditureReported,
  pledgeCancelled,
  pledgeRecorded,
  receiptRecorded,
  refundRecorded,
} from '../domain/funds/events.js';

import { handler, type EventHandler } from './handlers/handler.js';
import { IATI_HANDLERS } from './handlers/iati.js';

export type { EventHandler };

type Db = Kysely<Schema>;

/** The genesis event is handled apart (it has no registered actor yet); only its projection is here. */
export const GENESIS = logGenesis;
export const applyGenesis = governance.applyGenesis;

const CORE_HANDLERS = [
  handler({
    event: orgRegistered,
    load: async (db, e) => ({ exists: (await governance.findOrg(db, e.payload.id)) !== undefined }),
    decide: decideOrgRegistered,
    apply: governance.applyOrgRegistered,
  }),
  handler({
    event: keyRegistered,
    load: async (db, e) => ({
      keyExists: (await governance.findActorKey(db, e.payload.keyId)) !== undefined,
      orgKind: (await governance.findOrg(db, e.payload.org))?.kind,
    }),
    decide: decideKeyRegistered,
    apply: governance.applyKeyRegistered,
  }),
  handler({
    event: keyRevoked,
    load: async (db, e) => ({ status: (await governance.findActorKey(db, e.payload.keyId))?.status }),
    decide: decideKeyRevoked,
    apply: governance.applyKeyRevoked,
  }),
  handler({
    event: governorateRegistered,
    load: async (db, e) => ({ exists: await places.governorateExists(db, e.payload.code) }),
    decide: decideGovernorateRegistered,
    apply: places.applyGovernorateRegistered,
  }),
  handler({
    event: crossingRegistered,
    load: async (db, e) => ({ exists: await places.crossingExists(db, e.payload.code) }),
    decide: decideCrossingRegistered,
    apply: places.applyCrossingRegistered,
  }),
  handler({
    event: policyAdopted,
    load: async (db) => ({ currentVersion: (await decisions.findCurrentPolicy(db))?.version }),
    decide: decidePolicyAdopted,
    apply: decisions.applyPolicyAdopted,
  }),
  handler({
    event: proposalSubmitted,
    load: async (db, e) => ({
      policy: (await decisions.findCurrentPolicy(db))?.policy,
      exists: (await decisions.findProposalState(db, e.payload.proposalId)) !== undefined,
    }),
    decide: decideProposalSubmitted,
    apply: decisions.applyProposalSubmitted,
  }),
  handler({
    event: proposalApproved,
    load: (db, e) => signatureLoad(db, e.payload.proposalId, e.actor),
    decide: decideProposalApproved,
    apply: decisions.applyProposalApproved,
  }),
  handler({
    event: proposalObjected,
    load: (db, e) => signatureLoad(db, e.payload.proposalId, e.actor),
    decide: decideProposalObjected,
    apply: decisions.applyProposalObjected,
  }),
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
    load: async (db, e) => ({
      exists: await fund.fundIdExists(db, 'fund_allocations', e.payload.allocationId),
      ...(await fund.findDecisionState(db, e.payload.proposalId)),
      governorateExists: await places.governorateExists(db, e.payload.governorate),
      uncommitted: await fund.uncommittedCash(db, e.payload.amount.currency),
    }),
    decide: decideAllocationCommitted,
    apply: fund.applyAllocationCommitted,
  }),
  handler({
    event: disbursementMade,
    load: async (db, e) => ({
      exists: await fund.fundIdExists(db, 'fund_disbursements', e.payload.disbursementId),
      allocation: await fund.findAllocationState(db, e.payload.allocationId),
      partnerKind: (await governance.findOrg(db, e.payload.partner))?.kind,
    }),
    decide: decideDisbursementMade,
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
] as unknown as readonly EventHandler[];

/**
 * Every area's handlers. An area (access, projects …) keeps its own list in ./handlers/<area>.ts
 * and is added here with one line; an event type may appear once only.
 */
const HANDLERS: readonly EventHandler[] = [...CORE_HANDLERS, ...IATI_HANDLERS];

async function signatureLoad(db: Db, proposalId: string, keyId: string) {
  const key = await governance.findActorKey(db, keyId);
  const org = key ? await governance.findOrg(db, key.org) : undefined;
  return {
    proposal: await decisions.findProposalState(db, proposalId),
    orgKind: org?.kind,
    ...(await decisions.signatureState(db, proposalId, keyId, key?.org ?? '')),
  };
}

export const HANDLERS_BY_TYPE: ReadonlyMap<string, EventHandler> = byType(HANDLERS);

function byType(handlers: readonly EventHandler[]): ReadonlyMap<string, EventHandler> {
  const map = new Map<string, EventHandler>();
  for (const h of handlers) {
    if (map.has(h.event.type) || h.event.type === GENESIS.type)
      throw new Error(`event type ${h.event.type} has two handlers`);
    map.set(h.event.type, h);
  }
  return map;
}

/** Every event type the log accepts, genesis first: the public contract. */
export const EVENT_TYPES: readonly EventType[] = [GENESIS, ...HANDLERS.map((h) => h.event)];

/** Applies an accepted event to the projections; the one function both the command path and replay use. */
export async function applyEvent(db: Db, e: SignedEvent, index: number): Promise<void> {
  if (e.type === GENESIS.type) {
    await applyGenesis(db, e as SignedEvent<z.infer<typeof GENESIS.schema>>, index);
    return;
  }
  const h = HANDLERS_BY_TYPE.get(e.type);
  if (!h) throw new Error(`no projection for event type ${e.type}`);
  await h.apply(db, e, index);
}
