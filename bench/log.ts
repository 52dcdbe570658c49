/**
 * Inclusion-proof latency from stored tiles at a large tree (default 10M leaves, BENCH_LEAVES to
 * change), beside a plain primary-key read of one tile row in the same run.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendLeaves, inclusionProof, treeRoot, verifyInclusion } from '../src/translog/index.js';
import { openStore } from '../src/store/database.js';
import { findTile, FullTileCache, tileReader, writeTiles } from '../src/store/tile-repository.js';
import { fmt, percentile } from './support.js';

const LEAVES = Number(process.env.BENCH_LEAVES ?? 10_000_000);

export async function benchLog(): Promise<void> {
  console.log(`\n## Inclusion proofs from stored tiles at ${fmt(LEAVES)} leaves (SQLite)\n`);
  const file = join(tmpdir(), `amanah_bench_tiles_${process.pid}.db`);
  const store = await openStore(file);
  try {
    // Leaf hashes are random: the proof cost depends on the tree's shape, not on what the leaves say.
    const t0 = performance.now();
    const CHUNK = 65_536;
    for (let size = 0; size < LEAVES;) {
      const n = Math.min(CHUNK, LEAVES - size);
      const bytes = randomBytes(32 * n);
      const hashes = Array.from({ length: n }, (_, i) => bytes.subarray(32 * i, 32 * i + 32));
      await store.db.transaction().execute(async (tx) => {
        const r = await appendLeaves(tileReader(tx), size, hashes);
        await writeTiles(tx, r.tiles);
        size = r.size;
      });
      if (process.stderr.isTTY) process.stderr.write(`\rbuilding tiles ${fmt((size / LEAVES) * 100)} %`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    const buildS = (performance.now() - t0) / 1000;
    const reader = tileReader(store.db, new FullTileCache()); // as the API's proof routes read them
    const root = await treeRoot(reader, LEAVES);

    // Warm-up, unmeasured: the first calls of each path compile code and fill the upper levels' cache.
    for (let i = 0; i < 200; i++) {
      await inclusionProof(reader, Math.floor(Math.random() * LEAVES), LEAVES);
      await findTile(store.db, 0, Math.floor(Math.random() * Math.floor(LEAVES / 256)), 256);
    }
    const SAMPLES = 2000;
    const proofMs: number[] = [];
    const pkMs: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const index = Math.floor(Math.random() * LEAVES);
      let t = performance.now();
      const proof = await inclusionProof(reader, index, LEAVES);
      proofMs.push(performance.now() - t);
      if (i < 20) {
        const leaf =
          (await findTile(store.db, 0, Math.floor(index / 256), 256)) ??
          (await findTile(store.db, 0, Math.floor(index / 256), LEAVES % 256));
        verifyInclusion(
          leaf!.subarray((index % 256) * 32, (index % 256) * 32 + 32),
          index,
          LEAVES,
          proof,
          root,
        );
      }
      t = performance.now();
      await findTile(store.db, 0, Math.floor(Math.random() * Math.floor(LEAVES / 256)), 256);
      pkMs.push(performance.now() - t);
    }
    proofMs.sort((a, b) => a - b);
    pkMs.sort((a, b) => a - b);
    console.log(`| measure | p50 | p99 | ratio p99 |`);
    console.log(`|---|---|---|---|`);
    console.log(
      `| inclusion proof (from tiles) | ${fmt(percentile(proofMs, 50), 3)} ms | ${fmt(percentile(proofMs, 99), 3)} ms | ${fmt(percentile(proofMs, 99) / percentile(pkMs, 99), 1)}× the baseline (target p99 < 2 ms) |`,
    );
    console.log(
      `| baseline: one tile row by primary key | ${fmt(percentile(pkMs, 50), 3)} ms | ${fmt(percentile(pkMs, 99), 3)} ms | 1 |`,
    );
    console.log(
      `\n(tiles for ${fmt(LEAVES)} leaves built in ${fmt(buildS, 1)} s: ${fmt(LEAVES / buildS)} leaves/s)`,
    );
  } finally {
    await store.close();
    for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
  }
}
