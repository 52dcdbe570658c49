// web/src/verify/verify-record.ts in Node, against the real server (`amanah serve`, three witnesses,
// quorum 2) and against a mirror that alters its answers. The browser's crypto module is swapped in
// as the web build does, so this is the code the page runs, step by step; verification.test.ts then
// drives the page itself.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createRecordVerifier,
  type CheckpointVerification,
  type ExpectedRecord,
  type VerifierOptions,
} from '../../web/src/verify/verify-record.js';
import * as translog from '../../src/translog/index.js';
import * as browserCrypto from '../../web/src/verify/translog-crypto.js';
import { startAmanahServer, type AmanahServer } from './support/amanah-server.js';
import { waitForCosignedCheckpoint, type PublishedLog } from './support/log-ready.js';
import { addUnknownSignature, flipRootByte, forgeSignature, keepCosignatures } from './support/tamper.js';

vi.mock('../../src/translog/crypto.js', () => import('../../web/src/verify/translog-crypto.js'));

interface Place {
  code: string;
  name: Record<string, string>;
  logIndex: number;
}

let server: AmanahServer;
let published: PublishedLog;
let governorates: Place[];
let crossings: Place[];

beforeAll(async () => {
  server = await startAmanahServer();
  published = await waitForCosignedCheckpoint(server.url);
  const list = async (path: string) =>
    ((await (await fetch(`${server.url}/api/v1/${path}`)).json()) as { items: Place[] }).items;
  governorates = await list('governorates');
  crossings = await list('crossings');
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const expectedPlace = (kind: 'governorate' | 'crossing', place: Place): ExpectedRecord => ({
  type: `${kind}.registered`,
  payload: { code: place.code, name: place.name },
});

type Rewrite = (path: string, response: Response) => Promise<Response> | Response;

/** A mirror of the real server whose answers pass through `rewrite`; it records what was asked. */
function mirror(rewrite: Rewrite = (_path, response) => response): {
  options: VerifierOptions;
  requested: string[];
} {
  const requested: string[] = [];
  const fetchThrough: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const path = `${url.pathname}${url.search}`;
    requested.push(path);
    return rewrite(path, await fetch(url, init));
  };
  return { options: { baseUrl: server.url, fetch: fetchThrough }, requested };
}

/** Rewrites the text of the answer to `path` (exactly, or any path starting with it when it ends in '/'). */
function rewriteText(target: string, change: (text: string) => string): Rewrite {
  return async (path, response) => {
    const hit = target.endsWith('/') ? path.startsWith(target) : path === target;
    if (!hit) return response;
    return new Response(change(await response.text()), {
      status: response.status,
      headers: response.headers,
    });
  };
}

function rewriteJson(target: string, change: (json: Record<string, unknown>) => unknown): Rewrite {
  return rewriteText(target, (text) => JSON.stringify(change(JSON.parse(text) as Record<string, unknown>)));
}

async function checkpointVerdict(rewrite: Rewrite): Promise<CheckpointVerification> {
  return createRecordVerifier(mirror(rewrite).options).verifyLatestCheckpoint();
}

describe('verify-record against the real server', () => {
  it('verifies the checkpoint: the log signature and all three witness cosignatures', async () => {
    expect(translog.ed25519Verify, 'runs on the browser crypto').toBe(browserCrypto.ed25519Verify);
    const result = await createRecordVerifier(mirror().options).verifyLatestCheckpoint();
    if (!result.ok) throw new Error(`${result.failure}: ${result.detail}`);
    expect(result.origin).toBe(published.origin);
    expect(result.size).toBe(published.size);
    expect(Buffer.from(result.rootHash).toString('base64')).toBe(published.note.split('\n')[2]);
    expect(result.quorum).toBe(2);
    expect(result.witnesses).toBe(3);
    expect([...result.cosignedBy].sort()).toEqual(published.witnesses.map((w) => w.name).sort());
    expect(result.logKey).toBe(published.logKey);
    // The fingerprint is SHA-256(type || public key): the key's base64 part, hashed here with node:crypto.
    const material = Buffer.from(published.logKey.split('+').slice(2).join('+'), 'base64');
    expect(result.logKeyFingerprint).toBe(createHash('sha256').update(material).digest('hex'));
  });

  it('verifies the log entry of every governorate and crossing, each against what the page shows', async () => {
    const verifier = createRecordVerifier(mirror().options);
    const places = [
      ...governorates.map((place) => ({ place, expected: expectedPlace('governorate', place) })),
      ...crossings.map((place) => ({ place, expected: expectedPlace('crossing', place) })),
    ];
    expect(places.length).toBeGreaterThanOrEqual(10);
    for (const { place, expected } of places) {
      expect(await verifier.verifyRecordInclusion(place.logIndex, expected), place.code).toEqual({
        status: 'verified',
        index: place.logIndex,
        checkpointSize: published.size,
      });
    }
  });

  it('fetches and checks the checkpoint once, each entry once, and at most four entries at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const { options, requested } = mirror(async (_path, response) => response);
    const slowFetch: typeof fetch = async (input, init) => {
      const counted = /\/api\/v1\/(events|log\/proof)/.test(String(input));
      if (counted) most = Math.max(most, ++inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return await options.fetch!(input, init);
      } finally {
        if (counted) inFlight--;
      }
    };
    const verifier = createRecordVerifier({ ...options, fetch: slowFetch });
    const places = [...governorates, ...crossings];
    const results = await Promise.all(
      [...places, ...places].map((place) => verifier.verifyRecordInclusion(place.logIndex)),
    );
    expect(results.every((result) => result.status === 'verified')).toBe(true);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    expect(requested.filter((path) => path === '/log/checkpoint')).toHaveLength(1);
    expect(requested.filter((path) => path.startsWith('/api/v1/events/'))).toHaveLength(places.length);
  });

  it('calls an entry appended after the checkpoint pending, without asking for it', async () => {
    const { options, requested } = mirror();
    const verifier = createRecordVerifier(options);
    expect(await verifier.verifyRecordInclusion(published.size)).toEqual({
      status: 'pending',
      index: published.size,
      checkpointSize: published.size,
    });
    expect(requested.some((path) => path.startsWith('/api/v1/events/'))).toBe(false);
  });

  it('refuses an entry that is in the log but records something else than the page shows', async () => {
    const verifier = createRecordVerifier(mirror().options);
    const [first, second] = governorates;
    const result = await verifier.verifyRecordInclusion(
      second!.logIndex,
      expectedPlace('governorate', first!),
    );
    expect(result).toMatchObject({ status: 'failed', failure: 'record-mismatch' });
    const crossing = await verifier.verifyRecordInclusion(first!.logIndex, expectedPlace('crossing', first!));
    expect(crossing).toMatchObject({ status: 'failed', failure: 'record-mismatch' });
  });

  it("ignores the server's own leafHash and rootHash fields: it recomputes both", async () => {
    const zero = Buffer.alloc(32).toString('base64');
    const verifier = createRecordVerifier(
      mirror(async (path, response) => {
        if (path.startsWith('/api/v1/events/')) {
          return rewriteJson('/api/v1/events/', (json) => ({ ...json, leafHash: '00'.repeat(32) }))(
            path,
            response,
          );
        }
        if (path.startsWith('/api/v1/log/proof/inclusion')) {
          return rewriteJson(path, (json) => ({ ...json, leafHash: zero, rootHash: zero }))(path, response);
        }
        return response;
      }).options,
    );
    const place = governorates[0]!;
    expect(await verifier.verifyRecordInclusion(place.logIndex)).toMatchObject({ status: 'verified' });
  });
});

