/**
 * The witness over real HTTP (127.0.0.1, a free port) with its state in real files: every refusal of
 * tlog-witness "add-checkpoint", oversized bodies, forks, 50 concurrent submissions for one log, and
 * restarts on the same state directory.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  TLOG_SIZE_CONTENT_TYPE,
  emptyRoot,
  encodeBase64,
  formatAddCheckpointRequest,
  formatCheckpoint,
  generateKey,
  noteVerifier,
  signNote,
  verifyNote,
} from '../../src/translog/index.js';
import { ADD_CHECKPOINT_BODY_LIMIT, type WitnessAppOptions } from '../../src/witness/witness-app.js';
import { generateWitnessKey } from '../../src/witness/witness-key.js';
import { originHash } from '../../src/witness/witness-state-store.js';
import { TestLog, postAddCheckpoint, startWitness, tempDir, type RunningWitness } from './support.js';

const witnessKey = generateWitnessKey('witness.test/w1');
const witnessVerifier = noteVerifier(witnessKey.verifierKey);

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function witnessFor(
  logs: readonly TestLog[],
  extra: Partial<WitnessAppOptions> = {},
): Promise<RunningWitness & { stateDir: string; options: WitnessAppOptions }> {
  const dir = await tempDir();
  const options: WitnessAppOptions = {
    signerKey: witnessKey.signerKey,
    logs: logs.map((l) => ({ origin: l.origin, verifierKeys: [l.vkey] })),
    stateDir: dir.path,
    clock: { now: () => new Date() },
    ...extra,
  };
  const running = await startWitness(options);
  cleanups.push(dir.remove, running.close);
  return { ...running, stateDir: dir.path, options };
}

async function storedSize(url: string, origin: string): Promise<number | undefined> {
  const res = await fetch(`${url}/checkpoint?origin=${encodeURIComponent(origin)}`);
  if (res.status === 404) return undefined;
  return Number((await res.text()).split('\n')[1]);
}

function cosignatureVerifies(note: string, body: string): boolean {
  try {
    return verifyNote(note + body, [witnessVerifier]).verified.length === 1;
  } catch {
    return false;
  }
}

describe('POST /add-checkpoint', () => {
  const log = new TestLog('log.test/app');
  let w: Awaited<ReturnType<typeof witnessFor>>;

  beforeAll(async () => {
    await log.append(20);
    w = await witnessFor([log]);
  });

  test('200 then a consistent extension: the response verifies and the state is stored', async () => {
    const cp3 = await log.checkpoint(3);
    const first = await postAddCheckpoint(w.url, formatAddCheckpointRequest(0, [], cp3));
    expect(first.status, first.body).toBe(200);
    expect(first.contentType).toMatch(/^text\/plain/);
    expect(cosignatureVerifies(cp3, first.body)).toBe(true);

    const cp8 = await log.checkpoint(8);
    const next = await postAddCheckpoint(w.url, formatAddCheckpointRequest(3, await log.proof(3, 8), cp8));
    expect(next.status, next.body).toBe(200);
    expect(cosignatureVerifies(cp8, next.body)).toBe(true);
    expect(await storedSize(w.url, log.origin)).toBe(8);
  });

  test('the request content type does not matter (the spec sets none)', async () => {
    const cp8 = await log.checkpoint(8);
    const res = await postAddCheckpoint(w.url, formatAddCheckpointRequest(8, [], cp8), {
      'content-type': 'application/json',
    });
    expect(res.status, res.body).toBe(200);
  });

  test('400: malformed bodies change nothing', async () => {
    const cp = await log.checkpoint(10);
    const hash = encodeBase64(new Uint8Array(32));
    const bodies: Record<string, string | Uint8Array> = {
      empty: '',
      'no old line': cp,
      'old with a leading zero': `old 08\n\n${cp}`,
      'old not a number': `old eight\n\n${cp}`,
      'no empty line before the checkpoint': `old 8\n${cp}`,
      'proof line not base64': `old 8\n!!!!\n\n${cp}`,
      'proof hash of 31 bytes': `old 8\n${encodeBase64(new Uint8Array(31))}\n\n${cp}`,
      '64 proof lines': `old 8\n${`${hash}\n`.repeat(64)}\n${cp}`,
      'checkpoint without signatures': `old 8\n\n${cp.slice(0, cp.indexOf('\n\n') + 1)}`,
      'checkpoint size with a leading zero': `old 8\n\n${cp.replace('\n10\n', '\n010\n')}`,
      'invalid UTF-8': new Uint8Array([...Buffer.from('old 8\n\n'), 0xff, 0xfe, 0x0a]),
      'control character': `old 8\n\n${cp.replace('log.test/app', 'log.test/\u0001app')}`,
    };
    for (const [name, body] of Object.entries(bodies)) {
      const res = await postAddCheckpoint(w.url, body);
      expect(res.status, `${name}: ${res.body}`).toBe(400);
      expect(res.body.endsWith('\n'), name).toBe(true);
    }
    // old size larger than the checkpoint size
    const res = await postAddCheckpoint(w.url, formatAddCheckpointRequest(11, [], cp));
    expect(res.status, res.body).toBe(400);
    expect(await storedSize(w.url, log.origin)).toBe(8);
  });

  test('422: consistency proofs of the wrong length or with a wrong hash', async () => {
    const cp = await log.checkpoint(19);
    const proof = await log.proof(8, 19);
    expect(proof.length).toBeGreaterThan(1);
    const variants: Record<string, Uint8Array[]> = {
      'one hash short': proof.slice(0, -1),
      'one hash extra': [...proof, new Uint8Array(32)],
      'empty proof': [],
      'a flipped bit': proof.map((h, i) => (i === 0 ? h.map((b, j) => (j === 0 ? b ^ 1 : b)) : h)),
      'a proof for other sizes': await log.proof(7, 19),
    };
    for (const [name, p] of Object.entries(variants)) {
      const res = await postAddCheckpoint(w.url, formatAddCheckpointRequest(8, p, cp));
      expect(res.status, `${name}: ${res.body}`).toBe(422);
    }
    // a non-empty proof from old size 0 is refused too, but the witness is at 8: that is a 409 first
    expect(await storedSize(w.url, log.origin)).toBe(8);
  });

  test('413: an oversized body is refused before it is read as a request', async () => {
    const cp = await log.checkpoint(13);
    const body = `old 8\n\n${cp}`.padEnd(ADD_CHECKPOINT_BODY_LIMIT + 1, 'x');
    const res = await postAddCheckpoint(w.url, body);
    expect(res.status).toBe(413);
    expect(res.body).toContain(String(ADD_CHECKPOINT_BODY_LIMIT));
    expect(await storedSize(w.url, log.origin)).toBe(8);
  });

  test('404: a checkpoint of a log the witness does not know', async () => {
    const stranger = await new TestLog('log.test/stranger').append(2);
    const res = await postAddCheckpoint(
      w.url,
      formatAddCheckpointRequest(0, [], await stranger.checkpoint()),
    );
    expect(res.status, res.body).toBe(404);
    expect(await storedSize(w.url, stranger.origin)).toBeUndefined();
  });

  test('403: a bad log signature, or no signature from the log key', async () => {
    const cp = await log.checkpoint(13);
    const proof = await log.proof(8, 13);
    // Change one base64 character inside the signature (not the key ID or padding).
    const sigStart = cp.lastIndexOf(' ') + 20;
    const tampered = cp.slice(0, sigStart) + (cp[sigStart] === 'A' ? 'B' : 'A') + cp.slice(sigStart + 1);
    const bad = await postAddCheckpoint(w.url, formatAddCheckpointRequest(8, proof, tampered));
    expect(bad.status, bad.body).toBe(403);

    // Signed by another key that has the log's name: ignored as unknown, so no trusted signature.
    const impostor = new TestLog(log.origin, generateKey(log.origin));
    await impostor.append(13);
    const text = cp.slice(0, cp.indexOf('\n\n') + 1);
    const foreign = signNote({ text }, [impostor.signer]);
    const res = await postAddCheckpoint(w.url, formatAddCheckpointRequest(8, proof, foreign));
    expect(res.status, res.body).toBe(403);
    expect(await storedSize(w.url, log.origin)).toBe(8);
  });

  test('409: a stale old size gets the stored size as text/x.tlog.size', async () => {
    const cp = await log.checkpoint(13);
    for (const old of [0, 3, 7]) {
      const res = await postAddCheckpoint(
        w.url,
        formatAddCheckpointRequest(old, old === 0 ? [] : await log.proof(old, 13), cp),
      );
      expect(res.status, res.body).toBe(409);
      expect(res.contentType).toBe(TLOG_SIZE_CONTENT_TYPE);
      expect(res.body).toBe('8\n');
    }
  });

  test('GET endpoints: witness info, the latest checkpoint by origin and by origin hash', async () => {
    const info = await (await fetch(`${w.url}/`)).json();
    expect(info).toEqual({
      name: 'witness.test/w1',
      verifierKey: witnessKey.verifierKey,
      logs: [log.origin],
    });

    const byOrigin = await fetch(`${w.url}/checkpoint?origin=${encodeURIComponent(log.origin)}`);
    expect(byOrigin.status).toBe(200);
    const text = await byOrigin.text();
    expect(verifyNote(text, [log.verifier]).verified).toHaveLength(1);
    expect(verifyNote(text, [witnessVerifier]).verified).toHaveLength(1);
    const byHash = await fetch(`${w.url}/${originHash(log.origin)}/checkpoint`);
    expect(await byHash.text()).toBe(text);

    expect((await fetch(`${w.url}/checkpoint?origin=log.test/none`)).status).toBe(404);
    expect((await fetch(`${w.url}/checkpoint`)).status).toBe(400);
    expect((await fetch(`${w.url}/${originHash('log.test/none')}/checkpoint`)).status).toBe(404);
    expect((await fetch(`${w.url}/not-a-hash/checkpoint`)).status).toBe(404);
    expect((await fetch(`${w.url}/add-checkpoint`)).status).toBe(404);
  });
});

describe('size 0', () => {
  test('a size-0 checkpoint needs the empty tree root', async () => {
    const log = new TestLog('log.test/empty');
    const w = await witnessFor([log]);
    const wrong = signNote(
      {
        text: formatCheckpoint({ origin: log.origin, size: 0, rootHash: new Uint8Array(32), extensions: [] }),
      },
      [log.signer],
    );
    expect((await postAddCheckpoint(w.url, formatAddCheckpointRequest(0, [], wrong))).status).toBe(422);
    const right = signNote(
      { text: formatCheckpoint({ origin: log.origin, size: 0, rootHash: emptyRoot(), extensions: [] }) },
      [log.signer],
    );
    expect((await postAddCheckpoint(w.url, formatAddCheckpointRequest(0, [], right))).status).toBe(200);
    await log.append(2);
    const cp = await log.checkpoint();
    // from old size 0 the proof must be empty
    const withProof = formatAddCheckpointRequest(0, [new Uint8Array(32)], cp);
    expect((await postAddCheckpoint(w.url, withProof)).status).toBe(422);
    expect((await postAddCheckpoint(w.url, formatAddCheckpointRequest(0, [], cp))).status).toBe(200);
  });
});

describe('a log that forks', () => {
  test('two different trees of the same size: the second is refused (422) and logged as evidence', async () => {
    const key = generateKey('log.test/fork');
    const honest = await new TestLog('log.test/fork', key, 'honest').append(5);
    const forked = await new TestLog('log.test/fork', key, 'forked').append(5);
    const forkedRoot5 = encodeBase64(forked.root);
    expect(forkedRoot5).not.toBe(encodeBase64(honest.root));

    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const w = await witnessFor([honest], { logger });
    const first = await postAddCheckpoint(
      w.url,
      formatAddCheckpointRequest(0, [], await honest.checkpoint()),
    );
    expect(first.status, first.body).toBe(200);

    // Same size, other root: C2SP main says 422 (v1.0.0 said 409).
    const same = await postAddCheckpoint(w.url, formatAddCheckpointRequest(5, [], await forked.checkpoint()));
    expect(same.status, same.body).toBe(422);
    // A larger tree on the fork, with a proof that is valid within the fork: 422 too.
    await forked.append(3);
    const larger = await postAddCheckpoint(
      w.url,
      formatAddCheckpointRequest(5, await forked.proof(5, 8), await forked.checkpoint()),
    );
    expect(larger.status, larger.body).toBe(422);

    const stored = await (await fetch(`${w.url}/checkpoint?origin=log.test/fork`)).text();
    expect(stored.split('\n').slice(0, 3)).toEqual(['log.test/fork', '5', encodeBase64(honest.root)]);
    const evidence = lines.map((l) => JSON.parse(l) as { level: number; msg: string; request?: string });
    const warnings = evidence.filter((e) => e.level === 40 && e.msg.includes('misbehaviour'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.request).toContain(forkedRoot5);
    expect(warnings[1]!.request).toContain(encodeBase64(forked.root));
  });
});

describe('concurrency', () => {
  test('30 concurrent submissions with increasing sizes: the state never rolls back', async () => {
    const log = await new TestLog('log.test/busy').append(40);
    const w = await witnessFor([log]);
    const base = await postAddCheckpoint(w.url, formatAddCheckpointRequest(0, [], await log.checkpoint(10)));
    expect(base.status).toBe(200);

    const checkpoints = new Map<number, string>();
    for (let size = 11; size <= 40; size++) checkpoints.set(size, await log.checkpoint(size));

    // Watch the monitoring endpoint while the submissions run: its size must never go down.
    const observed: number[] = [];
    let running = true;
    const watcher = (async () => {
      while (running) observed.push((await storedSize(w.url, log.origin))!);
    })();

    // 30 clients, each with its own target size, all starting from old size 10. On 409 a client
    // learns the witness's size and retries from there, until its target is cosigned or superseded.
    const accepted: number[] = [];
    let requests = 0;
    await Promise.all(
      [...checkpoints].map(async ([target, cp]) => {
        let old = 10;
        for (;;) {
          requests++;
          const proof = await log.proof(old, target);
          const res = await postAddCheckpoint(w.url, formatAddCheckpointRequest(old, proof, cp));
          if (res.status === 200) {
            expect(cosignatureVerifies(cp, res.body)).toBe(true);
            accepted.push(target);
            return;
          }
          expect(res.status, res.body).toBe(409);
          const size = Number(res.body);
          if (size >= target) return;
          old = size;
        }
      }),
    );
    running = false;
    await watcher;

    expect(accepted.length).toBeGreaterThan(0);
    expect(Math.max(...accepted)).toBe(40);
    expect(requests).toBeGreaterThan(30);
    for (let i = 1; i < observed.length; i++) expect(observed[i]).toBeGreaterThanOrEqual(observed[i - 1]!);
    expect(await storedSize(w.url, log.origin)).toBe(40);
    const file = JSON.parse(await readFile(join(w.stateDir, originHash(log.origin)), 'utf8')) as {
      size: number;
    };
    expect(file.size).toBe(40);
    // Every temp file was renamed into place.
    expect(await readdir(w.stateDir)).toEqual([originHash(log.origin)]);
  }, 90_000);
});

describe('restart', () => {
  test('a new app on the same state directory keeps the state', async () => {
    const log = await new TestLog('log.test/restart').append(9);
    const first = await witnessFor([log]);
    expect(
      (await postAddCheckpoint(first.url, formatAddCheckpointRequest(0, [], await log.checkpoint(4)))).status,
    ).toBe(200);
    await first.close();

    const second = await startWitness(first.options);
    cleanups.push(second.close);
    const stale = await postAddCheckpoint(
      second.url,
      formatAddCheckpointRequest(0, [], await log.checkpoint(9)),
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toBe('4\n');
    expect(await storedSize(second.url, log.origin)).toBe(4);
    const next = await postAddCheckpoint(
      second.url,
      formatAddCheckpointRequest(4, await log.proof(4, 9), await log.checkpoint(9)),
    );
    expect(next.status, next.body).toBe(200);
  });

  test('configuration errors: a name that is not the key name, a log without keys', async () => {
    const log = new TestLog('log.test/config');
    await expect(witnessFor([log], { name: 'witness.test/other' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    await expect(
      witnessFor([], { logs: [{ origin: 'log.test/config', verifierKeys: [] }] }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(
      witnessFor([], { logs: [{ origin: 'log.test/config', verifierKeys: ['not a key'] }] }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(witnessFor([log], { signerKey: 'PRIVATE+KEY+nope' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });
});
