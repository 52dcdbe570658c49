/**
 * Known-answer tests: every file under ../shared/vectors is read and checked (see its README). The
 * last test asserts that each file was handled, so a new or renamed vector file cannot be skipped
 * silently.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  MemoryTileStore,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  addCheckpoint,
  appendLeaves,
  computeKeyId,
  consistencyProof,
  cosignatureSigner,
  cosignatureVerifier,
  cosignedMessage,
  decodeBase64,
  decodeCosignature,
  ed25519NoteSigner,
  ed25519PublicKey,
  emptyRoot,
  encodeBase64,
  formatCheckpoint,
  formatEntryBundlePath,
  formatKeyId,
  formatSignatureLine,
  formatSignerKey,
  formatTilePath,
  formatVerifierKey,
  inclusionProof,
  isTranslogError,
  leafHash,
  nodeHash,
  noteVerifier,
  parseCheckpoint,
  parseCosignature,
  parseNote,
  parseSignerKey,
  parseTilePath,
  parseVerifierKey,
  signNote,
  tileLayout,
  treeRoot,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  verifyNote,
  type WitnessState,
} from '../../src/translog/index.js';
import { hex } from './naive-tree.js';

const VECTORS = path.resolve(process.cwd(), '../shared/vectors');
const present = existsSync(VECTORS);

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [path.relative(VECTORS, full)];
  });
}

const processed = new Set<string>();
function load<T>(rel: string): T {
  processed.add(rel);
  return JSON.parse(readFileSync(path.join(VECTORS, rel), 'utf8')) as T;
}
const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Runs `fn` and returns the TranslogError code it throws, or 'OK'. */
function outcome(fn: () => void): string {
  try {
    fn();
    return 'OK';
  } catch (e) {
    if (isTranslogError(e)) return e.code;
    throw e;
  }
}

const TITLE = present
  ? 'known-answer vectors in ../shared/vectors'
  : 'known-answer vectors: SKIPPED because ../shared/vectors is missing';

