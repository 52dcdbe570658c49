/**
 * Text encodings of signed-note keys: verifier keys (c2sp.org/signed-note "Verifier keys",
 * `<name>+<hex key ID>+<base64(type || public key)>`) and the signer keys of
 * golang.org/x/mod/sumdb/note (`PRIVATE+KEY+<name>+<hex key ID>+<base64(type || seed)>`), and the
 * note verifiers and signers they make.
 */
import {
  ED25519_PUBLIC_KEY_SIZE,
  ED25519_SEED_SIZE,
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  randomBytes,
} from './crypto.js';
import { concatBytes, decodeBase64, encodeBase64 } from './encoding.js';
import { cosignatureVerifier } from './cosignature.js';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  computeKeyId,
  formatKeyId,
  isValidKeyName,
} from './key-id.js';
import type { NoteSigner, NoteVerifier } from './note.js';
import { TranslogError } from './translog-error.js';

/** The prefix of a golang.org/x/mod/sumdb/note signer key. */
export const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';

/** A parsed verifier key. `type` is 0x01 (Ed25519 notes) or 0x04 (cosignature/v1). */
export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  readonly publicKey: Uint8Array;
}

/** A parsed signer key (Ed25519, type 0x01). */
export interface SignerKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** A freshly generated key pair in its two text forms. */
export interface GeneratedKey {
  /** `PRIVATE+KEY+…`: keep secret. */
  readonly signerKey: string;
  /** `<name>+<key ID>+<base64>`: publish. */
  readonly verifierKey: string;
}

const SUPPORTED_TYPES: ReadonlyMap<number, string> = new Map([
  [SIGNATURE_TYPE_ED25519, 'Ed25519'],
  [SIGNATURE_TYPE_COSIGNATURE_V1, 'cosignature/v1'],
]);

function malformed(what: string, why: string): TranslogError {
  return new TranslogError('KEY_MALFORMED', `malformed ${what}: ${why}`);
}

/** Splits `name+hash+base64` on its first two plus signs only: base64 may contain `+`. */
function splitKey(key: string, what: string): { name: string; hash: string; material: Uint8Array } {
  const first = key.indexOf('+');
  const second = first < 0 ? -1 : key.indexOf('+', first + 1);
  if (second < 0) throw malformed(what, 'expected <name>+<key ID>+<base64 key>');
  const name = key.slice(0, first);
  const hash = key.slice(first + 1, second);
  if (!isValidKeyName(name)) throw malformed(what, `invalid key name ${JSON.stringify(name)}`);
  if (!/^[0-9a-f]{8}$/.test(hash)) {
    throw malformed(what, `key ID must be 8 lowercase hex digits, got ${JSON.stringify(hash)}`);
  }
  let material: Uint8Array;
  try {
    material = decodeBase64(key.slice(second + 1), 'key');
  } catch {
    throw malformed(what, 'the key is not standard padded base64');
  }
  if (material.length === 0) throw malformed(what, 'the key is empty');
  return { name, hash, material };
}

function checkType(type: number, what: string): void {
  if (!SUPPORTED_TYPES.has(type)) {
    throw new TranslogError(
      'KEY_UNSUPPORTED',
      `${what} has signature type 0x${type.toString(16).padStart(2, '0')}; supported: 0x01 (Ed25519), 0x04 (cosignature/v1)`,
    );
  }
}

/**
 * Parses a verifier key (signed-note "Verifier keys"). Throws `KEY_MALFORMED` for a wrong shape, an
 * invalid name, bad base64, a public key that is not 32 bytes or a key ID that does not match
 * SHA-256(name || 0x0A || type || key)[:4]; `KEY_UNSUPPORTED` for a type other than 0x01 and 0x04.
 */
export function parseVerifierKey(vkey: string): VerifierKey {
  const { name, hash, material } = splitKey(vkey, 'verifier key');
  const type = material[0]!;
  checkType(type, 'verifier key');
  const publicKey = material.slice(1);
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) {
    throw malformed(
      'verifier key',
      `an Ed25519 public key is ${ED25519_PUBLIC_KEY_SIZE} bytes, got ${publicKey.length}`,
    );
  }
  const keyId = computeKeyId(name, type, publicKey);
  if (formatKeyId(keyId) !== hash) {
    throw malformed('verifier key', `key ID ${hash} does not match the key (expected ${formatKeyId(keyId)})`);
  }
  return { name, keyId, type, publicKey };
}

