import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';
import { AmanahError } from './errors.js';
import { signBytes, verifyBytes } from './keys.js';
import type { KeyObject } from 'node:crypto';

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

export const eventTypeName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/,
    'an event type is dotted lower-case words, e.g. "org.registered"',
  );

/** UTC instant, ISO 8601 with "Z" and optional milliseconds. */
export const utcInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/, 'a UTC instant like 2026-11-25T09:00:00.000Z')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date and time');

export const keyId = z.string().regex(/^[0-9a-f]{32}$/, 'a key id: 32 lower-case hex digits');

/** Event ids are chosen by the client and double as the idempotency key of the command. */
export const eventId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, '16 to 64 URL-safe characters (a UUID or ULID works)');

export const signature = z
  .string()
  .regex(/^[A-Za-z0-9_-]{86}$/, 'an Ed25519 signature, base64url (86 chars)');

export const envelopeSchema = z.strictObject({
  v: z.literal(ENVELOPE_VERSION),
  type: eventTypeName,
  sv: z.number().int().min(1).max(1000),
  id: eventId,
  time: utcInstant,
  actor: keyId,
  payload: z.record(z.string(), z.unknown()),
  sig: signature,
});

export type SignedEvent<P = Record<string, unknown>> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & {
  payload: P;
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
