/**
 * Verification of Merkle inclusion proofs (audit paths), RFC 9162 §2.1.3.2.
 */
import { bytesEqual, encodeHex } from './encoding.js';
import { assertHash, nodeHash } from './hash.js';
import { TranslogError } from './translog-error.js';
import { assertTreeSize, inclusionProofRanges } from './tree-math.js';

/** Number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves. */
export function inclusionProofLength(index: number, size: number): number {
  checkIndex(index, size);
  return inclusionProofRanges(index, size).length;
}

function checkIndex(index: number, size: number): void {
  assertTreeSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new TranslogError(
      'INDEX_OUT_OF_RANGE',
      `leaf index ${index} is not in a tree of ${size} leaves (expected 0 ≤ index < ${size})`,
    );
  }
}

/**
 * The root hash that an inclusion proof leads to, following RFC 9162 §2.1.3.2 steps 1–4.
 * Throws `INDEX_OUT_OF_RANGE`, `HASH_LENGTH_INVALID` or `PROOF_LENGTH_INVALID` for a proof that
 * cannot be evaluated; does not compare against any root.
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Uint8Array {
  checkIndex(index, size);
  assertHash(leafHash, 'leaf hash');
  proof.forEach((p, i) => assertHash(p, `inclusion proof[${i}]`));
  const expected = inclusionProofRanges(index, size).length;
  if (proof.length !== expected) {
    throw new TranslogError(
      'PROOF_LENGTH_INVALID',
      `the inclusion proof of leaf ${index} in a tree of ${size} has ${expected} hashes, got ${proof.length}`,
    );
  }
  // RFC 9162 §2.1.3.2, with Math arithmetic so that sizes above 2^32 work.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new TranslogError('PROOF_LENGTH_INVALID', 'the inclusion proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new TranslogError('PROOF_LENGTH_INVALID', 'the inclusion proof is too short');
  return r;
}

/**
 * Checks that `proof` proves the leaf with hash `leafHash` is at position `index` of the tree of
 * `size` leaves whose root hash is `root` (RFC 9162 §2.1.3.2). Throws a {@link TranslogError} naming
 * what is wrong: `INDEX_OUT_OF_RANGE`, `TREE_SIZE_INVALID`, `HASH_LENGTH_INVALID`,
 * `PROOF_LENGTH_INVALID` or `ROOT_MISMATCH`.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  assertHash(root, 'root hash');
  const computed = rootFromInclusionProof(leafHash, index, size, proof);
  if (!bytesEqual(computed, root)) {
    throw new TranslogError(
      'ROOT_MISMATCH',
      `the inclusion proof of leaf ${index} leads to root ${encodeHex(computed)}, not ${encodeHex(root)}`,
    );
  }
}
