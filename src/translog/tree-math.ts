/**
 * The shape of an RFC 6962 §2.1 Merkle tree, as arithmetic on leaf positions. Everything here works
 * on JS numbers up to 2^53 − 1 with `Math` arithmetic rather than 32-bit bitwise operators, so trees
 * larger than 2^32 leaves stay correct.
 */
import { TranslogError } from './translog-error.js';

/** A half-open range of leaf positions `[start, end)`. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A complete (perfect) subtree: `2^level` leaves starting at leaf `index * 2^level`. Level 0 nodes are
 * leaf hashes. Its hash never changes once the tree has grown past its last leaf.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Throws `TREE_SIZE_INVALID` unless `size` is a non-negative safe integer. */
export function assertTreeSize(size: number, what = 'tree size'): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new TranslogError(
      'TREE_SIZE_INVALID',
      `${what} must be a non-negative integer below 2^53, got ${size}`,
    );
  }
}

/** Whether `n` is 2^k for some k ≥ 0. */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/** log2 of a power of two. */
export function log2Exact(n: number): number {
  let level = 0;
  while (n > 1) {
    n /= 2;
    level++;
  }
  return level;
}

/** RFC 6962 §2.1: "the largest power of two smaller than n" (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees whose hashes make up MTH(D[start:end]) (RFC 6962 §2.1), left to right. The
 * RFC recursion splits off a complete left subtree of the largest power of two each time, so a range
 * that occurs in it is a run of complete subtrees of decreasing size. Valid for every range the
 * RFC 6962 recursion produces (all ranges in this file).
 */
export function rangeNodes(range: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let lo = range.start;
  while (lo < range.end) {
    const n = range.end - lo;
    const k = isPowerOfTwo(n) ? n : largestPowerOfTwoBelow(n);
    nodes.push({ level: log2Exact(k), index: lo / k });
    lo += k;
  }
  return nodes;
}

/**
 * The ranges whose hashes form PATH(index, D[0:size]), the RFC 6962 §2.1.1 audit path, ordered from
 * the leaf's sibling up to the root's child. Requires `0 ≤ index < size`.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      ranges.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      ranges.push({ start: lo, end: lo + k });
      lo += k;
    }
  }
  return ranges.reverse();
}

/**
 * The ranges whose hashes form PROOF(size1, D[0:size2]), the RFC 6962 §2.1.2 consistency proof
 * (SUBPROOF with b = true), in proof order. Requires `0 < size1 < size2`.
 */
export function consistencyProofRanges(size1: number, size2: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let lo = 0;
  let hi = size2;
  let isWholeOldTree = true; // the RFC's flag b
  for (;;) {
    if (size1 === hi) {
      // SUBPROOF(m, D[m], b): nothing if this is the old tree itself, else its own hash.
      if (!isWholeOldTree) ranges.push({ start: lo, end: hi });
      break;
    }
    const k = largestPowerOfTwoBelow(hi - lo);
    if (size1 - lo <= k) {
      ranges.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      ranges.push({ start: lo, end: lo + k });
      lo += k;
      isWholeOldTree = false;
    }
  }
  return ranges.reverse();
}
