import { z } from 'zod';
import { ENVELOPE_VERSION, type SignedEvent } from './event-signing.js';
import { instantMs } from './time.js';

export * from './event-signing.js';

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
  // instantMs is Date.parse, read from the digits (a batch repeats the same instants row after row)
  .refine((s) => !Number.isNaN(instantMs(s)), 'not a real date and time');

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

/** The schema describes exactly the envelope event-signing.ts signs (a compile-time check). */
type Envelope = z.infer<typeof envelopeSchema>;
const sameShape: [Envelope, Omit<SignedEvent, 'payload'> & { payload: Envelope['payload'] }] extends [
  Omit<SignedEvent, 'payload'> & { payload: Envelope['payload'] },
  Envelope,
]
  ? true
  : never = true;
void sameShape;
