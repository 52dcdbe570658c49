/**
 * The log's side: WitnessCoordinator against real witnesses on 127.0.0.1 — healthy, down (a closed
 * port), slow (past the timeout) and misbehaving — and mergeCosignatures.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, test } from 'vitest';
import { AmanahError } from '../../src/domain/errors.js';
import { noteVerifier, parseNote, verifyNote } from '../../src/translog/index.js';
import {
  WitnessCoordinator,
  mergeCosignatures,
  type WitnessEndpoint,
} from '../../src/witness/witness-client.js';
import { generateWitnessKey, type WitnessKey } from '../../src/witness/witness-key.js';
import { TestLog, closedPort, sleep, startWitness, tempDir, type RunningWitness } from './support.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function witness(
  key: WitnessKey,
  log: TestLog,
  port = 0,
  delay?: { ms: number },
): Promise<RunningWitness> {
  const dir = await tempDir();
  const running = await startWitness(
    {
      signerKey: key.signerKey,
      logs: [{ origin: log.origin, verifierKeys: [log.vkey] }],
      stateDir: dir.path,
      clock: { now: () => new Date() },
    },
    port,
    (app) => {
      // A slow witness: it still handles the request (and stores its state) after the delay.
      if (delay !== undefined) {
        app.addHook('preHandler', async (req) => {
          if (req.method === 'POST') await sleep(delay.ms);
        });
      }
    },
  );
  cleanups.push(dir.remove, running.close);
  return running;
}

/** A plain HTTP server that answers every request with `respond`, counting requests. */
async function fakeWitness(
  respond: (n: number) => { status: number; type: string; body: string },
): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests.push(body);
      const r = respond(requests.length);
      res.writeHead(r.status, { 'content-type': r.type }).end(r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests };
}

function recordingFetch(log: { url: string; status: number }[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    log.push({ url: String(input), status: res.status });
    return res;
  };
}

