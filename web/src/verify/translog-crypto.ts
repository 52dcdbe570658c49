/**
 * The browser's `src/translog/crypto.ts`: the same exports with the same meaning, over `@noble/hashes`
 * and `@noble/ed25519` instead of node:crypto. The web build swaps it in wherever a module of
 * `src/translog/` imports `./crypto.js` (see the plugin in web/vite.config.ts), so the page runs the
 * very verification code that the server and the CLI run. All functions are synchronous, as there.
 *
 * `translog-crypto-conformance.ts` checks at compile time that the two modules export the same names
 * with the same types; test/browser/translog-crypto.test.ts checks that they compute the same bytes.
 */
import * as ed from '@noble/ed25519';
import { sha256 as nobleSha256, sha512 } from '@noble/hashes/sha2.js';

// @noble/ed25519's synchronous API needs a synchronous SHA-512 (RFC 8032 §5.1).
ed.hashes.sha512 = sha512;

/** RFC 8032 §5.1.5: an Ed25519 private key is a 32-byte seed. */
export const ED25519_SEED_SIZE = 32;

/** RFC 8032 §5.1.5: an Ed25519 public key is 32 bytes. */
export const ED25519_PUBLIC_KEY_SIZE = 32;

/** RFC 8032 §5.1.6: an Ed25519 signature is 64 bytes. */
export const ED25519_SIGNATURE_SIZE = 64;

/** `crypto.getRandomValues` fills at most 65,536 bytes per call (WebCrypto §10.1.1). */
const MAX_RANDOM_BYTES_PER_CALL = 65_536;

/** SHA-256 of `data` (FIPS 180-4). One-shot, synchronous. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** `n` bytes from the platform's cryptographically secure random generator. */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let offset = 0; offset < n; offset += MAX_RANDOM_BYTES_PER_CALL) {
    crypto.getRandomValues(out.subarray(offset, Math.min(n, offset + MAX_RANDOM_BYTES_PER_CALL)));
  }
  return out;
}

function checkSeed(seed: Uint8Array): void {
  if (seed.length !== ED25519_SEED_SIZE) {
    throw new RangeError(`an Ed25519 seed is ${ED25519_SEED_SIZE} bytes, got ${seed.length}`);
  }
}

/** The 32-byte Ed25519 public key of a 32-byte seed (RFC 8032 §5.1.5). */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  checkSeed(seed);
  return ed.getPublicKey(seed);
}

/** The 64-byte Ed25519 signature of `message` by the key with this 32-byte seed (RFC 8032 §5.1.6). */
export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  checkSeed(seed);
  return ed.sign(message, seed);
}

/**
 * Whether `signature` is a valid Ed25519 signature of `message` by `publicKey` (RFC 8032 §5.1.7).
 * Malformed keys and signatures of the wrong length verify as `false`; this never throws.
 *
 * `zip215: false` selects RFC 8032's rules (canonical encodings, S below the group order) rather than
 * ZIP 215's more permissive ones, so the page accepts what OpenSSL, behind node:crypto, accepts.
 */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE || signature.length !== ED25519_SIGNATURE_SIZE) {
    return false;
  }
  try {
    return ed.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false; // not a point on the curve, or S out of range
  }
}
