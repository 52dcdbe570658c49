import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Actor keys: Ed25519, held by the people who sign (members, partners, monitors …), never by the server.
 * Public keys travel as base64url of the raw 32 bytes; a key id is the first 16 bytes of
 * SHA-256(raw public key), in hex, so anyone can recompute it from the key itself.
 */

// DER prefixes that wrap a raw 32-byte Ed25519 seed / public key (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface ActorKeyPair {
  keyId: string;
  /** base64url, raw 32 bytes */
  publicKey: string;
  /** base64url, raw 32-byte seed */
  seed: string;
}

/** Key id of a raw Ed25519 public key (base64url). */
export function keyIdOf(publicKeyB64u: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyB64u, 'base64url')).digest('hex').slice(0, 32);
}

/** Builds a key pair from a 32-byte seed (random in production, derived in the demo). */
export function keyPairFromSeed(seed: Uint8Array): ActorKeyPair {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  const priv = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = rawPublicKeyOf(priv);
  return { keyId: keyIdOf(publicKey), publicKey, seed: Buffer.from(seed).toString('base64url') };
}

/** The raw public key (base64url) of a private key object. */
export function rawPublicKeyOf(privateKey: KeyObject): string {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(SPKI_ED25519_PREFIX.length)).toString('base64url');
}

/** A node:crypto private key object for a seed; cache it when signing many messages. */
export function privateKeyObject(seedB64u: string): KeyObject {
  const seed = Buffer.from(seedB64u, 'base64url');
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** A node:crypto public key object for a raw public key (base64url). */
export function publicKeyObject(publicKeyB64u: string): KeyObject {
  const raw = Buffer.from(publicKeyB64u, 'base64url');
  if (raw.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Ed25519 signature (base64url) of a message. */
export function signBytes(key: KeyObject, message: Uint8Array): string {
  return sign(null, message, key).toString('base64url');
}

/** Verifies an Ed25519 signature (base64url); false on any malformed input. */
export function verifyBytes(key: KeyObject, message: Uint8Array, signatureB64u: string): boolean {
  const sig = Buffer.from(signatureB64u, 'base64url');
  if (sig.length !== 64) return false;
  return verify(null, message, key, sig);
}