describe.skipIf(!present)(TITLE, () => {
  const files = present ? listFiles(VECTORS).sort() : [];

  describe('merkle-testdata (transparency-dev/merkle probes)', () => {
    interface InclusionProbe {
      leafIdx: number;
      treeSize: number;
      root: string;
      leafHash: string;
      proof: string[] | null;
      desc: string;
      wantErr: boolean;
    }
    interface ConsistencyProbe {
      size1: number;
      size2: number;
      root1: string;
      root2: string;
      proof: string[] | null;
      desc: string;
      wantErr: boolean;
    }
    const inclusion = files.filter((f) => f.startsWith('merkle-testdata/inclusion/'));
    const consistency = files.filter((f) => f.startsWith('merkle-testdata/consistency/'));

    test('there are 196 probes, with happy paths and mutations', () => {
      expect(inclusion.length + consistency.length).toBe(196);
    });

    test.each(inclusion)('inclusion %s', (rel) => {
      const p = load<InclusionProbe>(rel);
      const result = outcome(() =>
        verifyInclusion(b64(p.leafHash), p.leafIdx, p.treeSize, (p.proof ?? []).map(b64), b64(p.root)),
      );
      if (p.wantErr) expect(result, p.desc).not.toBe('OK');
      else expect(result, p.desc).toBe('OK');
    });

    test.each(consistency)('consistency %s', (rel) => {
      const p = load<ConsistencyProbe>(rel);
      const result = outcome(() =>
        verifyConsistency(p.size1, p.size2, (p.proof ?? []).map(b64), b64(p.root1), b64(p.root2)),
      );
      if (p.wantErr) expect(result, p.desc).not.toBe('OK');
      else expect(result, p.desc).toBe('OK');
    });

    test('specific mutations fail for the right reason', () => {
      const wrongLeaf = load<InclusionProbe>('merkle-testdata/inclusion/1/wrong-leaf.json');
      expect(
        outcome(() =>
          verifyInclusion(
            b64(wrongLeaf.leafHash),
            wrongLeaf.leafIdx,
            wrongLeaf.treeSize,
            (wrongLeaf.proof ?? []).map(b64),
            b64(wrongLeaf.root),
          ),
        ),
      ).toBe('HASH_LENGTH_INVALID');
      const removed = load<InclusionProbe>('merkle-testdata/inclusion/1/removed-component.json');
      expect(
        outcome(() =>
          verifyInclusion(
            b64(removed.leafHash),
            removed.leafIdx,
            removed.treeSize,
            (removed.proof ?? []).map(b64),
            b64(removed.root),
          ),
        ),
      ).toBe('PROOF_LENGTH_INVALID');
      const wrongRoot = load<ConsistencyProbe>('merkle-testdata/consistency/2/swapped-roots.json');
      expect(
        outcome(() =>
          verifyConsistency(
            wrongRoot.size1,
            wrongRoot.size2,
            (wrongRoot.proof ?? []).map(b64),
            b64(wrongRoot.root1),
            b64(wrongRoot.root2),
          ),
        ),
      ).toBe('ROOT_MISMATCH');
    });
  });

  describe('rfc6962-reference-tree.json', () => {
    interface Reference {
      leavesHex: string[];
      nodeHashesByLevel: { levels: string[][] };
      rootsBySize: { roots: string[] };
      hasher: Array<{
        op: 'emptyRoot' | 'leafHash' | 'nodeHash';
        inputHex?: string;
        inputAscii?: string;
        leftAscii?: string;
        rightAscii?: string;
        want: string;
      }>;
      inclusionProofs: {
        vectors: Array<{
          leafIndex: number;
          treeSize: number;
          proof: string[];
          leafHash: string;
          root: string;
        }>;
      };
      consistencyProofs: {
        vectors: Array<{ size1: number; size2: number; proof: string[]; root1: string; root2: string }>;
      };
    }
    const ref = present ? load<Reference>('rfc6962-reference-tree.json') : undefined;

    test('hasher checks', () => {
      for (const h of ref!.hasher) {
        const got =
          h.op === 'emptyRoot'
            ? emptyRoot()
            : h.op === 'leafHash'
              ? leafHash(h.inputHex !== undefined ? fromHex(h.inputHex) : utf8(h.inputAscii!))
              : nodeHash(utf8(h.leftAscii!), utf8(h.rightAscii!));
        expect(hex(got)).toBe(h.want);
      }
    });

    test('tiled tree reproduces every subtree hash, root, and proof', async () => {
      const leaves = ref!.leavesHex.map((l) => leafHash(fromHex(l)));
      ref!.nodeHashesByLevel.levels[0]!.forEach((h, i) => expect(hex(leaves[i]!)).toBe(h));
      const store = new MemoryTileStore();
      expect(hex(await treeRoot(store, 0))).toBe(ref!.rootsBySize.roots[0]);
      for (let size = 1; size <= leaves.length; size++) {
        const r = await appendLeaves(store, size - 1, [leaves[size - 1]!]);
        store.writeTiles(r.tiles);
        expect(hex(r.root)).toBe(ref!.rootsBySize.roots[size]);
        expect(hex(await treeRoot(store, size))).toBe(ref!.rootsBySize.roots[size]);
      }
      // Complete subtrees at level L are the roots of aligned 2^L-leaf ranges.
      const levels = ref!.nodeHashesByLevel.levels;
      expect(levels.at(-1)![0]).toBe(ref!.rootsBySize.roots[8]);
      for (const v of ref!.inclusionProofs.vectors) {
        expect(hex(leaves[v.leafIndex]!)).toBe(v.leafHash);
        expect((await inclusionProof(store, v.leafIndex, v.treeSize)).map(hex)).toEqual(v.proof);
        verifyInclusion(fromHex(v.leafHash), v.leafIndex, v.treeSize, v.proof.map(fromHex), fromHex(v.root));
      }
      for (const v of ref!.consistencyProofs.vectors) {
        expect((await consistencyProof(store, v.size1, v.size2)).map(hex)).toEqual(v.proof);
        verifyConsistency(v.size1, v.size2, v.proof.map(fromHex), fromHex(v.root1), fromHex(v.root2));
      }
    });
  });

  describe('signed-note.json', () => {
    interface Valid {
      id: string;
      vkey?: string;
      vkeys?: string[];
      vkeyDerivedLocally?: string;
      ed25519SeedHex?: string;
      ed25519SeedHexEnoch?: string;
      goSignerKey?: string;
      text?: string;
      note: string;
      expectDeterministicSignatureLine?: string;
      parsed?: { origin?: string; size: number; rootHashB64?: string; rootHashHex?: string };
    }
    interface Invalid {
      id: string;
      note?: string;
      noteHexPrefix?: string;
      noteAfterPrefix?: string;
      vkey?: string;
      vkeys?: string[];
      expect: string;
    }
    interface SignedNoteVectors {
      valid: Valid[];
      invalid: Invalid[];
      vkeyParsing: { valid: string[]; invalid: Array<{ vkey: string; why: string }> };
    }
    const v = present ? load<SignedNoteVectors>('signed-note.json') : undefined;

    test('valid notes verify with their keys', () => {
      expect(v!.valid).toHaveLength(5);
      for (const c of v!.valid) {
        const vkeys = c.vkeys ?? [c.vkey ?? c.vkeyDerivedLocally!];
        const verified = verifyNote(
          c.note,
          vkeys.map((k) => noteVerifier(k)),
        );
        expect(verified.verified.length, c.id).toBe(vkeys.length);
        expect(verified.unverified, c.id).toHaveLength(0);
        if (c.text !== undefined) expect(verified.text).toBe(c.text);
        if (c.parsed !== undefined) {
          const cp = parseCheckpoint(verified.text);
          expect(cp.size).toBe(c.parsed.size);
          if (c.parsed.origin !== undefined) expect(cp.origin).toBe(c.parsed.origin);
          if (c.parsed.rootHashB64 !== undefined) {
            expect(encodeBase64(cp.rootHash)).toBe(c.parsed.rootHashB64);
          }
          if (c.parsed.rootHashHex !== undefined) expect(hex(cp.rootHash)).toBe(c.parsed.rootHashHex);
          expect(formatCheckpoint(cp)).toBe(verified.text);
          expect(
            verifyCheckpoint(
              c.note,
              vkeys.map((k) => noteVerifier(k)),
              cp.origin,
            ).checkpoint.size,
          ).toBe(cp.size);
        }
      }
    });

    test('signing with the published test seeds reproduces the signatures (Ed25519 is deterministic)', () => {
      const peter = v!.valid.find((c) => c.id === 'golang-peter')!;
      const seed = fromHex(peter.ed25519SeedHex!);
      expect(formatSignerKey({ name: 'PeterNeumann', seed })).toBe(peter.goSignerKey);
      const skey = parseSignerKey(peter.goSignerKey!);
      expect(hex(skey.seed)).toBe(peter.ed25519SeedHex);
      expect(
        formatVerifierKey({ name: 'PeterNeumann', type: SIGNATURE_TYPE_ED25519, publicKey: skey.publicKey }),
      ).toBe(peter.vkey);
      const signed = signNote({ text: peter.text! }, [ed25519NoteSigner('PeterNeumann', seed)]);
      expect(signed).toBe(peter.note);
      expect(signed.slice(peter.text!.length + 1)).toBe(peter.expectDeterministicSignatureLine);

      const both = v!.valid.find((c) => c.id === 'golang-peter-and-enoch')!;
      const enoch = ed25519NoteSigner('EnochRoot', fromHex(both.ed25519SeedHexEnoch!));
      expect(signNote(parseNote(peter.note), [enoch])).toBe(both.note);
      const onlyPeter = verifyNote(both.note, [noteVerifier(peter.vkey!)]);
      expect(onlyPeter.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
      expect(onlyPeter.unverified.map((s) => s.name)).toEqual(['EnochRoot']);

      const sigsum = v!.valid.find((c) => c.id === 'sigsum-checkpoint-seed17')!;
      const sigsumSeed = fromHex(sigsum.ed25519SeedHex!);
      const origin = parseNote(sigsum.note).text.split('\n')[0]!;
      expect(formatVerifierKey({ name: origin, type: 1, publicKey: ed25519PublicKey(sigsumSeed) })).toBe(
        sigsum.vkeyDerivedLocally,
      );
      expect(signNote({ text: parseNote(sigsum.note).text }, [ed25519NoteSigner(origin, sigsumSeed)])).toBe(
        sigsum.note,
      );
    });

    test('invalid notes are rejected for the stated reason', () => {
      const peterKey = noteVerifier(v!.valid.find((c) => c.id === 'golang-peter')!.vkey!);
      const expected: Record<string, string> = {
        'no-blank-line': 'NOTE_MALFORMED',
        'only-blank-line': 'NOTE_MALFORMED',
        'sig-line-without-final-newline': 'NOTE_MALFORMED',
        'control-char': 'NOTE_MALFORMED',
        'invalid-utf8-first-byte-0xff': 'NOTE_MALFORMED',
        'space-in-key-name': 'NOTE_MALFORMED',
        'trailing-garbage-line': 'NOTE_MALFORMED',
        'tampered-signature': 'SIGNATURE_INVALID',
        'no-trusted-signature': 'NOTE_UNVERIFIED',
        '101-signatures': 'NOTE_MALFORMED',
      };
      expect(v!.invalid.map((c) => c.id).sort()).toEqual(Object.keys(expected).sort());
      for (const c of v!.invalid) {
        const note =
          c.note !== undefined
            ? c.note
            : new Uint8Array([...fromHex(c.noteHexPrefix!), ...utf8(c.noteAfterPrefix!)]);
        const verifiers = c.vkeys !== undefined ? c.vkeys.map((k) => noteVerifier(k)) : [peterKey];
        expect(
          outcome(() => verifyNote(note, verifiers)),
          c.id,
        ).toBe(expected[c.id]);
      }
      // The 101-signature note is one over our limit; 100 and 16 identical lines are accepted.
      const many = v!.invalid.find((c) => c.id === '101-signatures')!.note!;
      const lines = many.split('\n');
      const text = lines.slice(0, 2).join('\n') + '\n';
      for (const n of [16, 100]) {
        const note = `${text}\n${lines.slice(3, 3 + n).join('\n')}\n`;
        expect(parseNote(note).signatures).toHaveLength(n);
        expect(verifyNote(note, [peterKey]).verified).toHaveLength(1);
      }
    });

    test('verifier key parsing', () => {
      for (const k of v!.vkeyParsing.valid) {
        const parsed = parseVerifierKey(k);
        expect(formatVerifierKey(parsed)).toBe(k);
        expect(formatKeyId(parsed.keyId)).toBe(k.split('+')[1]);
      }
      const expected = [
        'KEY_MALFORMED',
        'KEY_UNSUPPORTED',
        'KEY_MALFORMED',
        'KEY_MALFORMED',
        'KEY_MALFORMED',
      ];
      expect(v!.vkeyParsing.invalid.map((c) => outcome(() => parseVerifierKey(c.vkey)))).toEqual(expected);
    });
  });

  describe('cosignature.json', () => {
    interface Upstream {
      id: string;
      input?: { origin: string; size: number; rootHashHex: string; timestamp: string };
      expectMessage?: string;
      name?: string;
      type?: number;
      publicKeyHex?: string;
      expectKeyIdHex?: string;
      expectVkey?: string;
      vkey?: string;
      signatureB64?: string;
      expectTimestamp?: number;
      nonCosigB64?: string;
      note?: string;
      expectWitnessTimestamp?: number;
    }
    interface Local {
      log: { origin: string; ed25519SeedHex: string; publicKeyHex: string; vkey: string };
      witness: { name: string; ed25519SeedHex: string; publicKeyHex: string; vkey: string };
      checkpointBody: string;
      timestamp: number;
      signedMessage: string;
      logSignatureLine: string;
      cosignatureLine: string;
      cosignedNote: string;
    }
    const v = present
      ? load<{ upstream: Upstream[]; locallyGenerated: Local }>('cosignature.json')
      : undefined;
    const byId = (id: string): Upstream => v!.upstream.find((u) => u.id === id)!;

    test('the signed message is byte-exact (sigsum TestTreeHeadToCosignedData)', () => {
      const c = byId('sigsum-cosigned-message-bytes');
      const body = formatCheckpoint({
        origin: c.input!.origin,
        size: c.input!.size,
        rootHash: fromHex(c.input!.rootHashHex),
        extensions: [],
      });
      expect(cosignedMessage(body, BigInt(c.input!.timestamp))).toBe(c.expectMessage);
    });

    test('key IDs and vkeys of type 0x04', () => {
      const c = byId('sigsum-keyid-type-0x04');
      const pub = fromHex(c.publicKeyHex!);
      expect(formatKeyId(computeKeyId(c.name!, c.type!, pub))).toBe(c.expectKeyIdHex);
      expect(formatVerifierKey({ name: c.name!, type: SIGNATURE_TYPE_COSIGNATURE_V1, publicKey: pub })).toBe(
        c.expectVkey,
      );
      expect(parseVerifierKey(c.expectVkey!).type).toBe(SIGNATURE_TYPE_COSIGNATURE_V1);
      const remora = parseVerifierKey(byId('real-witness-vkey-type-0x04').vkey!);
      expect(remora.keyId).toBe(computeKeyId(remora.name, 0x04, remora.publicKey));
      // The same key as a type 0x01 key has another ID.
      expect(computeKeyId(remora.name, 0x01, remora.publicKey)).not.toBe(remora.keyId);
    });

    test('timestamp extraction, and a plain note signature is not a cosignature', () => {
      const c = byId('timestamp-extraction');
      const decoded = decodeCosignature(decodeBase64(c.signatureB64!));
      expect(formatKeyId(decoded.keyId)).toBe(c.expectKeyIdHex);
      expect(decoded.timestamp).toBe(c.expectTimestamp);
      expect(outcome(() => decodeCosignature(decodeBase64(c.nonCosigB64!)))).toBe('COSIGNATURE_MALFORMED');
    });

    test('the spec example parses: witness line key ID and timestamp', () => {
      const c = byId('c2sp-spec-example-unverifiable');
      const note = parseNote(c.note!);
      const witness = note.signatures.find((s) => s.name === 'witness.example.com/w1')!;
      expect(formatKeyId(witness.keyId)).toBe('8d66cf3f');
      expect(parseCosignature(witness.signature).timestamp).toBe(c.expectWitnessTimestamp);
      expect(parseCheckpoint(note.text).size).toBe(20852163);
    });

    test('locally generated cosigned checkpoint: sign reproduces it, verify accepts it', () => {
      const l = v!.locallyGenerated;
      const logSeed = fromHex(l.log.ed25519SeedHex);
      const witnessSeed = fromHex(l.witness.ed25519SeedHex);
      expect(hex(ed25519PublicKey(logSeed))).toBe(l.log.publicKeyHex);
      expect(hex(ed25519PublicKey(witnessSeed))).toBe(l.witness.publicKeyHex);
      expect(formatVerifierKey({ name: l.log.origin, type: 1, publicKey: fromHex(l.log.publicKeyHex) })).toBe(
        l.log.vkey,
      );
      expect(
        formatVerifierKey({ name: l.witness.name, type: 4, publicKey: fromHex(l.witness.publicKeyHex) }),
      ).toBe(l.witness.vkey);
      expect(cosignedMessage(l.checkpointBody, l.timestamp)).toBe(l.signedMessage);

      const logged = signNote({ text: l.checkpointBody }, [ed25519NoteSigner(l.log.origin, logSeed)]);
      expect(logged).toBe(`${l.checkpointBody}\n${l.logSignatureLine}`);
      const signer = cosignatureSigner(l.witness.name, witnessSeed);
      const cosig = signer.sign(l.checkpointBody, l.timestamp);
      expect(formatSignatureLine(cosig)).toBe(l.cosignatureLine);
      expect(logged + formatSignatureLine(cosig)).toBe(l.cosignedNote);

      const verified = verifyNote(l.cosignedNote, [noteVerifier(l.log.vkey), noteVerifier(l.witness.vkey)]);
      expect(verified.verified).toHaveLength(2);
      const witnessOnly = verifyNote(l.cosignedNote, [cosignatureVerifier(l.witness.name, signer.publicKey)]);
      expect(witnessOnly.unverified.map((s) => s.name)).toEqual([l.log.origin]);
      // A cosignature with its timestamp changed no longer verifies.
      const tampered = cosig.signature.slice();
      tampered[7]! ^= 1;
      const bad = `${logged}${formatSignatureLine({ ...cosig, signature: tampered })}`;
      expect(outcome(() => verifyNote(bad, [noteVerifier(l.witness.vkey)]))).toBe('SIGNATURE_INVALID');
    });
  });

  describe('tlog-tiles.json', () => {
    interface TilesVectors {
      paths: Array<{
        level?: number;
        index: number;
        width: number | null;
        path: string;
        entriesBundle?: boolean;
      }>;
      tileCounts: Array<{
        treeSize: number;
        levels: Array<{ level: number; fullTiles: number; partialWidth: number }>;
      }>;
    }
    const v = present ? load<TilesVectors>('tlog-tiles.json') : undefined;

    test('paths encode and decode', () => {
      for (const p of v!.paths) {
        const width = p.width ?? 256;
        if (p.entriesBundle === true) {
          expect(formatEntryBundlePath(p.index, width)).toBe(p.path);
          expect(parseTilePath(p.path)).toEqual({ kind: 'entries', index: p.index, width });
        } else {
          expect(formatTilePath({ level: p.level!, index: p.index, width })).toBe(p.path);
          expect(parseTilePath(p.path)).toEqual({ kind: 'tile', level: p.level, index: p.index, width });
        }
      }
    });

    test('full and partial tile counts per level', () => {
      for (const c of v!.tileCounts) expect(tileLayout(c.treeSize)).toEqual(c.levels);
    });

    test('appendLeaves produces exactly the spec layout of tiles for 70,000 leaves', async () => {
      const store = new MemoryTileStore();
      const leaves = Array.from({ length: 70_000 }, (_, i) => leafHash(utf8(String(i))));
      const { tiles } = await appendLeaves(store, 0, leaves);
      const layout = v!.tileCounts.find((c) => c.treeSize === 70_000)!.levels;
      for (const { level, fullTiles, partialWidth } of layout) {
        const atLevel = tiles.filter((t) => t.level === level);
        expect(atLevel.filter((t) => t.width === 256)).toHaveLength(fullTiles);
        expect(atLevel.filter((t) => t.width < 256).map((t) => t.width)).toEqual(
          partialWidth ? [partialWidth] : [],
        );
      }
      expect(tiles.every((t) => t.level < layout.length)).toBe(true);
    });
  });

  describe('witness-add-checkpoint.json', () => {
    interface Scenario {
      log: { origin: string; vkey: string; keyIdHex: string; publicKeyHex: string };
      syntheticLeafHashesB64: string[];
      roots: Record<string, string>;
      witness: {
        name: string;
        ed25519SeedHex: string;
        publicKeyHex: string;
        vkey: string;
        cosignatureKeyIdHex: string;
      };
      steps: Array<{
        desc: string;
        body: string;
        status: number;
        bodyContains?: string;
        responseBody?: string;
        responseContentType?: string;
      }>;
    }
    const v = present ? load<Scenario>('witness-add-checkpoint.json') : undefined;

    test('the synthetic tree matches the stated roots', async () => {
      const store = new MemoryTileStore();
      const leaves = v!.syntheticLeafHashesB64.map(b64);
      let size = 0;
      for (const [n, root] of Object.entries(v!.roots)) {
        const r = await appendLeaves(store, size, leaves.slice(size, Number(n)));
        store.writeTiles(r.tiles);
        size = r.size;
        expect(encodeBase64(r.root)).toBe(root);
      }
    });

    test('the 9-step scenario gives the C2SP main status codes, keeping state', () => {
      const signer = cosignatureSigner(v!.witness.name, fromHex(v!.witness.ed25519SeedHex));
      expect(hex(signer.publicKey)).toBe(v!.witness.publicKeyHex);
      expect(formatKeyId(signer.keyId)).toBe(v!.witness.cosignatureKeyIdHex);
      const logVerifier = noteVerifier(v!.log.vkey);
      expect(formatKeyId(logVerifier.keyId)).toBe(v!.log.keyIdHex);
      const witnessVerifier = noteVerifier(v!.witness.vkey);
      const config = {
        logs: new Map([[v!.log.origin, [logVerifier]]]),
        witnessKey: signer,
        now: new Date('2025-06-01T12:00:00Z'),
      };

      let state: WitnessState | undefined;
      expect(v!.steps).toHaveLength(9);
      for (const [i, step] of v!.steps.entries()) {
        // The state is kept per origin; a request for another origin starts from none.
        const origin = step.body.split('\n\n')[1]!.split('\n')[0];
        const res = addCheckpoint(origin === state?.origin ? state : undefined, step.body, config);
        expect(res.status, `step ${i + 1}: ${step.desc} (${res.body})`).toBe(step.status);
        if (step.bodyContains !== undefined) expect(res.body).toContain(step.bodyContains);
        if (step.responseBody !== undefined) expect(res.body).toBe(step.responseBody);
        if (step.responseContentType !== undefined) expect(res.contentType).toBe(step.responseContentType);
        if (res.status === 200) {
          // The response is a cosignature/v1 line over the submitted checkpoint, valid for the witness key.
          const checkpointNote = step.body.slice(step.body.indexOf('\n\n') + 2);
          const cosigned = verifyNote(checkpointNote + res.body, [witnessVerifier]);
          expect(parseCosignature(cosigned.verified[0]!.signature).timestamp).toBe(
            Math.floor(config.now.getTime() / 1000),
          );
          verifyNote(res.cosignedCheckpoint!, [logVerifier, witnessVerifier]);
          state = res.newState;
        } else {
          expect(res.newState).toBeUndefined();
        }
      }
      expect(state?.size).toBe(5);
      expect(encodeBase64(state!.rootHash)).toBe(v!.roots['5']);
    });
  });

  test('README.md documents every vector file', () => {
    processed.add('README.md');
    const readme = readFileSync(path.join(VECTORS, 'README.md'), 'utf8');
    for (const f of files.filter((f) => !f.startsWith('merkle-testdata/') && f !== 'README.md')) {
      expect(readme).toContain(f);
    }
    expect(readme).toContain('merkle-testdata/');
  });

  test('every file under ../shared/vectors was processed', () => {
    expect([...processed].sort()).toEqual(files);
    expect(processed.size).toBe(files.length);
  });
});
