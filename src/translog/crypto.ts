/**
 * The only file of `translog/` that touches a platform API. Everything else is pure TypeScript over
 * `Uint8Array`, so a browser build swaps this one file for `@noble/hashes` + `@noble/ed25519` with the
 * same signatures (all synchronous).
 *
 * Keys are raw bytes as RFC 8032 §5.1.5 defines them: a 32-byte private seed and a 32-byte public key.
 */
import {
  createPrivateKey,
  createPublicKey,
  hash,
  randomBytes as nodeRandomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** RFC 8032 §5.1.5: an Ed25519 private key is a 32-byte seed. */
export const ED25519_SEED_SIZE = 32;

/** RFC 8032 §5.1.5: an Ed25519 public key is 32 bytes. */
export const ED25519_PUBLIC_KEY_SIZE = 32;

/** RFC 8032 §5.1.6: an Ed25519 signature is 64 bytes. */
export const ED25519_SIGNATURE_SIZE = 64;

// DER prefixes that wrap a raw Ed25519 key as PKCS #8 / SubjectPublicKeyInfo (RFC 8410 §7, §4),
// because node:crypto imports raw Ed25519 keys only through DER or JWK.
// prettier-ignore
const PKCS8_ED25519_PREFIX = Uint8Array.of(
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
);
// prettier-ignore
const SPKI_ED25519_PREFIX = Uint8Array.of(
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
);

/** SHA-256 of `data` (FIPS 180-4). One-shot, synchronous. */
export function sha256(data: Uint8Array): Uint8Array {
  const digest = hash('sha256', data, 'buffer');
  // A plain Uint8Array view, not the Buffer: Buffer#slice shares memory where Uint8Array#slice copies.
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/** `n` bytes from the platform's cryptographically secure random generator. */
export function randomBytes(n: number): Uint8Array {
  return new Uint8Array(nodeRandomBytes(n));
}

function withPrefix(prefix: Uint8Array, key: Uint8Array): Uint8Array {
  const der = new Uint8Array(prefix.length + key.length);
  der.set(prefix);
  der.set(key, prefix.length);
  return der;
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== ED25519_SEED_SIZE) {
    throw new RangeError(`an Ed25519 seed is ${ED25519_SEED_SIZE} bytes, got ${seed.length}`);
  }
  return createPrivateKey({
    key: Buffer.from(withPrefix(PKCS8_ED25519_PREFIX, seed)),
    format: 'der',
    type: 'pkcs8',
  });
}

/** The 32-byte Ed25519 public key of a 32-byte seed (RFC 8032 §5.1.5). */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyObject(seed)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(spki.length - ED25519_PUBLIC_KEY_SIZE));
}

/** The 64-byte Ed25519 signature of `message` by the key with this 32-byte seed (RFC 8032 §5.1.6). */
export function ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, privateKeyObject(seed)));
}

/**
 * Whether `signature` is a valid Ed25519 signature of `message` by `publicKey` (RFC 8032 §5.1.7).
 * Malformed keys and signatures of the wrong length verify as `false`; this never throws.
 */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE || signature.length !== ED25519_SIGNATURE_SIZE) {
    return false;
  }
  try {
    const key = createPublicKey({
      key: Buffer.from(withPrefix(SPKI_ED25519_PREFIX, publicKey)),
      format: 'der',
      type: 'spki',
    });
    return verify(null, message, key, signature);
  } catch {
    return false; // not a point on the curve
  }
}
