/**
 * The pure tlog-witness add-checkpoint decision, rule by rule, and a log that grows through the
 * tiled tree while the witness follows it with consistency proofs built from tiles.
 */
import { describe, expect, test } from 'vitest';
import {
  MemoryTileStore,
  TLOG_SIZE_CONTENT_TYPE,
  addCheckpoint,
  appendLeaves,
  consistencyProof,
  cosignatureSigner,
  cosignatureVerifier,
  ed25519NoteSigner,
  ed25519NoteVerifier,
  ed25519PublicKey,
  emptyRoot,
  encodeBase64,
  formatAddCheckpointRequest,
  formatCheckpoint,
  isTranslogError,
  leafHash,
  parseAddCheckpointRequest,
  signNote,
  verifyNote,
  type AddCheckpointResponse,
  type WitnessState,
} from '../../src/translog/index.js';
import { NaiveTree, syntheticLeaves } from './naive-tree.js';

const ORIGIN = 'log.example/amanah';
const logSeed = new Uint8Array(32).fill(7);
const logSigner = ed25519NoteSigner(ORIGIN, logSeed);
const logVerifier = ed25519NoteVerifier(ORIGIN, ed25519PublicKey(logSeed));
const witnessKey = cosignatureSigner('witness.example/w', new Uint8Array(32).fill(8));
const config = {
  logs: new Map([[ORIGIN, [logVerifier]]]),
  witnessKey,
  now: new Date('2030-01-01T00:00:00Z'),
};

const leaves = syntheticLeaves(40, 11);
const tree = new NaiveTree(leaves);

function checkpoint(size: number, root = tree.root(size), origin = ORIGIN, signer = logSigner): string {
  return signNote({ text: formatCheckpoint({ origin, size, rootHash: root, extensions: [] }) }, [signer]);
}
function request(old: number, proof: readonly Uint8Array[], note: string): string {
  return formatAddCheckpointRequest(old, proof, note);
}
function state(size: number, root = tree.root(size)): WitnessState {
  return { origin: ORIGIN, size, rootHash: root };
}
function expectRefused(res: AddCheckpointResponse, status: number, refusal: string): void {
  expect(res.status, res.body).toBe(status);
  expect(res.refusal).toBe(refusal);
  expect(res.newState).toBeUndefined();
  expect(res.body.endsWith('\n')).toBe(true);
}

