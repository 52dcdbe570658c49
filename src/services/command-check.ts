import { canonicalForms, type SignedEvent } from '../domain/envelope.js';
import { AmanahError } from '../domain/errors.js';
import { validateEvent } from './event-validation.js';

/** tlog-tiles entries are length-prefixed with a uint16: an entry must stay under 64 KiB. */
export const MAX_ENTRY_BYTES = 65_535;

/** A command that has passed every check that needs no state, with the texts the log and its signer use. */
export interface CheckedCommand {
  event: SignedEvent;
  /** the log leaf: the canonical JSON of the signed event */
  leaf: string;
  /** the bytes the actor signed */
  signing: Uint8Array;
}

/**
 * The checks a command passes before it is queued, all of them without state: the envelope, the event
 * type and its schema version, the payload's schema, and the size of the log entry it would be.
 * Throws the refusal; the command's rules and its signature against the registered key come later.
 */
export function checkCommand(origin: string, raw: unknown): CheckedCommand {
  const event = validateEvent(raw);
  const { leaf, signing } = canonicalForms(origin, event);
  const bytes = Buffer.byteLength(leaf, 'utf8');
  if (bytes > MAX_ENTRY_BYTES) {
    throw new AmanahError(
      'ENTRY_TOO_LARGE',
      `the event is ${bytes} bytes in canonical form; a log entry must stay under ${MAX_ENTRY_BYTES + 1} bytes — keep large content off the log and reference it by its SHA-256`,
    );
  }
  return { event, leaf, signing };
}

/** A command sent as JSON text, parsed; text that is not JSON is refused as such. */
export function parseCommandText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AmanahError('MALFORMED_JSON', `the command is not valid JSON: ${(e as Error).message}`, [
      { path: '(root)', message: 'not JSON' },
    ]);
  }
}
