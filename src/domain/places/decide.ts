import { requireRole, type Actor } from '../actor.js';
import type { SignedEvent } from '../envelope.js';
import { AmanahError } from '../errors.js';
import type { PayloadOf } from '../event-type.js';
import type { crossingRegistered, governorateRegistered } from './events.js';

export function decideGovernorateRegistered(
  event: SignedEvent<PayloadOf<typeof governorateRegistered>>,
  actor: Actor,
  state: { exists: boolean },
): void {
  requireRole(actor, ['secretariat'], 'registering a governorate');
  if (state.exists)
    throw new AmanahError('ALREADY_EXISTS', `governorate ${event.payload.code} is already registered`);
}

export function decideCrossingRegistered(
  event: SignedEvent<PayloadOf<typeof crossingRegistered>>,
  actor: Actor,
  state: { exists: boolean },
): void {
  requireRole(actor, ['secretariat', 'access-officer'], 'registering a crossing');
  if (state.exists)
    throw new AmanahError('ALREADY_EXISTS', `crossing "${event.payload.code}" is already registered`);
}
