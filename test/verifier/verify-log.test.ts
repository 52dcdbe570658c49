import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import {
  DirectoryMirrorSource,
  HttpMirrorSource,
  verifyLog,
  type VerifyOptions,
} from '../../src/verifier/index.js';
import { testSigner } from '../support/actors.js';
import { signAt } from './log-events.js';
import { mirrorKeys } from './mirror-fixture.js';
import { serveMirror } from './static-server.js';
import { ACTORS, KEYS, ORIGIN, mirror, removeTempDirs, standardEvents } from './support.js';

afterAll(removeTempDirs);

const inline: VerifyOptions = { threads: 0 };

describe('verifyLog on a good mirror', () => {
  it('verifies every entry, tile, signature and figure, and says what it took on trust', async () => {
    const m = await mirror();
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), inline);
    expect(r.failure).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.origin).toBe(ORIGIN);
    expect(r.checkpoint).toEqual({ size: 310, rootHash: Buffer.from(m.root).toString('base64') });
    expect(r.entries).toBe(310);
    // tile/0/000, tile/0/001.p/54, tile/1/000.p/1
    expect(r.tiles).toBe(3);
    expect(r.signatures.verified).toBe(310);
    expect(r.keys).toEqual({ registered: 3, revoked: 1 });
    expect(r.witnesses?.cosigned.map((c) => c.name)).toHaveLength(3);
    expect(r.figures?.status).toBe('matched');
    expect(r.figures?.figures.find((f) => f.key === 'revokedKeys')?.rebuilt.value).toBe(1);
    expect(r.figures?.figures.find((f) => f.key === 'events')?.rebuilt.value).toBe(310);
    expect(r.logKey).toEqual({ key: KEYS.logKey, from: 'published' });
    expect(r.notes.join('\n')).toMatch(/log key was taken on trust/);
    expect(r.state).toMatchObject({ origin: ORIGIN, size: 310, logKey: KEYS.logKey, quorum: 3 });
  });

  it('checks entries on worker threads, including keys registered in a bundle still in flight', async () => {
    // 600 entries: the clerk's key, registered at entry 4, signs in bundles 0, 1 and 2.
    const m = await mirror({ entries: standardEvents(590) });
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), { threads: 2, concurrency: 3 });
    expect(r.failure).toBeUndefined();
    expect(r.signatures).toEqual({ verified: 600, threads: 2 });
    expect(r.tiles).toBe(4);
  }, 60_000);

  it('verifies with keys given explicitly, and over HTTP with transient errors retried', async () => {
    const m = await mirror();
    const server = await serveMirror(m.dir, { failures: 2 });
    try {
      const source = new HttpMirrorSource(server.url, { retry: { baseDelayMs: 1 } });
      const r = await verifyLog(source, {
        ...inline,
        logKey: KEYS.logKey,
        witnesses: KEYS.witnessKeys,
        quorum: 2,
      });
      expect(r.failure).toBeUndefined();
      expect(r.logKey?.from).toBe('option');
      expect(r.witnesses).toMatchObject({ from: 'option', quorum: 2, quorumFrom: 'option' });
      expect(r.notes.join('\n')).not.toMatch(/trust/);
      expect(source.retries).toBeGreaterThanOrEqual(2 * 7); // every resource failed twice first
    } finally {
      await server.close();
    }
  });

  it('reports the figures as not compared when the published overview is for another size', async () => {
    const m = await mirror({ overview: (o) => ({ ...o, logSize: 400 }) });
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), inline);
    expect(r.ok).toBe(true);
    expect(r.figures).toMatchObject({ status: 'not-compared' });
    expect(r.notes.join('\n')).toMatch(/overview is for 400 entries, the checkpoint for 310/);
  });
});

