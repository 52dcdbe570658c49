/**
 * A deliberately naive RFC 6962 §2.1 Merkle tree over leaf hashes, written straight from the RFC's
 * recursive definitions (MTH, PATH, PROOF/SUBPROOF) with node:crypto, sharing no code with
 * src/translog. It is the oracle the tiled tree is checked against. Subtree hashes are memoised by
 * range so that large trees stay affordable; the recursion itself is the RFC's.
 */
import { createHash } from 'node:crypto';

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

const NODE = Uint8Array.of(1);

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export class NaiveTree {
  private readonly memo = new Map<string, Uint8Array>();
  constructor(readonly leaves: readonly Uint8Array[]) {}

  /** MTH(D[lo:hi]). */
  root(hi = this.leaves.length, lo = 0): Uint8Array {
    const n = hi - lo;
    if (n === 0) return sha256();
    if (n === 1) return this.leaves[lo]!;
    const key = `${lo},${hi}`;
    let h = this.memo.get(key);
    if (h === undefined) {
      const k = split(n);
      h = sha256(NODE, this.root(lo + k, lo), this.root(hi, lo + k));
      this.memo.set(key, h);
    }
    return h;
  }

  /** PATH(m, D[lo:hi]). */
  inclusionProof(m: number, hi: number, lo = 0): Uint8Array[] {
    const n = hi - lo;
    if (n <= 1) return [];
    const k = split(n);
    return m - lo < k
      ? [...this.inclusionProof(m, lo + k, lo), this.root(hi, lo + k)]
      : [...this.inclusionProof(m, hi, lo + k), this.root(lo + k, lo)];
  }

  /** PROOF(m, D[0:n]) for 0 < m ≤ n. */
  consistencyProof(m: number, n: number): Uint8Array[] {
    return this.subproof(m, 0, n, true);
  }

  private subproof(m: number, lo: number, hi: number, b: boolean): Uint8Array[] {
    const n = hi - lo;
    if (m === n) return b ? [] : [this.root(hi, lo)];
    const k = split(n);
    return m <= k
      ? [...this.subproof(m, lo, lo + k, b), this.root(hi, lo + k)]
      : [...this.subproof(m - k, lo + k, hi, false), this.root(lo + k, lo)];
  }
}

/** Deterministic distinct 32-byte leaf hashes. */
export function syntheticLeaves(count: number, seed = 0): Uint8Array[] {
  const out: Uint8Array[] = [];
  const b = new Uint8Array(12);
  const view = new DataView(b.buffer);
  view.setUint32(8, seed);
  for (let i = 0; i < count; i++) {
    view.setFloat64(0, i);
    out.push(sha256(b));
  }
  return out;
}

/** Lowercase hex, for readable assertions. */
export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
