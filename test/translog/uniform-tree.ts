/**
 * A tile store for a tree of any size whose leaves all have the same hash. In such a tree MTH of a
 * range depends only on its length, so tiles are constant and a 10-million (or 2^40) leaf tree
 * costs nothing to "store" — yet it is a genuine RFC 6962 tree, and proofs from it must verify.
 * The store answers only the tiles tlog-tiles says exist for its size, with their exact widths,
 * and counts reads.
 */
import { createHash } from 'node:crypto';
import type { TileReader } from '../../src/translog/index.js';

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export class UniformTree implements TileReader {
  /** subtreeHashes[k] = MTH of 2^k identical leaves. */
  private readonly perfect: Uint8Array[] = [];
  private readonly memo = new Map<number, Uint8Array>();
  reads = 0;

  constructor(
    readonly size: number,
    readonly leaf: Uint8Array = sha256(Uint8Array.of(0), new TextEncoder().encode('uniform')),
  ) {
    this.perfect.push(leaf);
    for (let k = 1; k < 64; k++)
      this.perfect.push(sha256(Uint8Array.of(1), this.perfect[k - 1]!, this.perfect[k - 1]!));
  }

  /** MTH of `n` identical leaves, by the RFC 6962 recursion (memoised on n). */
  root(n: number = this.size): Uint8Array {
    if (n === 0) return sha256();
    if (n === 1) return this.leaf;
    let h = this.memo.get(n);
    if (h === undefined) {
      let k = 1;
      while (k * 2 < n) k *= 2;
      h = sha256(Uint8Array.of(1), this.root(k), this.root(n - k));
      this.memo.set(n, h);
    }
    return h;
  }

  /** PATH(m, D[0:n]) (depends on m's position, but hashes only on range lengths). */
  inclusionProof(m: number, n: number = this.size, lo = 0): Uint8Array[] {
    const len = n - lo;
    if (len <= 1) return [];
    let k = 1;
    while (k * 2 < len) k *= 2;
    return m - lo < k
      ? [...this.inclusionProof(m, lo + k, lo), this.root(n - lo - k)]
      : [...this.inclusionProof(m, n, lo + k), this.root(k)];
  }

  readTile(level: number, index: number, width: number): Promise<Uint8Array | undefined> {
    this.reads++;
    const count = Math.floor(this.size / 256 ** level);
    const full = Math.floor(count / 256);
    const available = index < full ? 256 : index === full ? count % 256 : 0;
    if (width < 1 || width > available) return Promise.resolve(undefined);
    const data = new Uint8Array(32 * width);
    for (let i = 0; i < width; i++) data.set(this.perfect[8 * level]!, 32 * i);
    return Promise.resolve(data);
  }
}