describe('add-checkpoint', () => {
  test('200: first checkpoint with old 0 and an empty proof, then a consistent one', () => {
    const first = addCheckpoint(undefined, request(0, [], checkpoint(5)), config);
    expect(first.status).toBe(200);
    expect(first.body).toMatch(/^\u2014 witness\.example\/w [A-Za-z0-9+/]+=*\n$/);
    expect(first.newState).toEqual(state(5));
    // The response appended to the checkpoint is a note the witness key verifies (tlog-witness).
    const cosigned = verifyNote(checkpoint(5) + first.body, [
      cosignatureVerifier(witnessKey.name, witnessKey.publicKey),
    ]);
    expect(cosigned.verified).toHaveLength(1);
    expect(verifyNote(first.cosignedCheckpoint!, [logVerifier]).verified).toHaveLength(1);

    const next = addCheckpoint(
      first.newState,
      request(5, tree.consistencyProof(5, 9), checkpoint(9)),
      config,
    );
    expect(next.status, next.body).toBe(200);
    expect(next.newState).toEqual(state(9));
  });

  test('200: the same checkpoint again (old = size, same root, empty proof)', () => {
    const res = addCheckpoint(state(9), request(9, [], checkpoint(9)), config);
    expect(res.status).toBe(200);
    expect(res.newState).toEqual(state(9));
  });

  test('200: size 0 with the empty root; 422 with any other root', () => {
    expect(addCheckpoint(undefined, request(0, [], checkpoint(0, emptyRoot())), config).status).toBe(200);
    expectRefused(
      addCheckpoint(undefined, request(0, [], checkpoint(0, tree.root(1))), config),
      422,
      'EMPTY_TREE_ROOT_INVALID',
    );
  });

  test('400: malformed bodies', () => {
    const cp = checkpoint(5);
    const bodies: Record<string, string | Uint8Array> = {
      empty: '',
      'no old line': cp,
      'old with leading zero': `old 05\n\n${cp}`,
      'old negative': `old -1\n\n${cp}`,
      'old upper case': `OLD 0\n\n${cp}`,
      'old without newline': 'old 0',
      'no empty line': `old 0\n${cp}`,
      'proof not base64': `old 0\nnot base64!\n\n${cp}`,
      'proof hash 31 bytes': `old 0\n${encodeBase64(new Uint8Array(31))}\n\n${cp}`,
      '64 proof lines': `old 0\n${`${encodeBase64(new Uint8Array(32))}\n`.repeat(64)}\n${cp}`,
      'malformed note': `old 0\n\n${cp.slice(0, -1)}`,
      'malformed checkpoint': `old 0\n\n${signNote({ text: `${ORIGIN}\n05\n${encodeBase64(new Uint8Array(32))}\n` }, [logSigner])}`,
      'invalid UTF-8': Uint8Array.of(0x6f, 0x6c, 0x64, 0x20, 0x30, 0x0a, 0x0a, 0xff),
    };
    for (const [name, body] of Object.entries(bodies)) {
      const res = addCheckpoint(undefined, body, config);
      expect(res.status, name).toBe(400);
      expect(res.refusal, name).toBe('REQUEST_MALFORMED');
    }
    expectRefused(addCheckpoint(undefined, request(6, [], checkpoint(5)), config), 400, 'OLD_SIZE_TOO_LARGE');
    // 63 proof lines are allowed by the parser.
    expect(
      parseAddCheckpointRequest(`old 0\n${`${encodeBase64(new Uint8Array(32))}\n`.repeat(63)}\n${cp}`).proof,
    ).toHaveLength(63);
  });

  test('404: unknown origin, whoever signed it', () => {
    const other = checkpoint(
      5,
      tree.root(5),
      'other.example/log',
      ed25519NoteSigner('other.example/log', logSeed),
    );
    expectRefused(addCheckpoint(undefined, request(0, [], other), config), 404, 'UNKNOWN_ORIGIN');
    const byLogKey = checkpoint(5, tree.root(5), 'other.example/log');
    expectRefused(addCheckpoint(undefined, request(0, [], byLogKey), config), 404, 'UNKNOWN_ORIGIN');
  });

  test('403: no signature from the log key, or an invalid one', () => {
    const stranger = ed25519NoteSigner(ORIGIN, new Uint8Array(32).fill(99));
    expectRefused(
      addCheckpoint(undefined, request(0, [], checkpoint(5, tree.root(5), ORIGIN, stranger)), config),
      403,
      'SIGNATURE_INVALID',
    );
    const cp = checkpoint(5);
    const tampered = cp.replace(encodeBase64(tree.root(5)), encodeBase64(tree.root(4)));
    expectRefused(addCheckpoint(undefined, request(0, [], tampered), config), 403, 'SIGNATURE_INVALID');
  });

  test('409: old size differs from the stored size (body = stored size, text/x.tlog.size)', () => {
    const res = addCheckpoint(state(9), request(5, tree.consistencyProof(5, 12), checkpoint(12)), config);
    expect(res).toMatchObject({
      status: 409,
      body: '9\n',
      contentType: TLOG_SIZE_CONTENT_TYPE,
      refusal: 'OLD_SIZE_MISMATCH',
    });
    expect(res.newState).toBeUndefined();
    const fresh = addCheckpoint(undefined, request(5, tree.consistencyProof(5, 12), checkpoint(12)), config);
    expect(fresh).toMatchObject({ status: 409, body: '0\n' });
    // A client that lost its state asks with old 0 and learns the size.
    expect(addCheckpoint(state(9), request(0, [], checkpoint(12)), config)).toMatchObject({
      status: 409,
      body: '9\n',
    });
  });

  test('422: non-empty proof from 0, same size with another root, bad consistency proof', () => {
    expectRefused(
      addCheckpoint(undefined, request(0, [tree.root(1)], checkpoint(5)), config),
      422,
      'PROOF_NOT_EMPTY',
    );
    const forked = tree.root(8);
    expectRefused(
      addCheckpoint(state(9), request(9, [], checkpoint(9, forked)), config),
      422,
      'ROOT_MISMATCH',
    );
    expectRefused(
      addCheckpoint(state(9), request(9, [tree.root(9)], checkpoint(9)), config),
      422,
      'ROOT_MISMATCH',
    );
    const proof = tree.consistencyProof(9, 20);
    expectRefused(
      addCheckpoint(state(9), request(9, proof.slice(1), checkpoint(20)), config),
      422,
      'PROOF_INVALID',
    );
    expectRefused(
      addCheckpoint(state(9), request(9, [...proof].reverse(), checkpoint(20)), config),
      422,
      'PROOF_INVALID',
    );
    // The proof is checked against the witness's stored root, not anything the client claims.
    expectRefused(
      addCheckpoint(state(9, tree.root(8)), request(9, proof, checkpoint(20)), config),
      422,
      'PROOF_INVALID',
    );
    // A log that rewrote history: valid signature, size grows, but the tree is not an extension.
    const rewritten = new NaiveTree([leafHash(Uint8Array.of(1)), ...leaves.slice(1)]);
    const res = addCheckpoint(
      state(9),
      request(9, rewritten.consistencyProof(9, 20), checkpoint(20, rewritten.root(20))),
      config,
    );
    expectRefused(res, 422, 'PROOF_INVALID');
  });

  test('the state must be the one for the checkpoint origin', () => {
    const wrong = { origin: 'other', size: 0, rootHash: emptyRoot() };
    try {
      addCheckpoint(wrong, request(0, [], checkpoint(5)), config);
      expect.unreachable();
    } catch (e) {
      expect(isTranslogError(e, 'WITNESS_STATE_MISMATCH')).toBe(true);
    }
  });

  test('request format and parse are inverse', () => {
    const proof = tree.consistencyProof(3, 7);
    const body = request(3, proof, checkpoint(7));
    const parsed = parseAddCheckpointRequest(body);
    expect(parsed.oldSize).toBe(3);
    expect(parsed.proof.map(encodeBase64)).toEqual(proof.map(encodeBase64));
    expect(parsed.checkpoint.size).toBe(7);
    expect(addCheckpoint(state(3), parsed, config).status).toBe(200);
  });

  test('a log growing through the tiled tree is followed by the witness, proofs built from tiles', async () => {
    const all = syntheticLeaves(3_000, 12);
    const store = new MemoryTileStore();
    let size = 0;
    let witnessState: WitnessState | undefined;
    let witnessed = 0;
    for (const batch of [1, 2, 253, 1, 300, 700, 1_743]) {
      const r = await appendLeaves(store, size, all.slice(size, size + batch));
      store.writeTiles(r.tiles);
      size = r.size;
      const note = checkpoint(size, r.root);
      const proof = await consistencyProof(store, witnessed, size);
      const res = addCheckpoint(witnessState, request(witnessed, proof, note), config);
      expect(res.status, res.body).toBe(200);
      witnessState = res.newState;
      witnessed = size;
    }
    expect(witnessState!.size).toBe(3_000);
  });
});
