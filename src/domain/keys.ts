import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Actor keys: Ed25519, held by the people who sign (members, partners, monitors …), never by the server.
 * Public keys travel as base64url of the raw 32 bytes; a key id is the first 16 bytes of
 * SHA-256(raw public key), in hex, so anyone can recompute it from the key itself.
 */

// Raw keys are imported as JWK (RFC 8037 OKP): OpenSSL's DER decoders cost milliseconds per key, JWK
// import a tenth of one. For a private key, node:crypto derives the public half from "d" and only
// type-checks "x", so a placeholder is passed and the real public key is read back from the object.
const X_PLACEHOLDER = 'A'.repeat(43);
const SPKI_ED25519_PREFIX_LENGTH = 12;

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
  const publicKey = rawPublicKeyOf(privateKeyObject(Buffer.from(seed).toString('base64url')));
  return { keyId: keyIdOf(publicKey), publicKey, seed: Buffer.from(seed).toString('base64url') };
}

/** The raw public key (base64url) of a private key object. */
export function rawPublicKeyOf(privateKey: KeyObject): string {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(SPKI_ED25519_PREFIX_LENGTH)).toString('base64url');
}

/** A node:crypto private key object for a seed; cache it when signing many messages. */
export function privateKeyObject(seedB64u: string): KeyObject {
  const seed = Buffer.from(seedB64u, 'base64url');
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: X_PLACEHOLDER },
    format: 'jwk',
  });
}

/** A node:crypto public key object for a raw public key (base64url). */
export function publicKeyObject(publicKeyB64u: string): KeyObject {
  const raw = Buffer.from(publicKeyB64u, 'base64url');
  if (raw.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
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