/** Formats a verifier key; the key ID is computed from the name, type and public key. */
export function formatVerifierKey(key: { name: string; type: number; publicKey: Uint8Array }): string {
  if (!isValidKeyName(key.name)) {
    throw malformed('verifier key', `invalid key name ${JSON.stringify(key.name)}`);
  }
  checkType(key.type, 'verifier key');
  const keyId = computeKeyId(key.name, key.type, key.publicKey);
  return `${key.name}+${formatKeyId(keyId)}+${encodeBase64(concatBytes(Uint8Array.of(key.type), key.publicKey))}`;
}

/**
 * Parses a golang.org/x/mod/sumdb/note signer key, `PRIVATE+KEY+<name>+<key ID>+<base64(0x01 ||
 * seed)>`. The key ID is checked against the public key derived from the seed.
 */
export function parseSignerKey(skey: string): SignerKey {
  if (!skey.startsWith(SIGNER_KEY_PREFIX)) {
    throw malformed('signer key', `expected the prefix ${SIGNER_KEY_PREFIX}`);
  }
  const { name, hash, material } = splitKey(skey.slice(SIGNER_KEY_PREFIX.length), 'signer key');
  const type = material[0]!;
  if (type !== SIGNATURE_TYPE_ED25519) {
    throw new TranslogError(
      'KEY_UNSUPPORTED',
      `signer keys of type 0x${type.toString(16)} are not supported (only 0x01)`,
    );
  }
  const seed = material.slice(1);
  if (seed.length !== ED25519_SEED_SIZE) {
    throw malformed('signer key', `an Ed25519 seed is ${ED25519_SEED_SIZE} bytes, got ${seed.length}`);
  }
  const publicKey = ed25519PublicKey(seed);
  const keyId = computeKeyId(name, type, publicKey);
  if (formatKeyId(keyId) !== hash) {
    throw malformed('signer key', `key ID ${hash} does not match the key (expected ${formatKeyId(keyId)})`);
  }
  return { name, keyId, type, seed, publicKey };
}

/** Formats an Ed25519 signer key in the golang.org/x/mod/sumdb/note form. */
export function formatSignerKey(key: { name: string; seed: Uint8Array }): string {
  if (!isValidKeyName(key.name)) {
    throw malformed('signer key', `invalid key name ${JSON.stringify(key.name)}`);
  }
  const keyId = computeKeyId(key.name, SIGNATURE_TYPE_ED25519, ed25519PublicKey(key.seed));
  const material = encodeBase64(concatBytes(Uint8Array.of(SIGNATURE_TYPE_ED25519), key.seed));
  return `${SIGNER_KEY_PREFIX}${key.name}+${formatKeyId(keyId)}+${material}`;
}

/** Generates a fresh Ed25519 key pair for `name` (a schema-less URL is recommended, signed-note). */
export function generateKey(name: string): GeneratedKey {
  const seed = randomBytes(ED25519_SEED_SIZE);
  return {
    signerKey: formatSignerKey({ name, seed }),
    verifierKey: formatVerifierKey({ name, type: SIGNATURE_TYPE_ED25519, publicKey: ed25519PublicKey(seed) }),
  };
}

/** The Ed25519 note verifier (type 0x01, signed-note "Ed25519 signatures") for a public key. */
export function ed25519NoteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  if (!isValidKeyName(name)) throw malformed('verifier key', `invalid key name ${JSON.stringify(name)}`);
  const key = new Uint8Array(publicKey);
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_ED25519, key),
    verify: (text, signature) => ed25519Verify(key, text, signature),
  };
}

/** The Ed25519 note signer (type 0x01) for a 32-byte seed. */
export function ed25519NoteSigner(name: string, seed: Uint8Array): NoteSigner {
  if (!isValidKeyName(name)) throw malformed('signer key', `invalid key name ${JSON.stringify(name)}`);
  const secret = new Uint8Array(seed);
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_ED25519, ed25519PublicKey(secret)),
    sign: (text) => ed25519Sign(secret, text),
  };
}

/**
 * The note verifier for a verifier key: Ed25519 for type 0x01, cosignature/v1 for type 0x04.
 * Throws like {@link parseVerifierKey}.
 */
export function noteVerifier(vkey: string | VerifierKey): NoteVerifier {
  const key = typeof vkey === 'string' ? parseVerifierKey(vkey) : vkey;
  checkType(key.type, 'verifier key');
  return key.type === SIGNATURE_TYPE_COSIGNATURE_V1
    ? cosignatureVerifier(key.name, key.publicKey)
    : ed25519NoteVerifier(key.name, key.publicKey);
}

/** The note signer for a `PRIVATE+KEY+…` signer key. Throws like {@link parseSignerKey}. */
export function noteSigner(skey: string | SignerKey): NoteSigner {
  const key = typeof skey === 'string' ? parseSignerKey(skey) : skey;
  return ed25519NoteSigner(key.name, key.seed);
}
