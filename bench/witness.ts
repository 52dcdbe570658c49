/**
 * Witness throughput (add-checkpoint requests/s, beside a trivial route of the same HTTP server), and
 * the time from a write to a checkpoint cosigned by the quorum (beside the checkpoint interval).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/http/app.js';
import { systemClock } from '../src/services/clock.js';
import { openStore } from '../src/store/database.js';
import { tileReader } from '../src/store/tile-repository.js';
import {
  appendLeaves,
  consistencyProof,
  encodeUtf8,
  formatAddCheckpointRequest,
  formatCheckpoint,
  generateKey,
  leafHash,
  MemoryTileStore,
  noteSigner,
  signNote,
} from '../src/translog/index.js';
import { buildWitnessApp } from '../src/witness/witness-app.js';
import { WitnessCoordinator } from '../src/witness/witness-client.js';
import { generateWitnessKey } from '../src/witness/witness-key.js';
import { startLocalWitnesses } from '../src/cli/witnesses.js';
import { genesisPayload, testSigner } from '../test/support/actors.js';
import { fmt, percentile } from './support.js';

const ORIGIN = 'bench.amanah.local/log';

async function addCheckpointRate(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'amanah-bench-witness-'));
  const logKey = generateKey(ORIGIN);
  const app = await buildWitnessApp({
    signerKey: generateWitnessKey('bench-witness').signerKey,
    logs: [{ origin: ORIGIN, verifierKeys: [logKey.verifierKey] }],
    stateDir: dir,
    clock: systemClock,
  });
  app.get('/baseline', async () => 'ok\n');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    // Prepare a growing log: one request per new size, each with its consistency proof.
    const tiles = new MemoryTileStore();
    const signer = noteSigner(logKey.signerKey);
    const bodies: string[] = [];
    let size = 0;
    const N = 1000;
    for (let i = 0; i < N; i++) {
      const r = await appendLeaves(tiles, size, [
        leafHash(encodeUtf8(`leaf ${size}`)),
        leafHash(encodeUtf8(`leaf ${size + 1}`)),
      ]);
      tiles.writeTiles(r.tiles);
      const note = signNote(
        { text: formatCheckpoint({ origin: ORIGIN, size: r.size, rootHash: r.root, extensions: [] }) },
        [signer],
      );
      bodies.push(
        formatAddCheckpointRequest(size, size === 0 ? [] : await consistencyProof(tiles, size, r.size), note),
      );
      size = r.size;
    }
    let t = performance.now();
    for (const body of bodies) {
      const res = await fetch(`${base}/add-checkpoint`, { method: 'POST', body });
      if (res.status !== 200) throw new Error(`witness answered ${res.status}: ${await res.text()}`);
    }
    const addRate = N / ((performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < N; i++) await (await fetch(`${base}/baseline`)).text();
    const baseRate = N / ((performance.now() - t) / 1000);
    console.log(
      `| add-checkpoint (verify log signature + consistency proof, durable state, cosign), sequential | ${fmt(addRate)} req/s | ${fmt(addRate / baseRate, 2)} of a trivial route on the same server (${fmt(baseRate)} req/s) |`,
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeToCosigned(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'amanah-bench-cosign-'));
  const store = await openStore(join(dir, 'a.db'));
  const key = generateKey(ORIGIN);
  const witnesses = await startLocalWitnesses(join(dir, 'w'), ORIGIN, key.verifierKey, 3, systemClock);
  const interval = 1000;
  const app = await buildApp({
    store,
    clock: systemClock,
    origin: ORIGIN,
    web: false,
    log: {
      key: { signerKey: key.signerKey, verifierKey: key.verifierKey },
      witnesses: witnesses.endpoints.map((w) => ({ name: w.name, key: w.verifierKey, url: w.url })),
      quorum: 2,
      cosigner: new WitnessCoordinator({
        witnesses: witnesses.endpoints,
        proof: (a, b) => consistencyProof(tileReader(store.db), a, b),
      }),
      checkpointIntervalMs: interval,
    },
  });
  try {
    const head = testSigner('bench-head');
    await app.amanah.commands.submit(head.sign(ORIGIN, 'log.genesis', genesisPayload(head, ORIGIN)));
    const latencies: number[] = [];
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
      const t0 = performance.now();
      const r = await app.amanah.commands.submit(
        head.sign(ORIGIN, 'org.registered', {
          id: `org-${i}-x`,
          kind: 'observer',
          name: { en: `Observer ${i}`, ar: `مراقب ${i}` },
        }),
      );
      for (;;) {
        const cp = await app.amanah.log.checkpoint();
        if (cp.size > r.index && cp.cosignatures.length >= 2) break;
        await new Promise((res) => setTimeout(res, 5));
      }
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `| write → checkpoint cosigned by 2 of 3 witnesses | p50 ${fmt(percentile(latencies, 50))} ms, p90 ${fmt(percentile(latencies, 90))} ms | checkpoint interval ${interval} ms: at most one checkpoint a second by design |`,
    );
  } finally {
    await app.close();
    await witnesses.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWitness(): Promise<void> {
  console.log('\n## Witnesses\n');
  console.log('| measure | value | beside |');
  console.log('|---|---|---|');
  await addCheckpointRate();
  await writeToCosigned();
}
