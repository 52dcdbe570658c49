import type { KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { AmanahError } from './errors.js';
import { signBytes, verifyBytes } from './keys.js';

/**
 * The event envelope. A client signs a command; once the server accepts it, that same signed object is
 * the event appended to the log — the actor's signature covers exactly the bytes the log holds, so a
 * verifier needs nothing from the server to check who said what.
 *
 * Signed message (domain-separated, so a signature for one log cannot be replayed into another):
 *   "amanah/event/v1\n" || <log origin> || "\n" || JCS(envelope without "sig")
 */
export const ENVELOPE_VERSION = 1;
export const SIGNING_CONTEXT = 'amanah/event/v1';

/**
 * A signed event: the envelope, its payload and the actor's signature. (Its schema, the public contract
 * the server validates against, is `envelopeSchema` in envelope.ts; this module signs and checks
 * without loading the schema library, for the threads that only sign.)
 */
export type SignedEvent<P = Record<string, unknown>> = {
  v: typeof ENVELOPE_VERSION;
  type: string;
  sv: number;
  id: string;
  time: string;
  actor: string;
  payload: P;
  sig: string;
};
export type UnsignedEvent<P = Record<string, unknown>> = Omit<SignedEvent<P>, 'sig'>;

const encoder = new TextEncoder();

/** The exact bytes an actor signs for an event in the log named `origin`. */
export function signingBytes(origin: string, event: UnsignedEvent<unknown>): Uint8Array {
  const { v, type, sv, id, time, actor, payload } = event;
  return encoder.encode(
    `${SIGNING_CONTEXT}\n${origin}\n${canonicalJson({ v, type, sv, id, time, actor, payload })}`,
  );
}

/** Signs an event for the log `origin` with the actor's private key. */
export function signEvent<P>(origin: string, event: UnsignedEvent<P>, key: KeyObject): SignedEvent<P> {
  return { ...event, sig: signBytes(key, signingBytes(origin, event)) };
}

/** Throws SIGNATURE_INVALID unless `sig` is the actor's signature over the event. */
export function assertEventSignature(origin: string, event: SignedEvent<unknown>, key: KeyObject): void {
  if (!verifyBytes(key, signingBytes(origin, event), event.sig)) {
    throw new AmanahError(
      'SIGNATURE_INVALID',
      `the signature does not match event ${event.id} signed by key ${event.actor} for log "${origin}"`,
      [{ path: 'sig', message: 'not a valid Ed25519 signature by the actor key over the canonical event' }],
    );
  }
}

/** The log leaf for an event: the canonical JSON of the whole signed envelope. */
export function eventLeafText(event: SignedEvent<unknown>): string {
  return canonicalJson(event);
}

/**
 * The leaf text and the signed message of an event, canonicalising the payload once: the envelope's
 * other members are plain strings and numbers in a fixed, already sorted order (actor, id, payload,
 * sig, sv, time, type, v), so both RFC 8785 texts can be assembled around it. Equal, byte for byte, to
 * {@link eventLeafText} and {@link signingBytes} (a property test holds them to it).
 */
export function canonicalForms(
  origin: string,
  e: SignedEvent<unknown>,
): { leaf: string; signing: Uint8Array } {
  const texts = envelopeTexts(origin, e, canonicalJson(e.payload));
  return { leaf: texts.leaf(e.sig), signing: texts.signing };
}

/**
 * The signed message of an event whose payload is given as its canonical JSON text, and the leaf text
 * once it is signed — for a signer that writes the payload's canonical text itself (the importer, a
 * row at a time) and need not have it written again. `payloadText` must be RFC 8785 JSON of an
 * object; the server forms the canonical text of what it receives anew, so a payload text that is not
 * canonical yields a signature it refuses, never a different entry.
 */
export function envelopeTexts(
  origin: string,
  e: Omit<UnsignedEvent<unknown>, 'payload'>,
  payloadText: string,
): { signing: Uint8Array; leaf(sig: string): string } {
  const s = JSON.stringify;
  const head = `{"actor":${s(e.actor)},"id":${s(e.id)},"payload":${payloadText}`;
  const tail = `"sv":${s(e.sv)},"time":${s(e.time)},"type":${s(e.type)},"v":${s(e.v)}}`;
  return {
    signing: encoder.encode(`${SIGNING_CONTEXT}\n${origin}\n${head},${tail}`),
    leaf: (sig) => `${head},"sig":${s(sig)},${tail}`,
  };
}
