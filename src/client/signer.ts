import type { KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  ENVELOPE_VERSION,
  envelopeTexts,
  signEvent,
  type SignedEvent,
  type UnsignedEvent,
} from '../domain/event-signing.js';
import { AmanahError } from '../domain/errors.js';
import { keyIdOf, privateKeyObject, rawPublicKeyOf, signBytes, type ActorKeyPair } from '../domain/keys.js';

/**
 * A person's signing key, held outside the server. The key file is JSON with the raw seed; keep it
 * private (it is written with mode 0600).
 */
export class Signer {
  readonly keyId: string;
  readonly publicKey: string;
  private readonly key: KeyObject;

  constructor(
    pair: ActorKeyPair,
    readonly label = '',
  ) {
    if (keyIdOf(pair.publicKey) !== pair.keyId)
      throw new AmanahError('KEY_MISMATCH', 'key id does not match the public key');
    this.keyId = pair.keyId;
    this.publicKey = pair.publicKey;
    this.key = privateKeyObject(pair.seed);
    if (rawPublicKeyOf(this.key) !== pair.publicKey) {
      throw new AmanahError('KEY_MISMATCH', 'the seed in the key file does not belong to its public key');
    }
  }

  /**
   * Signs an event for the log `origin`. The id defaults to a random UUID (it is also the idempotency
   * key: resend the same signed event to retry safely).
   */
  sign<P extends Record<string, unknown>>(
    origin: string,
    type: string,
    payload: P,
    opts: { id?: string; time?: Date; sv?: number } = {},
  ): SignedEvent<P> {
    return signEvent(origin, { ...this.header(type, opts), payload }, this.key);
  }

  /**
   * Signs an event whose payload is given as its canonical (RFC 8785) JSON text, and returns the
   * signed event as canonical JSON text: what {@link sign} gives, as `canonicalJson` would write it,
   * without the payload being written out again. For payloads assembled from parts already in
   * canonical form (the importer's rows).
   */
  signText(
    origin: string,
    type: string,
    payloadText: string,
    opts: { id?: string; time?: Date; sv?: number } = {},
  ): string {
    const texts = envelopeTexts(origin, this.header(type, opts), payloadText);
    return texts.leaf(signBytes(this.key, texts.signing));
  }

  private header(
    type: string,
    opts: { id?: string; time?: Date; sv?: number },
  ): Omit<UnsignedEvent<unknown>, 'payload'> {
    return {
      v: ENVELOPE_VERSION,
      type,
      sv: opts.sv ?? 1,
      id: opts.id ?? crypto.randomUUID(),
      time: (opts.time ?? new Date()).toISOString(),
      actor: this.keyId,
    };
  }
}

/** The members of a key file, each a string (the file is read on threads that load no schema library). */
const KEY_FILE_MEMBERS = ['kind', 'label', 'keyId', 'publicKey', 'seed'] as const;

export function keyFileText(pair: ActorKeyPair, label: string): string {
  return `${JSON.stringify({ kind: 'amanah-ed25519-key', label, ...pair }, null, 2)}\n`;
}

export function writeKeyFile(path: string, pair: ActorKeyPair, label: string): void {
  writeFileSync(path, keyFileText(pair, label), { mode: 0o600, flag: 'wx' });
}

/** Reads a key file, with a clear error naming the file when it is not one. */
export function readKeyFile(path: string): Signer {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AmanahError('VALIDATION_FAILED', `cannot read key file ${path}: ${(e as Error).message}`);
  }
  const notKeyFile = (why: string) =>
    new AmanahError('VALIDATION_FAILED', `${path} is not an Amanah key file (${why})`);
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw notKeyFile('(root): expected an object');
  const file = json as Record<string, unknown>;
  for (const m of KEY_FILE_MEMBERS)
    if (typeof file[m] !== 'string') throw notKeyFile(`${m}: expected a string`);
  const extra = Object.keys(file).find((k) => !(KEY_FILE_MEMBERS as readonly string[]).includes(k));
  if (extra !== undefined) throw notKeyFile(`${extra}: not a member of a key file`);
  if (file.kind !== 'amanah-ed25519-key') throw notKeyFile('kind: expected "amanah-ed25519-key"');
  const pair = file as unknown as ActorKeyPair & { label: string };
  return new Signer({ keyId: pair.keyId, publicKey: pair.publicKey, seed: pair.seed }, pair.label);
}
