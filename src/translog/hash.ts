/**
 * RFC 6962 §2.1 Merkle tree hashing with SHA-256 (the hash every C2SP tlog spec uses).
 */
import { sha256 } from './crypto.js';
import { TranslogError } from './translog-error.js';

/** Size in bytes of every Merkle tree hash (SHA-256). */
export const HASH_SIZE = 32;

/** RFC 6962 §2.1: the domain-separation prefix of a leaf hash. */
export const LEAF_HASH_PREFIX = 0x00;

/** RFC 6962 §2.1: the domain-separation prefix of an interior node hash. */
export const NODE_HASH_PREFIX = 0x01;

const EMPTY_ROOT = sha256(new Uint8Array(0));

// Reused input buffer for node hashes: hashing is synchronous, so no other call can interleave, and
// this saves one allocation per node on the hot path of tile hashing.
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);
nodeInput[0] = NODE_HASH_PREFIX;

/** RFC 6962 §2.1: MTH({}) = SHA-256(""), the root hash of the empty tree. Returns a fresh copy. */
export function emptyRoot(): Uint8Array {
  return new Uint8Array(EMPTY_ROOT);
}

/** RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0)), the hash of one leaf's bytes. */
export function leafHash(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_HASH_PREFIX;
  input.set(data, 1);
  return sha256(input);
}

// Reused input buffer for leaf hashes of text (grown when a longer text comes).
let leafInput = new Uint8Array(8192);
const utf8 = new TextEncoder();

/** {@link leafHash} of the UTF-8 bytes of `text`, encoded straight into a reused buffer. */
export function leafHashOfText(text: string): Uint8Array {
  const most = 1 + 3 * text.length;
  if (leafInput.length < most) leafInput = new Uint8Array(most);
  leafInput[0] = LEAF_HASH_PREFIX;
  const { written } = utf8.encodeInto(text, leafInput.subarray(1));
  return sha256(leafInput.subarray(0, 1 + written));
}

/**
 * RFC 6962 §2.1: SHA-256(0x01 || left || right), the hash of an interior node. The children are
 * normally 32-byte hashes, but any bytes are accepted (the RFC 6962 test vectors hash short strings).
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeInput.set(left, 1);
    nodeInput.set(right, 1 + HASH_SIZE);
    return sha256(nodeInput);
  }
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_HASH_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/**
 * RFC 6962 §2.1 node hash of two adjacent 32-byte hashes given as one 64-byte `left || right` view:
 * the hot path of tile hashing, one copy instead of two.
 */
export function nodeHashOfPair(pair: Uint8Array): Uint8Array {
  nodeInput.set(pair, 1);
  return sha256(nodeInput);
}

/**
 * Throws `HASH_LENGTH_INVALID` unless `hash` is exactly {@link HASH_SIZE} bytes.
 *
 * @param what names the hash in the error message (`"root hash"`, `"proof[3]"`).
 */
export function assertHash(hash: Uint8Array, what: string): void {
  if (hash.length !== HASH_SIZE) {
    throw new TranslogError('HASH_LENGTH_INVALID', `${what} must be ${HASH_SIZE} bytes, got ${hash.length}`);
  }
}