describe('verify-record against a mirror that alters what it serves', () => {
  it('fails on one flipped byte of the root hash in the checkpoint: the log signature', async () => {
    const result = await checkpointVerdict(rewriteText('/log/checkpoint', flipRootByte));
    expect(result).toMatchObject({ ok: false, failure: 'log-signature', logKey: published.logKey });
  });

  it("fails on a forged log signature, and on a checkpoint with the log's signature missing", async () => {
    expect(
      await checkpointVerdict(
        rewriteText('/log/checkpoint', (note) => forgeSignature(note, published.origin)),
      ),
    ).toMatchObject({ ok: false, failure: 'log-signature' });
    expect(
      await checkpointVerdict(
        rewriteText('/log/checkpoint', (note) => note.replace(/^\u2014 demo\.amanah\.local\/log .*\n/m, '')),
      ),
    ).toMatchObject({ ok: false, failure: 'log-signature' });
  });

  it('fails when cosignatures are dropped below the quorum, and says how many verified', async () => {
    expect(
      await checkpointVerdict(
        rewriteText('/log/checkpoint', (note) => keepCosignatures(note, published.origin, 1)),
      ),
    ).toMatchObject({ ok: false, failure: 'witness-quorum', cosigned: 1, quorum: 2 });
    expect(
      await checkpointVerdict(
        rewriteText('/log/checkpoint', (note) => keepCosignatures(note, published.origin, 0)),
      ),
    ).toMatchObject({ ok: false, failure: 'witness-quorum', cosigned: 0, quorum: 2 });
    // Two of three is still the quorum.
    expect(
      await checkpointVerdict(
        rewriteText('/log/checkpoint', (note) => keepCosignatures(note, published.origin, 2)),
      ),
    ).toMatchObject({ ok: true, cosignedBy: expect.any(Array) as unknown });
  });

  it('fails on a forged cosignature from a listed witness even when the others reach the quorum', async () => {
    const witness = published.witnesses[0]!.name;
    const result = await checkpointVerdict(
      rewriteText('/log/checkpoint', (note) => forgeSignature(note, witness)),
    );
    expect(result).toMatchObject({ ok: false, failure: 'witness-signature' });
    expect(result.ok ? '' : result.detail).toContain(witness);
  });

  it('ignores a signature from a key nobody listed', async () => {
    const result = await checkpointVerdict(rewriteText('/log/checkpoint', addUnknownSignature));
    expect(result).toMatchObject({ ok: true, size: published.size });
  });

  it('fails when the description names another log than the checkpoint', async () => {
    const result = await checkpointVerdict(
      rewriteJson('/api/v1/log', (log) => ({ ...log, origin: 'other.example/log' })),
    );
    expect(result).toMatchObject({ ok: false, failure: 'origin-mismatch' });
  });

  it('fails when a witness is listed with a key that is not a cosignature key, or the log key is garbage', async () => {
    expect(
      await checkpointVerdict(
        rewriteJson('/api/v1/log', (log) => ({
          ...log,
          witnesses: [...published.witnesses.slice(1), { ...published.witnesses[0], key: published.logKey }],
        })),
      ),
    ).toMatchObject({ ok: false, failure: 'keys-invalid' });
    expect(
      await checkpointVerdict(rewriteJson('/api/v1/log', (log) => ({ ...log, logKey: 'not a key' }))),
    ).toMatchObject({ ok: false, failure: 'keys-invalid' });
  });

  it('says which download failed or could not be read', async () => {
    const status =
      (target: string, code: number): Rewrite =>
      (path, response) =>
        path === target ? new Response('no', { status: code }) : response;
    expect(await checkpointVerdict(status('/api/v1/log', 404))).toMatchObject({ failure: 'log-unavailable' });
    expect(await checkpointVerdict(rewriteText('/api/v1/log', () => '<html>'))).toMatchObject({
      failure: 'log-unavailable',
    });
    expect(await checkpointVerdict(status('/log/checkpoint', 503))).toMatchObject({
      failure: 'checkpoint-unavailable',
    });
    expect(await checkpointVerdict(rewriteText('/log/checkpoint', () => '<!doctype html>\n'))).toMatchObject({
      failure: 'checkpoint-malformed',
    });
  });

  it('fails the one record whose event was changed, and no other', async () => {
    const target = governorates[0]!;
    const verifier = createRecordVerifier(
      mirror(
        rewriteJson(`/api/v1/events/${target.logIndex}`, (json) => {
          const event = json.event as { payload: { areaSqKm: number } };
          event.payload.areaSqKm += 1;
          return json;
        }),
      ).options,
    );
    expect(await verifier.verifyLatestCheckpoint()).toMatchObject({ ok: true });
    const changed = await verifier.verifyRecordInclusion(
      target.logIndex,
      expectedPlace('governorate', target),
    );
    expect(changed).toMatchObject({ status: 'failed', failure: 'inclusion', index: target.logIndex });
    expect(changed.status === 'failed' ? changed.detail : '').toMatch(/leads to root/);
    for (const place of governorates.slice(1)) {
      expect(await verifier.verifyRecordInclusion(place.logIndex)).toMatchObject({ status: 'verified' });
    }
  });

  it('fails a record whose proof was altered or cut short, or whose entry is another one', async () => {
    const place = governorates[1]!;
    const proofPath = `/api/v1/log/proof/inclusion?index=${place.logIndex}&size=${published.size}`;
    const flip = (hash: string) => {
      const bytes = Buffer.from(hash, 'base64');
      bytes[5]! ^= 0x80;
      return bytes.toString('base64');
    };
    const altered = createRecordVerifier(
      mirror(rewriteJson(proofPath, (json) => ({ ...json, proof: (json.proof as string[]).map(flip) })))
        .options,
    );
    expect(await altered.verifyRecordInclusion(place.logIndex)).toMatchObject({ failure: 'inclusion' });
    const short = createRecordVerifier(
      mirror(rewriteJson(proofPath, (json) => ({ ...json, proof: (json.proof as string[]).slice(1) })))
        .options,
    );
    expect(await short.verifyRecordInclusion(place.logIndex)).toMatchObject({ failure: 'inclusion' });
    const other = createRecordVerifier(
      mirror(rewriteJson(`/api/v1/events/${place.logIndex}`, (json) => ({ ...json, index: 0 }))).options,
    );
    expect(await other.verifyRecordInclusion(place.logIndex)).toMatchObject({ failure: 'entry-unavailable' });
  });

  it('fails every record when the checkpoint fails, without asking for entries', async () => {
    const { options, requested } = mirror(rewriteText('/log/checkpoint', flipRootByte));
    const verifier = createRecordVerifier(options);
    for (const place of crossings) {
      expect(await verifier.verifyRecordInclusion(place.logIndex)).toMatchObject({
        status: 'failed',
        failure: 'checkpoint',
      });
    }
    expect(requested.some((path) => path.startsWith('/api/v1/events/'))).toBe(false);
  });
});
