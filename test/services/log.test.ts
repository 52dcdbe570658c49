import type { FastifyInstance } from 'fastify';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { Checkpointer } from '../../src/services/checkpointer.js';
import { fixedClock } from '../../src/services/clock.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { readEntries } from '../../src/store/log-repository.js';
import { openStore, type Store } from '../../src/store/database.js';
import {
  appendLeaves,
  decodeBase64,
  decodeEntryBundle,
  decodeUtf8,
  leafHash,
  encodeUtf8,
  MemoryTileStore,
  noteVerifier,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  treeRoot,
  fullTileInternalHashes,
} from '../../src/translog/index.js';
import { genesisPayload, nextId, ORIGIN, testSigner } from '../support/actors.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const head = testSigner('head');
const key = testLogKey(ORIGIN);

/** The tree computed independently, in memory, from the entries' bodies. */
async function independentTree(store: Store): Promise<MemoryTileStore> {
  const entries = await readEntries(store.db, { from: 0, limit: 100_000 });
  const mem = new MemoryTileStore();
  const r = await appendLeaves(
    mem,
    0,
    entries.map((e) => leafHash(encodeUtf8(e.body))),
  );
  mem.writeTiles(r.tiles);
  return mem;
}

describe.each(STORE_KINDS)('the transparency log on %s', (kind) => {
  let app: FastifyInstance;
  let store: Store;
  let dispose: () => Promise<void>;
  const send = (n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        app.amanah.commands.submit(
          head.sign(
            ORIGIN,
            'org.registered',
            {
              id: `ngo-${nextId('o').toLowerCase()}-${i}`,
              kind: 'implementing-partner',
              partnerType: 'ngo',
              name: { en: `NGO ${i}`, ar: `جمعية ${i}` },
            },
            { id: nextId(), time: NOW },
          ),
        ),
      ),
    );

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    app = await buildApp({
      store,
      clock: fixedClock(NOW),
      origin: ORIGIN,
      web: false,
      log: { key, checkpointIntervalMs: 60_000 },
    });
    await app.amanah.commands.submit(
      head.sign(ORIGIN, 'log.genesis', genesisPayload(head), { id: nextId(), time: NOW }),
    );
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('signs checkpoints whose root is the tree of the entries, and proves every entry and every growth', async () => {
    await send(300); // more than one full tile
    const first = (await app.amanah.checkpointer.cut())!;
    expect(first.size).toBe(301);
    const note = (await app.inject('/log/checkpoint')).body;
    const { checkpoint } = verifyCheckpoint(note, [noteVerifier(key.verifierKey)], ORIGIN);
    expect(checkpoint.size).toBe(301);
    const mem = await independentTree(store);
    expect(Buffer.from(checkpoint.rootHash)).toEqual(Buffer.from(await treeRoot(mem, 301)));

    const entries = await readEntries(store.db, { from: 0, limit: 1000 });
    for (const i of [0, 1, 255, 256, 257, 300]) {
      const res = (await app.inject(`/api/v1/log/proof/inclusion?index=${i}&size=301`)).json();
      expect(() =>
        verifyInclusion(
          leafHash(encodeUtf8(entries[i]!.body)),
          i,
          301,
          res.proof.map((p: string) => decodeBase64(p)),
          checkpoint.rootHash,
        ),
      ).not.toThrow();
    }

    await send(40);
    const second = (await app.amanah.checkpointer.cut())!;
    expect(second.size).toBe(341);
    const c = (await app.inject('/api/v1/log/proof/consistency?from=301&to=341')).json();
    expect(() =>
      verifyConsistency(
        301,
        341,
        c.proof.map((p: string) => decodeBase64(p)),
        first.rootHash,
        second.rootHash,
      ),
    ).not.toThrow();
    const described = (await app.inject('/api/v1/log')).json();
    expect(described).toMatchObject({
      origin: ORIGIN,
      logKey: key.verifierKey,
      quorum: 0,
      checkpoint: { size: 341 },
    });
  });

  it('serves tiles and entry bundles exactly as tlog-tiles lays them out', async () => {
    const mem = await independentTree(store);
    const full = await app.inject('/log/tile/0/000');
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('application/octet-stream');
    expect(full.headers['cache-control']).toContain('immutable');
    expect(Buffer.from(full.rawPayload)).toEqual(Buffer.from((await mem.readTile(0, 0, 256))!));
    const partial = await app.inject('/log/tile/0/001.p/85');
    expect(Buffer.from(partial.rawPayload)).toEqual(Buffer.from((await mem.readTile(0, 1, 85))!));
    const narrower = await app.inject('/log/tile/0/001.p/3'); // an older checkpoint's right edge
    expect(Buffer.from(narrower.rawPayload)).toEqual(Buffer.from((await mem.readTile(0, 1, 3))!));
    const level1 = await app.inject('/log/tile/1/000.p/1');
    expect(Buffer.from(level1.rawPayload)).toEqual(Buffer.from((await mem.readTile(1, 0, 1))!));

    const bundle = await app.inject('/log/tile/entries/000');
    const bodies = decodeEntryBundle(new Uint8Array(bundle.rawPayload)).map((b) => decodeUtf8(b));
    const entries = await readEntries(store.db, { from: 0, limit: 256 });
    expect(bodies).toEqual(entries.map((e) => e.body));

    for (const bad of [
      '/log/tile/0/002',
      '/log/tile/0/001.p/200',
      '/log/tile/0/1',
      '/log/tile/0/x000/001',
      '/log/tile/entries/009',
    ]) {
      const r = await app.inject(bad);
      expect(r.statusCode, bad).toBe(404);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('keeps each full tile’s internal hashes beside it, and none for partial tiles', async () => {
    await send(300); // at least one full tile at level 0
    const rows = await store.db
      .selectFrom('log_tiles')
      .select(['level', 'idx', 'data', 'internal'])
      .execute();
    const full = rows.filter((r) => r.data.length === 256 * 32);
    expect(full.length).toBeGreaterThan(0);
    for (const r of full)
      expect(Buffer.from(r.internal!).equals(Buffer.from(fullTileInternalHashes(r.data.slice())))).toBe(true);
    for (const r of rows.filter((x) => x.data.length < 256 * 32)) expect(r.internal).toBeNull();
  });

  it('refuses proofs for sizes the log does not have', async () => {
    expect((await app.inject('/api/v1/log/proof/inclusion?index=5&size=99999')).statusCode).toBe(400);
    expect((await app.inject('/api/v1/log/proof/inclusion?index=340&size=301')).json().errors[0].path).toBe(
      'querystring.index',
    );
    expect((await app.inject('/api/v1/log/proof/consistency?from=50&to=10')).statusCode).toBe(400);
  });

  it('stores one checkpoint when two servers on the same database sign the same size at once', async () => {
    await send(3);
    const other = new Checkpointer({
      store,
      origin: ORIGIN,
      signerKey: key.signerKey,
      clock: fixedClock(NOW),
    });
    const [a, b] = await Promise.all([app.amanah.checkpointer.cut(), other.cut()]);
    await other.close();
    expect(a!.size).toBe(b!.size);
    expect(a!.rootHash).toEqual(b!.rootHash);
    const rows = await store.db
      .selectFrom('log_checkpoints')
      .select('body')
      .where('size', '=', BigInt(a!.size))
      .execute();
    expect(rows.map((r) => r.body)).toEqual([a!.body]);
  });

  it('never signs a checkpoint inconsistent with the last one', async () => {
    await send(260);
    const signed = (await app.amanah.checkpointer.cut())!;
    await send(5);
    // Someone rewrites a stored hash of the old part of the tree (leaves 0..255) behind the log's back.
    const row = await store.db
      .selectFrom('log_tiles')
      .select('data')
      .where('level', '=', 1n)
      .where('idx', '=', 0n)
      .executeTakeFirstOrThrow();
    const data = new Uint8Array(row.data);
    data[10] ^= 0xff;
    await store.db
      .updateTable('log_tiles')
      .set({ data })
      .where('level', '=', 1n)
      .where('idx', '=', 0n)
      .execute();
    await expect(app.amanah.checkpointer.cut()).rejects.toThrow(/root|consisten/i);
    expect((await app.inject('/api/v1/log')).json().checkpoint.size).toBe(signed.size);
  });
});

describe.each(STORE_KINDS)('migration 0002 on %s', (kind) => {
  it('computes the tiles of a log recorded before tiles existed', async () => {
    const { store: raw, target, dispose } = await freshStore(kind, { migrate: false });
    try {
      // A database at migration 0001 with 600 entries, as an early version left it.
      await new Migrator({ db: raw.db, provider: migrationProvider(raw.dialect) }).migrateTo('0001-initial');
      const bodies = Array.from({ length: 600 }, (_, i) => `{"n":${i}}`);
      for (let i = 0; i < bodies.length; i += 200) {
        await raw.db
          .insertInto('log_entries')
          .values(
            bodies.slice(i, i + 200).map((b, j) => ({
              idx: i + j,
              event_id: `old-${i + j}-000000000000`,
              type: 'x.y',
              actor: 'a'.repeat(32),
              time: NOW.toISOString(),
              body: b,
              leaf_hash: leafHash(encodeUtf8(b)),
            })),
          )
          .execute();
      }
      await raw.close();
      const migrated = await openStore(target);
      const mem = new MemoryTileStore();
      mem.writeTiles(
        (
          await appendLeaves(
            mem,
            0,
            bodies.map((b) => leafHash(encodeUtf8(b))),
          )
        ).tiles,
      );
      const { tileReader } = await import('../../src/store/tile-repository.js');
      expect(Buffer.from(await treeRoot(tileReader(migrated.db), 600))).toEqual(
        Buffer.from(await treeRoot(mem, 600)),
      );
      const n = (await sql<{ n: bigint }>`select count(*) as n from log_tiles`.execute(migrated.db)).rows[0]!
        .n;
      expect(Number(n)).toBe(mem.size);
      await migrated.close();
    } finally {
      await dispose();
    }
  });
});
