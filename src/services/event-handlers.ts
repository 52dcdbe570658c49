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
import * as membership from '../store/membership-repository.js';
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
import { handler, type EventHandler } from './handlers/handler.js';
import { ACCESS_HANDLERS } from './handlers/access.js';
import { FUND_HANDLERS } from './handlers/fund.js';
import { IATI_HANDLERS } from './handlers/iati.js';
import { PROJECT_HANDLERS } from './handlers/projects.js';

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
    apply: async (db, e, index) => {
      await governance.applyOrgRegistered(db, e, index);
      await membership.applyOrgCandidate(db, e, index); // issue 4: members join by decision
    },
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
      member: e.payload.member ? await membership.findMemberState(db, e.payload.member.org) : undefined,
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
] as unknown as readonly EventHandler[];

/**
 * Every area's handlers. An area (access, projects …) keeps its own list in ./handlers/<area>.ts
 * and is added here with one line; an event type may appear once only.
 */
const HANDLERS: readonly EventHandler[] = [
  ...CORE_HANDLERS,
  ...ACCESS_HANDLERS,
  ...FUND_HANDLERS,
  ...IATI_HANDLERS,
  ...PROJECT_HANDLERS,
];

async function signatureLoad(db: Db, proposalId: string, keyId: string) {
  const key = await governance.findActorKey(db, keyId);
  const org = key ? await governance.findOrg(db, key.org) : undefined;
  return {
    proposal: await decisions.findProposalState(db, proposalId),
    orgKind: org?.kind,
    memberStatus: org ? (await membership.findMemberState(db, org.id))?.status : undefined,
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