describe('WitnessCoordinator', () => {
  test('a down and a slow witness delay only their own cosignature; a later checkpoint catches up (409)', async () => {
    const log = await new TestLog('log.test/coordinated').append(3);
    const keys = ['a', 'b', 'c', 'd'].map((n) => generateWitnessKey(`witness.test/${n}`));
    const slow = { ms: 2_000 };
    const a = await witness(keys[0]!, log);
    const b = await witness(keys[1]!, log);
    const downPort = await closedPort();
    const d = await witness(keys[3]!, log, 0, slow);
    const endpoints: WitnessEndpoint[] = [
      { name: 'A', verifierKey: keys[0]!.verifierKey, url: a.url },
      { name: 'B', verifierKey: keys[1]!.verifierKey, url: `${b.url}/` },
      { name: 'C (down)', verifierKey: keys[2]!.verifierKey, url: `http://127.0.0.1:${downPort}` },
      { name: 'D (slow)', verifierKey: keys[3]!.verifierKey, url: d.url },
    ];
    const errors: { witness: string; error: Error }[] = [];
    const calls: { url: string; status: number }[] = [];
    const timeoutMs = 400;
    const coordinator = new WitnessCoordinator({
      witnesses: endpoints,
      proof: (from, to) => log.proof(from, to),
      timeoutMs,
      fetch: recordingFetch(calls),
      onError: (w, error) => errors.push({ witness: w, error }),
    });

    const cp3 = await log.checkpoint();
    const started = performance.now();
    const first = await coordinator.cosign(cp3, 3);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 20);
    // Well before the slow witness answers (2 s): nobody waited for it.
    expect(elapsed).toBeLessThan(timeoutMs + 1_000);
    expect(first.map((c) => c.witness)).toEqual(['A', 'B']);
    const verifiers = keys.map((k) => noteVerifier(k.verifierKey));
    for (const c of first) {
      expect(verifyNote(cp3 + c.signatureLine, verifiers).verified).toHaveLength(1);
    }
    expect(errors.map((e) => [e.witness, (e.error as AmanahError).details.reason])).toEqual([
      ['C (down)', 'unreachable'],
      ['D (slow)', 'timeout'],
    ]);
    expect(coordinator.acknowledgedSize('A')).toBe(3);
    expect(coordinator.acknowledgedSize('D (slow)')).toBeUndefined();

    // The slow witness finished the request after the log gave up: it is at size 3, unknown to the log.
    for (
      let i = 0;
      i < 100 && (await fetch(`${d.url}/checkpoint?origin=${log.origin}`)).status !== 200;
      i++
    ) {
      await sleep(50);
    }
    expect((await fetch(`${d.url}/checkpoint?origin=${log.origin}`)).status).toBe(200);

    // C comes back on its port (with empty state), D is fast again.
    await witness(keys[2]!, log, downPort);
    slow.ms = 0;
    errors.length = 0;
    calls.length = 0;

    await log.append(4);
    const cp7 = await log.checkpoint();
    const second = await coordinator.cosign(cp7, 7);
    expect(errors.map((e) => e.error.message)).toEqual([]);
    expect(second.map((c) => c.witness)).toEqual(['A', 'B', 'C (down)', 'D (slow)']);
    // D: sent from 0, answered 409 "3", retried from 3 with a proof.
    expect(calls.filter((c) => c.url.startsWith(d.url)).map((c) => c.status)).toEqual([409, 200]);
    expect(calls.filter((c) => c.url.startsWith(a.url)).map((c) => c.status)).toEqual([200]);
    for (const name of ['A', 'B', 'C (down)', 'D (slow)']) expect(coordinator.acknowledgedSize(name)).toBe(7);

    // The published note: the log signature first, then one cosignature per witness.
    const published = mergeCosignatures(
      cp7,
      second.map((c) => c.signatureLine),
    );
    const parsed = parseNote(published);
    expect(parsed.signatures.map((s) => s.name)).toEqual([
      log.origin,
      'witness.test/a',
      'witness.test/b',
      'witness.test/c',
      'witness.test/d',
    ]);
    expect(verifyNote(published, [log.verifier, ...verifiers]).verified).toHaveLength(5);
  });

  test('a cosignature that does not verify under the configured key is dropped', async () => {
    const log = await new TestLog('log.test/wrong-key').append(2);
    const real = generateWitnessKey('witness.test/w');
    const expected = generateWitnessKey('witness.test/w'); // same name, other key
    const w = await witness(real, log);
    const errors: Error[] = [];
    const coordinator = new WitnessCoordinator({
      witnesses: [{ name: 'W', verifierKey: expected.verifierKey, url: w.url }],
      proof: (f, t) => log.proof(f, t),
      onError: (_w, e) => errors.push(e),
    });
    expect(await coordinator.cosign(await log.checkpoint(), 2)).toEqual([]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as AmanahError).details.reason).toBe('cosignature-invalid');
    expect(coordinator.acknowledgedSize('W')).toBeUndefined();
  });

  test('retries a 409 once only; refuses a witness ahead of the checkpoint; needs text/x.tlog.size', async () => {
    const log = await new TestLog('log.test/fake').append(7);
    const key = generateWitnessKey('witness.test/fake');
    const always409 = await fakeWitness(() => ({ status: 409, type: 'text/x.tlog.size', body: '5\n' }));
    const ahead = await fakeWitness(() => ({ status: 409, type: 'text/x.tlog.size', body: '100\n' }));
    const untyped = await fakeWitness(() => ({ status: 409, type: 'text/plain', body: '5\n' }));
    const garbage = await fakeWitness(() => ({ status: 200, type: 'text/plain', body: 'hello\n' }));
    const errors = new Map<string, AmanahError>();
    const proofs: [number, number][] = [];
    const coordinator = new WitnessCoordinator({
      witnesses: [
        { name: 'always409', verifierKey: key.verifierKey, url: always409.url },
        { name: 'ahead', verifierKey: key.verifierKey, url: ahead.url },
        { name: 'untyped', verifierKey: key.verifierKey, url: untyped.url },
        { name: 'garbage', verifierKey: key.verifierKey, url: garbage.url },
      ],
      proof: (f, t) => {
        proofs.push([f, t]);
        return log.proof(f, t);
      },
      onError: (w, e) => errors.set(w, e as AmanahError),
    });
    expect(await coordinator.cosign(await log.checkpoint(), 7)).toEqual([]);
    expect(always409.requests.map((r) => r.split('\n')[0])).toEqual(['old 0', 'old 5']);
    expect(always409.requests[1]!.split('\n\n')[0]!.split('\n').length).toBe(
      1 + (await log.proof(5, 7)).length,
    );
    expect(errors.get('always409')!.details).toMatchObject({ reason: 'refused', status: 409 });
    expect(ahead.requests).toHaveLength(1);
    expect(errors.get('ahead')!.message).toMatch(/cosigned size 100, newer than this checkpoint of size 7/);
    expect(untyped.requests).toHaveLength(1);
    expect(errors.get('untyped')!.message).toMatch(/text\/x\.tlog\.size/);
    expect(errors.get('garbage')!.details.reason).toBe('cosignature-invalid');
    expect(proofs).toEqual([[5, 7]]);
  });

  test('a proof function that hangs is bounded by the timeout too', async () => {
    const log = await new TestLog('log.test/hang').append(4);
    const key = generateWitnessKey('witness.test/h');
    const w = await witness(key, log);
    const ok = new WitnessCoordinator({
      witnesses: [{ name: 'H', verifierKey: key.verifierKey, url: w.url }],
      proof: (f, t) => log.proof(f, t),
    });
    expect(await ok.cosign(await log.checkpoint(2), 2)).toHaveLength(1);
    const errors: Error[] = [];
    const hanging = new WitnessCoordinator({
      witnesses: [{ name: 'H', verifierKey: key.verifierKey, url: w.url }],
      proof: () => new Promise(() => undefined),
      timeoutMs: 200,
      onError: (_w, e) => errors.push(e),
    });
    // starts at 0: 409 "2", then needs a proof 2 → 4, which never comes
    const started = performance.now();
    expect(await hanging.cosign(await log.checkpoint(4), 4)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(800);
    expect((errors[0] as AmanahError).details.reason).toBe('timeout');
  });

  test('configuration and call errors', async () => {
    const key = generateWitnessKey('witness.test/x');
    const log = await new TestLog('log.test/conf').append(3);
    const proof = (f: number, t: number) => log.proof(f, t);
    const make = (w: Partial<WitnessEndpoint>) =>
      new WitnessCoordinator({
        witnesses: [{ name: 'X', verifierKey: key.verifierKey, url: 'http://127.0.0.1:1', ...w }],
        proof,
      });
    expect(() => make({ verifierKey: log.vkey })).toThrow(/not a cosignature\/v1 key/);
    expect(() => make({ verifierKey: 'junk' })).toThrow(AmanahError);
    expect(() => make({ url: 'ftp://x' })).toThrow(/not http/);
    expect(() => make({ url: 'nope' })).toThrow(/not a URL/);
    expect(
      () =>
        new WitnessCoordinator({
          witnesses: [
            { name: 'X', verifierKey: key.verifierKey, url: 'http://a' },
            { name: 'X', verifierKey: key.verifierKey, url: 'http://b' },
          ],
          proof,
        }),
    ).toThrow(/configured twice/);
    await expect(make({}).cosign(await log.checkpoint(), 4)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(make({}).cosign('not a note', 4)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('mergeCosignatures', () => {
  test('log signature first, then cosignatures, each key once; lines with or without a newline', async () => {
    const log = await new TestLog('log.test/merge').append(5);
    const cp = await log.checkpoint();
    const text = parseNote(cp).text;
    const w1 = generateWitnessKey('witness.test/1');
    const w2 = generateWitnessKey('witness.test/2');
    const line = (k: WitnessKey, t: number) =>
      `\u2014 ${k.name} ${Buffer.from([...keyIdOf(k), ...k.signer.sign(text, t).signature]).toString('base64')}\n`;
    const l1 = line(w1, 1_700_000_000);
    const l1later = line(w1, 1_700_000_100);
    const l2 = line(w2, 1_700_000_000);
    const merged = mergeCosignatures(cp, [l1, l2.trimEnd(), l1later, l2]);
    expect(merged).toBe(cp + l1 + l2);
    // merging again changes nothing
    expect(mergeCosignatures(merged, [l2, l1])).toBe(merged);
    expect(mergeCosignatures(cp, [])).toBe(cp);
    expect(
      verifyNote(merged, [log.verifier, noteVerifier(w1.verifierKey), noteVerifier(w2.verifierKey)]).verified,
    ).toHaveLength(3);
    expect(() => mergeCosignatures(cp, ['not a signature line'])).toThrow(AmanahError);
    expect(() => mergeCosignatures('no note', [l1])).toThrow(AmanahError);
  });
});

function keyIdOf(k: WitnessKey): number[] {
  const id = k.signer.keyId;
  return [id >>> 24, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff];
}
