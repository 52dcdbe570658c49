/**
 * Verification of Merkle consistency proofs, RFC 9162 §2.1.4.2.
 */
import { bytesEqual, encodeHex } from './encoding.js';
import { assertHash, nodeHash } from './hash.js';
import { TranslogError } from './translog-error.js';
import { assertTreeSize, consistencyProofRanges, isPowerOfTwo } from './tree-math.js';

/**
 * Number of hashes in the consistency proof from `size1` to `size2` (0 when the sizes are equal).
 * Requires `0 < size1 ≤ size2`.
 */
export function consistencyProofLength(size1: number, size2: number): number {
  checkSizes(size1, size2);
  return size1 === size2 ? 0 : consistencyProofRanges(size1, size2).length;
}

function checkSizes(size1: number, size2: number): void {
  assertTreeSize(size1, 'size1');
  assertTreeSize(size2, 'size2');
  if (size1 > size2) {
    throw new TranslogError(
      'TREE_SIZE_INVALID',
      `size1 ${size1} is larger than size2 ${size2}; a tree only grows`,
    );
  }
  if (size1 === 0) {
    // transparency-dev/merkle rejects this too; the witness handles "old 0" itself (tlog-witness).
    throw new TranslogError(
      'TREE_SIZE_INVALID',
      'size1 is 0: the empty tree is consistent with every tree, so there is no consistency proof to check',
    );
  }
}

/**
 * Checks that `proof` proves the tree of `size2` leaves with root `root2` is an append-only extension
 * of the tree of `size1` leaves with root `root1` (RFC 9162 §2.1.4.2). When the sizes are equal the
 * proof must be empty and the roots must be byte-for-byte equal. Throws a {@link TranslogError}:
 * `TREE_SIZE_INVALID` (size1 > size2, or size1 = 0), `HASH_LENGTH_INVALID`, `PROOF_LENGTH_INVALID`
 * or `ROOT_MISMATCH` (saying which root).
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  checkSizes(size1, size2);
  if (size1 === size2) {
    if (proof.length !== 0) {
      throw new TranslogError(
        'PROOF_LENGTH_INVALID',
        `a consistency proof between equal sizes is empty, got ${proof.length} hashes`,
      );
    }
    if (!bytesEqual(root1, root2)) {
      throw new TranslogError('ROOT_MISMATCH', `two trees of size ${size1} have different roots`);
    }
    return;
  }
  assertHash(root1, 'root1');
  assertHash(root2, 'root2');
  proof.forEach((p, i) => assertHash(p, `consistency proof[${i}]`));
  const expected = consistencyProofRanges(size1, size2).length;
  if (proof.length !== expected) {
    throw new TranslogError(
      'PROOF_LENGTH_INVALID',
      `the consistency proof from size ${size1} to ${size2} has ${expected} hashes, got ${proof.length}`,
    );
  }

  // RFC 9162 §2.1.4.2 step 2: when the old tree is a complete subtree, its root is the proof's start.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) throw new TranslogError('PROOF_LENGTH_INVALID', 'the consistency proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new TranslogError('PROOF_LENGTH_INVALID', 'the consistency proof is too short');
  if (!bytesEqual(fr, root1)) {
    throw new TranslogError(
      'ROOT_MISMATCH',
      `the consistency proof leads to old root ${encodeHex(fr)}, not root1 ${encodeHex(root1)}`,
    );
  }
  if (!bytesEqual(sr, root2)) {
    throw new TranslogError(
      'ROOT_MISMATCH',
      `the consistency proof leads to new root ${encodeHex(sr)}, not root2 ${encodeHex(root2)}`,
    );
  }
}