describe('verifyLog names what is wrong', () => {
  async function failure(options: Parameters<typeof mirror>[0], verify: VerifyOptions = {}) {
    const m = await mirror(options);
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), { ...inline, ...verify });
    expect(r.ok).toBe(false);
    expect(r.state).toBeUndefined();
    return r.failure!;
  }

  it('a forged event signature, naming the entry', async () => {
    const events = standardEvents();
    const e = events[123]!;
    events[123] = { ...e, payload: { ...e.payload, name: { en: 'Forged', ar: 'مزور' } } };
    const f = await failure({ entries: events });
    expect(f.code).toBe('SIGNATURE_INVALID');
    expect(f.subject).toEqual({ kind: 'entry', index: 123, bundle: 'tile/entries/000' });
    expect(f.message).toMatch(/^entry 123 \(tile\/entries\/000\): the signature does not verify with key/);
  });

  it('an event signed by a revoked key after its revocation, naming the entry', async () => {
    const events = standardEvents(290);
    events.push(
      signAt(ACTORS.officer, ORIGIN, 9_000, 'crossing.registered', {
        code: 'late-crossing',
        name: { en: 'Late', ar: 'متأخر' },
        kind: 'land',
        status: 'open',
      }),
    );
    const f = await failure({ entries: events });
    expect(f.subject).toEqual({ kind: 'entry', index: 300, bundle: 'tile/entries/001.p/45' });
    expect(f.message).toMatch(/^entry 300 .*which entry 8 revoked/);
  });

  it('an entry that is not canonical JSON, naming the entry', async () => {
    const events = standardEvents();
    const e = events[42]!;
    // the same signed event, its members in another order: valid JSON, valid signature, not canonical
    const raw = JSON.stringify({
      v: e.v,
      type: e.type,
      sv: e.sv,
      id: e.id,
      time: e.time,
      actor: e.actor,
      payload: e.payload,
      sig: e.sig,
    });
    expect(raw).not.toBe(canonicalJson(e));
    const f = await failure({ entries: events.map((x, i) => (i === 42 ? { raw } : x)) });
    expect(f.subject).toEqual({ kind: 'entry', index: 42, bundle: 'tile/entries/000' });
    expect(f.message).toMatch(/entry 42 .*not in RFC 8785 canonical form/);
  });

  it('an event by a key the log never registered, and a log that does not start with its genesis', async () => {
    const events = standardEvents();
    events[200] = signAt(testSigner('stranger'), ORIGIN, 200, 'org.registered', {
      id: 'stranger',
      kind: 'observer',
      name: { en: 'S', ar: 'س' },
    });
    const f = await failure({ entries: events });
    expect(f.message).toMatch(/^entry 200 .*which the log has not registered before it/);
    const g = await failure({ entries: standardEvents().slice(1), overview: 'none' });
    expect(g.message).toMatch(/^entry 0 .*not log\.genesis/);
  });

  it('a figure the events do not give, naming the figure', async () => {
    const f = await failure({
      overview: (o) => ({
        ...o,
        figures: o.figures.map((x) =>
          x.key === 'activeKeys' && x.kind === 'count' ? { ...x, value: x.value + 1 } : x,
        ),
      }),
    });
    expect(f.subject).toEqual({ kind: 'figure', key: 'activeKeys' });
    expect(f.message).toBe("figure activeKeys: the mirror publishes 3, the log's events give 2");
  });

  it('too few cosignatures', async () => {
    const f = await failure({ cosigners: 2 }, { quorum: 3 });
    expect(f.subject).toEqual({ kind: 'checkpoint' });
    expect(f.message).toBe('checkpoint: cosigned by 2 of the 3 trusted witnesses, but the quorum is 3');
  });

  it('a checkpoint not signed by the given log key', async () => {
    const f = await failure({}, { logKey: mirrorKeys(ORIGIN, 0, 'another').logKey });
    expect(f.code).toBe('SIGNATURE_INVALID');
    expect(f.message).toMatch(/^checkpoint: not signed by the log key verify\.amanah\.local\/log\+/);
  });

  it('a tile or a bundle missing from the mirror', async () => {
    const m = await mirror();
    rmSync(join(m.dir, 'log/tile/1/000.p/1'));
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), inline);
    expect(r.failure?.message).toBe(
      "tile/1/000.p/1: missing from the mirror, but the checkpoint's tree has it",
    );
    rmSync(join(m.dir, 'log/tile/entries/001.p/54'));
    const s = await verifyLog(new DirectoryMirrorSource(m.dir), inline);
    expect(s.failure).toMatchObject({
      code: 'NOT_FOUND',
      subject: { kind: 'bundle', path: 'tile/entries/001.p/54' },
    });
  });

  it('a tile that does not match the entries, naming the tile and the entry', async () => {
    const m = await mirror();
    const path = join(m.dir, 'log/tile/0/001.p/54');
    const tile = readFileSync(path);
    tile[32 * 7] ^= 1;
    writeFileSync(path, tile);
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), inline);
    expect(r.failure?.message).toBe(
      'tile/0/001.p/54: hash 7 is not the leaf hash of entry 263 (tile/entries/001.p/54)',
    );
  });

  it('an event the projections cannot apply (an organisation registered twice)', async () => {
    const events = standardEvents();
    const dup = signAt(ACTORS.head, ORIGIN, 7_000, 'org.registered', {
      id: 'qatar',
      kind: 'member-state',
      country: 'QA',
      name: { en: 'Qatar', ar: 'قطر' },
    });
    events.splice(250, 0, dup);
    const f = await failure({ entries: events, overview: 'none' });
    expect(f.message).toMatch(/^entry 250 \(tile\/entries\/000\): the projections cannot apply it/);
  });

  it('a checkpoint whose signature is re-encoded with the same bytes (base64 padding bits)', async () => {
    const m = await mirror();
    const file = join(m.dir, 'log/checkpoint');
    const note = readFileSync(file, 'utf8');
    // 68 signature bytes end in one "=": the character before it carries 2 unused bits
    const line = note.split('\n').find((l) => l.startsWith(`\u2014 ${ORIGIN} `))!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = line.at(-2)!;
    const same = alphabet[alphabet.indexOf(last) ^ 1]!;
    writeFileSync(file, note.replace(line, `${line.slice(0, -2)}${same}=`));
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), inline);
    expect(r.failure?.message).toBe(
      'checkpoint: not in canonical signed-note form (a signature line is not re-encoded byte for byte)',
    );
  });
});

