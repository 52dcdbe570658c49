/**
 * Key names and key IDs of signed-note keys (c2sp.org/signed-note "Signatures").
 */
import { sha256 } from './crypto.js';
import { encodeUtf8 } from './encoding.js';

/** signed-note "Signature types": Ed25519 signatures over the note text. */
export const SIGNATURE_TYPE_ED25519 = 0x01;

/** signed-note "Signature types": timestamped Ed25519 checkpoint cosignatures (tlog-cosignature). */
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;

/** The byte between the key name and the signature type in the key ID hash input. */
const KEY_ID_SEPARATOR = 0x0a;

// Unicode White_Space, the set Go's unicode.IsSpace uses (and U+0085, U+00A0 among them).
const WHITE_SPACE = /\p{White_Space}/u;

/**
 * signed-note "Format": key names are non-empty and contain no Unicode spaces and no plus (U+002B).
 * Also rejects lone surrogates, which cannot be UTF-8.
 */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !WHITE_SPACE.test(name) && !name.includes('+') && !/\p{Surrogate}/u.test(name);
}

/**
 * signed-note "Signatures": key ID = SHA-256(key name || 0x0A || signature type || public key)[:4],
 * read as a big-endian uint32.
 */
export function computeKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const nameBytes = encodeUtf8(name);
  const input = new Uint8Array(nameBytes.length + 2 + publicKey.length);
  input.set(nameBytes);
  input[nameBytes.length] = KEY_ID_SEPARATOR;
  input[nameBytes.length + 1] = type;
  input.set(publicKey, nameBytes.length + 2);
  const digest = sha256(input);
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

/** A key ID as 8 lowercase hex digits, as vkeys write it (signed-note "Verifier keys"). */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** A key ID as the 4 big-endian bytes that start a note signature. */
export function keyIdBytes(keyId: number): Uint8Array {
  return Uint8Array.of(keyId >>> 24, (keyId >>> 16) & 0xff, (keyId >>> 8) & 0xff, keyId & 0xff);
}
