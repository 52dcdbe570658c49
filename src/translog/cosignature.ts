/**
 * Ed25519 checkpoint cosignatures, cosignature/v1 (c2sp.org/tlog-cosignature): note signatures of
 * type 0x04 whose bytes are a big-endian uint64 timestamp followed by an Ed25519 signature over
 * `cosignature/v1\ntime <timestamp>\n<checkpoint note text>`.
 */
import { ED25519_SIGNATURE_SIZE, ed25519PublicKey, ed25519Sign, ed25519Verify } from './crypto.js';
import { concatBytes, encodeUtf8 } from './encoding.js';
import { SIGNATURE_TYPE_COSIGNATURE_V1, computeKeyId, isValidKeyName } from './key-id.js';
import { KEY_ID_SIZE, assertNoteText, type NoteSignature, type NoteVerifier } from './note.js';
import { TranslogError } from './translog-error.js';

/** tlog-cosignature "Ed25519 signed message": the fixed header line, for domain separation. */
export const COSIGNATURE_V1_HEADER = 'cosignature/v1';

/** tlog-cosignature "Format": `u64 timestamp` before the signature. */
export const COSIGNATURE_TIMESTAMP_SIZE = 8;

/** tlog-cosignature "Format": the timestamp MUST NOT exceed 2^63 − 1. */
export const MAX_COSIGNATURE_TIMESTAMP = 2n ** 63n - 1n;

/** Bytes of a cosignature/v1 signature after the key ID: timestamp and Ed25519 signature (72). */
export const COSIGNATURE_V1_SIZE = COSIGNATURE_TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE;

/** A cosignature/v1 signature split into its parts. */
export interface Cosignature {
  /** POSIX seconds at which the cosigner signed. */
  readonly timestamp: number;
  /** The 64-byte Ed25519 signature over {@link cosignedMessage}. */
  readonly signature: Uint8Array;
}

function checkTimestamp(timestamp: number | bigint): bigint {
  const t =
    typeof timestamp === 'bigint' ? timestamp : Number.isSafeInteger(timestamp) ? BigInt(timestamp) : -1n;
  if (t < 0n || t > MAX_COSIGNATURE_TIMESTAMP) {
    throw new TranslogError(
      'COSIGNATURE_MALFORMED',
      `a cosignature timestamp is an integer in 0..2^63-1 (POSIX seconds), got ${timestamp}`,
    );
  }
  return t;
}

/**
 * tlog-cosignature "Ed25519 signed message": `cosignature/v1`, `time <timestamp>` (decimal, no
 * leading zeroes), each newline-terminated, then the whole checkpoint note text including any
 * extension lines and its final newline.
 */
export function cosignedMessage(checkpointText: string, timestamp: number | bigint): string {
  const t = checkTimestamp(timestamp);
  assertNoteText(checkpointText);
  return `${COSIGNATURE_V1_HEADER}\ntime ${t}\n${checkpointText}`;
}

/**
 * Splits a cosignature/v1 signature (the note signature bytes after the 4-byte key ID) into its
 * timestamp and Ed25519 signature. Throws `COSIGNATURE_MALFORMED` unless it is exactly 72 bytes —
 * a plain 64-byte Ed25519 note signature is not a cosignature — or if the timestamp is beyond
 * 2^53 − 1 (far in the future; tlog-cosignature lets verifiers reject future timestamps).
 */
export function parseCosignature(signature: Uint8Array): Cosignature {
  if (signature.length !== COSIGNATURE_V1_SIZE) {
    throw new TranslogError(
      'COSIGNATURE_MALFORMED',
      `a cosignature/v1 signature is ${COSIGNATURE_V1_SIZE} bytes after the key ID (timestamp and Ed25519), got ${signature.length}`,
    );
  }
  const view = new DataView(signature.buffer, signature.byteOffset, COSIGNATURE_TIMESTAMP_SIZE);
  const t = view.getBigUint64(0);
  if (t > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new TranslogError('COSIGNATURE_MALFORMED', `cosignature timestamp ${t} is too far in the future`);
  }
  return { timestamp: Number(t), signature: signature.subarray(COSIGNATURE_TIMESTAMP_SIZE) };
}

/**
 * Decodes a whole cosignature blob as it appears base64-encoded on a signature line (4-byte key ID,
 * 8-byte timestamp, 64-byte signature: 76 bytes).
 */
export function decodeCosignature(blob: Uint8Array): Cosignature & { readonly keyId: number } {
  if (blob.length < KEY_ID_SIZE) {
    throw new TranslogError(
      'COSIGNATURE_MALFORMED',
      `a cosignature starts with a ${KEY_ID_SIZE}-byte key ID`,
    );
  }
  const keyId = ((blob[0]! << 24) | (blob[1]! << 16) | (blob[2]! << 8) | blob[3]!) >>> 0;
  return { keyId, ...parseCosignature(blob.subarray(KEY_ID_SIZE)) };
}

function timestampBytes(timestamp: bigint): Uint8Array {
  const out = new Uint8Array(COSIGNATURE_TIMESTAMP_SIZE);
  new DataView(out.buffer).setBigUint64(0, timestamp);
  return out;
}

/**
 * A verifier of cosignature/v1 signatures by the cosigner `name` with this 32-byte Ed25519 public
 * key. Its key ID is SHA-256(name || 0x0A || 0x04 || public key)[:4] (tlog-cosignature "Format").
 * It checks the signature over the cosigned message rebuilt from the note text and the signed
 * timestamp; it does not judge the timestamp itself.
 */
export function cosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  if (!isValidKeyName(name)) {
    throw new TranslogError('KEY_MALFORMED', `invalid cosigner name ${JSON.stringify(name)}`);
  }
  const key = new Uint8Array(publicKey);
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, key),
    verify(text: Uint8Array, signature: Uint8Array): boolean {
      let parsed: Cosignature;
      try {
        parsed = parseCosignature(signature);
      } catch {
        return false;
      }
      const header = encodeUtf8(`${COSIGNATURE_V1_HEADER}\ntime ${parsed.timestamp}\n`);
      return ed25519Verify(key, concatBytes(header, text), parsed.signature);
    },
  };
}

/** A cosigner: signs checkpoint note texts with cosignature/v1 at a given time. */
export interface CosignatureSigner {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
  /** The cosignature/v1 note signature of `checkpointText` at `timestamp` (POSIX seconds). */
  sign(checkpointText: string, timestamp: number): NoteSignature;
}

/** A cosignature/v1 signer for the cosigner `name` from a 32-byte Ed25519 seed. */
export function cosignatureSigner(name: string, seed: Uint8Array): CosignatureSigner {
  if (!isValidKeyName(name)) {
    throw new TranslogError('KEY_MALFORMED', `invalid cosigner name ${JSON.stringify(name)}`);
  }
  const secret = new Uint8Array(seed);
  const publicKey = ed25519PublicKey(secret);
  const keyId = computeKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, publicKey);
  return {
    name,
    keyId,
    publicKey,
    sign(checkpointText: string, timestamp: number): NoteSignature {
      const t = checkTimestamp(timestamp);
      const message = encodeUtf8(cosignedMessage(checkpointText, t));
      return { name, keyId, signature: concatBytes(timestampBytes(t), ed25519Sign(secret, message)) };
    },
  };
}