describe('verifyLog at the edges', () => {
  it('verifies an empty log', async () => {
    const m = await mirror({ entries: [] });
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), inline);
    expect(r.failure).toBeUndefined();
    expect(r).toMatchObject({ ok: true, entries: 0, tiles: 0, checkpoint: { size: 0 } });
  });

  it('ignores a broken api/v1/log when every key is given, and fails naming it otherwise', async () => {
    const m = await mirror();
    writeFileSync(join(m.dir, 'api/v1/log'), '{"origin": 7}');
    const given = { ...inline, logKey: KEYS.logKey, witnesses: KEYS.witnessKeys, quorum: 3 };
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), given);
    expect(r.ok).toBe(true);
    expect(r.notes.join('\n')).toMatch(
      /^api\/v1\/log: not the document the mirror contract describes .*ignored$/m,
    );
    const s = await verifyLog(new DirectoryMirrorSource(m.dir), { ...inline, logKey: KEYS.logKey });
    expect(s.failure?.subject).toEqual({ kind: 'document', path: 'api/v1/log' });
  });

  it('refuses to read a resource larger than the log format allows', async () => {
    const m = await mirror();
    writeFileSync(join(m.dir, 'log/tile/0/000'), new Uint8Array(8193));
    const e = await verifyLog(new DirectoryMirrorSource(m.dir), inline).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/^log\/tile\/0\/000 of .* is larger than 8192 bytes/);
    const server = await serveMirror(m.dir);
    try {
      const h = await verifyLog(new HttpMirrorSource(server.url), inline).catch((x: unknown) => x);
      expect((h as Error).message).toMatch(/^log\/tile\/0\/000 of http:.* is larger than 8192 bytes/);
    } finally {
      await server.close();
    }
  });

  it('reports an HTTP mirror that lacks a tile, and one that cannot be reached', async () => {
    const m = await mirror();
    rmSync(join(m.dir, 'log/tile/0/000'));
    const server = await serveMirror(m.dir);
    const url = server.url;
    try {
      const r = await verifyLog(new HttpMirrorSource(url), inline);
      expect(r.failure?.subject).toEqual({ kind: 'tile', path: 'tile/0/000' });
    } finally {
      await server.close();
    }
    const source = new HttpMirrorSource(url, { retry: { attempts: 2, baseDelayMs: 1 } });
    await expect(verifyLog(source, inline)).rejects.toThrow(
      /cannot read http:.*api\/v1\/log: .*tried 2 times/,
    );
  });
});
