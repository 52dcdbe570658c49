import { envelopeSchema, type SignedEvent } from '../domain/envelope.js';
import { AmanahError } from '../domain/errors.js';
import { parseOrThrow } from '../domain/validation.js';
import { acceptsEvent } from './event-acceptor.js';
import { GENESIS, HANDLERS_BY_TYPE } from './event-handlers.js';

/**
 * Envelope, event type, schema version and payload checks: everything that needs no state. A value
 * the schemas' plain predicates are sure of (event-acceptor.ts) is valid without running zod; any
 * other goes through the schemas, which give every refusal its code and message.
 */
export function validateEvent(raw: unknown): SignedEvent {
  return acceptsEvent(raw) ? (raw as SignedEvent) : validateEventStrictly(raw);
}

/** {@link validateEvent} through the zod schemas alone. */
export function validateEventStrictly(raw: unknown): SignedEvent {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AmanahError('VALIDATION_FAILED', 'a command is a JSON object (a signed event envelope)', [
      { path: '(root)', message: 'expected an object' },
    ]);
  }
  if (
    !('sig' in raw) ||
    (raw as { sig?: unknown }).sig === undefined ||
    (raw as { sig?: unknown }).sig === ''
  ) {
    throw new AmanahError(
      'SIGNATURE_MISSING',
      'the command is not signed: every command carries the actor\'s Ed25519 signature in "sig"',
      [{ path: 'sig', message: 'required' }],
    );
  }
  const event = parseOrThrow(envelopeSchema, raw, 'the event envelope') as SignedEvent;
  const def = event.type === GENESIS.type ? GENESIS : HANDLERS_BY_TYPE.get(event.type)?.event;
  if (!def) {
    throw new AmanahError(
      'UNKNOWN_EVENT_TYPE',
      `unknown event type "${event.type}"; GET /api/v1/event-types lists the accepted ones`,
      [{ path: 'type', message: 'unknown event type' }],
    );
  }
  if (event.sv !== def.version) {
    throw new AmanahError(
      'UNSUPPORTED_SCHEMA_VERSION',
      `${event.type} is accepted in schema version ${def.version}, not ${event.sv}`,
      [{ path: 'sv', message: `must be ${def.version}` }],
    );
  }
  parseOrThrow(def.schema, event.payload, `the payload of ${event.type}`, 'payload');
  return event;
}
