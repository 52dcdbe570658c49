import { requireRole, type Actor, type Role } from '../actor.js';
import type { SignedEvent } from '../envelope.js';
import { AmanahError } from '../errors.js';
import type { PayloadOf } from '../event-type.js';
import { keyIdOf } from '../keys.js';
import type { keyRegistered, keyRevoked, logGenesis, orgRegistered, OrgKind } from './events.js';

/** Which roles a key of each kind of organisation may hold. */
const ROLES_BY_ORG_KIND: Record<OrgKind, readonly Role[]> = {
  secretariat: [
    'secretariat',
    'field-monitor',
    'access-officer',
    'protection-officer',
    'stabilisation-liaison',
  ],
  'member-state': ['member-signatory', 'stabilisation-liaison', 'observer'],
  'palestinian-governance': ['governance-signatory', 'field-monitor', 'access-officer', 'protection-officer'],
  observer: ['observer', 'field-monitor', 'access-officer', 'protection-officer'],
  'implementing-partner': ['partner'],
  donor: ['observer'],
};

/**
 * The genesis event names the log and introduces the secretariat's first key, which must be the key that
 * signed it. It is valid only as entry 0.
 */
export function decideGenesis(
  event: SignedEvent<PayloadOf<typeof logGenesis>>,
  state: { logSize: number; origin: string },
): void {
  const p = event.payload;
  if (state.logSize !== 0) {
    throw new AmanahError(
      'GENESIS_ALREADY_RECORDED',
      'the log already has a genesis event; it is recorded once',
    );
  }
  if (p.origin !== state.origin) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `the genesis names origin "${p.origin}" but this log is "${state.origin}"`,
      [{ path: 'payload.origin', message: `must be "${state.origin}"` }],
    );
  }
  if (p.org.kind !== 'secretariat') {
    throw new AmanahError('VALIDATION_FAILED', 'the genesis organisation must be the secretariat', [
      { path: 'payload.org.kind', message: 'must be "secretariat"' },
    ]);
  }
  assertKeyConsistent(p.key.keyId, p.key.publicKey, 'payload.key');
  if (p.key.org !== p.org.id) {
    throw new AmanahError('VALIDATION_FAILED', 'the genesis key must belong to the genesis organisation', [
      { path: 'payload.key.org', message: `must be "${p.org.id}"` },
    ]);
  }
  if (!p.key.roles.includes('secretariat')) {
    throw new AmanahError('VALIDATION_FAILED', 'the genesis key must hold the "secretariat" role', [
      { path: 'payload.key.roles', message: 'must include "secretariat"' },
    ]);
  }
  if (event.actor !== p.key.keyId) {
    throw new AmanahError('KEY_MISMATCH', 'the genesis event must be signed by the key it registers', [
      { path: 'actor', message: `must be "${p.key.keyId}"` },
    ]);
  }
}

export function decideOrgRegistered(
  event: SignedEvent<PayloadOf<typeof orgRegistered>>,
  actor: Actor,
  state: { exists: boolean },
): void {
  requireRole(actor, ['secretariat'], 'registering an organisation');
  const p = event.payload;
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `organisation "${p.id}" is already registered`);
  if (p.kind === 'secretariat') {
    throw new AmanahError('VALIDATION_FAILED', 'there is one secretariat, recorded by the genesis event', [
      { path: 'payload.kind', message: 'choose another kind' },
    ]);
  }
  if ((p.kind === 'implementing-partner') !== (p.partnerType !== undefined)) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      'an implementing partner needs a partner type, and only implementing partners have one',
      [
        {
          path: 'payload.partnerType',
          message: p.kind === 'implementing-partner' ? 'required' : 'not allowed',
        },
      ],
    );
  }
  if (p.kind === 'member-state' && p.country === undefined) {
    throw new AmanahError('VALIDATION_FAILED', 'a member state needs its country code', [
      { path: 'payload.country', message: 'required for a member state' },
    ]);
  }
}

export function decideKeyRegistered(
  event: SignedEvent<PayloadOf<typeof keyRegistered>>,
  actor: Actor,
  state: { keyExists: boolean; orgKind: OrgKind | undefined },
): void {
  requireRole(actor, ['secretariat'], 'registering a key');
  const p = event.payload;
  assertKeyConsistent(p.keyId, p.publicKey, 'payload');
  if (state.keyExists) throw new AmanahError('ALREADY_EXISTS', `key ${p.keyId} is already registered`);
  if (state.orgKind === undefined) {
    throw new AmanahError('ORG_UNKNOWN', `organisation "${p.org}" is not registered`, [
      { path: 'payload.org', message: 'register the organisation first' },
    ]);
  }
  const allowed = ROLES_BY_ORG_KIND[state.orgKind];
  const bad = p.roles.filter((r) => !allowed.includes(r));
  if (bad.length > 0) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `a key of a ${state.orgKind} organisation cannot hold ${bad.join(', ')}; allowed: ${allowed.join(', ')}`,
      [{ path: 'payload.roles', message: `not allowed for ${state.orgKind}: ${bad.join(', ')}` }],
    );
  }
}

export function decideKeyRevoked(
  event: SignedEvent<PayloadOf<typeof keyRevoked>>,
  actor: Actor,
  state: { status: 'active' | 'revoked' | undefined },
): void {
  const p = event.payload;
  if (actor.keyId !== p.keyId) requireRole(actor, ['secretariat'], "revoking another person's key");
  if (state.status === undefined) throw new AmanahError('NOT_FOUND', `key ${p.keyId} is not registered`);
  if (state.status === 'revoked') throw new AmanahError('KEY_REVOKED', `key ${p.keyId} is already revoked`);
}

function assertKeyConsistent(id: string, publicKey: string, path: string): void {
  if (keyIdOf(publicKey) !== id) {
    throw new AmanahError('KEY_MISMATCH', `key id ${id} is not the id of the given public key`, [
      { path: `${path}.keyId`, message: `must be ${keyIdOf(publicKey)}` },
    ]);
  }
}
