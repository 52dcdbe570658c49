/**
 * Proof verification (RFC 9162 §2.1.3.2, §2.1.4.2) against proofs built by the naive RFC 6962
 * oracle, and the specific error each kind of wrong input gets.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  consistencyProofLength,
  inclusionProofLength,
  isTranslogError,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from '../../src/translog/index.js';
import { NaiveTree, hex, syntheticLeaves } from './naive-tree.js';

const leaves = syntheticLeaves(600, 9);
const tree = new NaiveTree(leaves);

function codeOf(f: () => void): string {
  try {
    f();
    return 'OK';
  } catch (e) {
    if (isTranslogError(e)) return e.code;
    throw e;
  }
}

describe('verifyInclusion', () => {
  test('accepts every naive audit path; the computed root is the tree root', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }).chain((n) => fc.tuple(fc.nat(n - 1), fc.constant(n))),
        ([i, n]) => {
          const proof = tree.inclusionProof(i, n);
          expect(proof).toHaveLength(inclusionProofLength(i, n));
          expect(hex(rootFromInclusionProof(leaves[i]!, i, n, proof))).toBe(hex(tree.root(n)));
          verifyInclusion(leaves[i]!, i, n, proof, tree.root(n));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('names what is wrong', () => {
    const proof = tree.inclusionProof(5, 8);
    const root = tree.root(8);
    expect(codeOf(() => verifyInclusion(leaves[5]!, 8, 8, proof, root))).toBe('INDEX_OUT_OF_RANGE');
    expect(codeOf(() => verifyInclusion(leaves[5]!, -1, 8, proof, root))).toBe('INDEX_OUT_OF_RANGE');
    expect(codeOf(() => verifyInclusion(leaves[5]!, 2 ** 64, 8, proof, root))).toBe('INDEX_OUT_OF_RANGE');
    expect(codeOf(() => verifyInclusion(leaves[5]!, 0.5, 8, proof, root))).toBe('INDEX_OUT_OF_RANGE');
    expect(codeOf(() => verifyInclusion(leaves[5]!, 5, -8, proof, root))).toBe('TREE_SIZE_INVALID');
    expect(codeOf(() => verifyInclusion(leaves[5]!, 5, 8, proof, root.subarray(1)))).toBe(
      'HASH_LENGTH_INVALID',
    );
    expect(codeOf(() => verifyInclusion(leaves[5]!.subarray(1), 5, 8, proof, root))).toBe(
      'HASH_LENGTH_INVALID',
    );
    expect(
      codeOf(() => verifyInclusion(leaves[5]!, 5, 8, [...proof.slice(0, 2), new Uint8Array(33)], root)),
    ).toBe('HASH_LENGTH_INVALID');
    expect(codeOf(() => verifyInclusion(leaves[5]!, 5, 8, proof.slice(1), root))).toBe(
      'PROOF_LENGTH_INVALID',
    );
    expect(codeOf(() => verifyInclusion(leaves[5]!, 5, 8, [...proof, root], root))).toBe(
      'PROOF_LENGTH_INVALID',
    );
    expect(codeOf(() => verifyInclusion(leaves[4]!, 5, 8, proof, root))).toBe('ROOT_MISMATCH');
    expect(codeOf(() => verifyInclusion(leaves[5]!, 5, 8, proof, tree.root(7)))).toBe('ROOT_MISMATCH');
    try {
      verifyInclusion(leaves[5]!, 5, 8, proof.slice(1), root);
    } catch (e) {
      expect(String(e)).toContain('has 3 hashes, got 2');
    }
  });
});

describe('verifyConsistency', () => {
  test('accepts every naive consistency proof', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 600 })
          .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n))),
        ([m, n]) => {
          const proof = tree.consistencyProof(m, n);
          expect(proof).toHaveLength(consistencyProofLength(m, n));
          verifyConsistency(m, n, proof, tree.root(m), tree.root(n));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('names what is wrong', () => {
    const proof = tree.consistencyProof(6, 8);
    const [r6, r8] = [tree.root(6), tree.root(8)];
    expect(codeOf(() => verifyConsistency(8, 6, proof, r8, r6))).toBe('TREE_SIZE_INVALID');
    expect(codeOf(() => verifyConsistency(0, 8, [], tree.root(0), r8))).toBe('TREE_SIZE_INVALID');
    expect(codeOf(() => verifyConsistency(0, 0, [], tree.root(0), tree.root(0)))).toBe('TREE_SIZE_INVALID');
    expect(codeOf(() => verifyConsistency(6, 2 ** 53, proof, r6, r8))).toBe('TREE_SIZE_INVALID');
    expect(codeOf(() => verifyConsistency(6, 8, [], r6, r8))).toBe('PROOF_LENGTH_INVALID');
    expect(codeOf(() => verifyConsistency(6, 8, proof.slice(1), r6, r8))).toBe('PROOF_LENGTH_INVALID');
    expect(codeOf(() => verifyConsistency(6, 8, [...proof, r8], r6, r8))).toBe('PROOF_LENGTH_INVALID');
    expect(codeOf(() => verifyConsistency(6, 8, proof, r6.subarray(2), r8))).toBe('HASH_LENGTH_INVALID');
    expect(codeOf(() => verifyConsistency(6, 8, proof, r8, r8))).toBe('ROOT_MISMATCH');
    expect(codeOf(() => verifyConsistency(6, 8, proof, r6, r6))).toBe('ROOT_MISMATCH');
    expect(codeOf(() => verifyConsistency(6, 6, [r6], r6, r6))).toBe('PROOF_LENGTH_INVALID');
    expect(codeOf(() => verifyConsistency(6, 6, [], r6, r8))).toBe('ROOT_MISMATCH');
    expect(codeOf(() => verifyConsistency(6, 6, [], r6, r6))).toBe('OK');
    try {
      verifyConsistency(6, 8, proof, r6, r6);
    } catch (e) {
      expect(String(e)).toContain('not root2');
    }
  });
});
