/** cosignature/v1 (c2sp.org/tlog-cosignature, Ed25519, type 0x04). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  COSIGNATURE_V1_SIZE,
  MAX_COSIGNATURE_TIMESTAMP,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  computeKeyId,
  cosignatureSigner,
  cosignatureVerifier,
  cosignedMessage,
  ed25519NoteSigner,
  formatSignatureLine,
  parseCosignature,
  signNote,
  verifyNote,
} from '../../src/translog/index.js';
import { codeOf } from './code-of.js';

const seed = new Uint8Array(32).fill(42);
const witness = cosignatureSigner('witness.example/w1', seed);
const verifier = cosignatureVerifier('witness.example/w1', witness.publicKey);
const body = 'log.example\n5\nQrtXrQZCCvpIgsSmOsah7HdICzMLLyDfxToMql9WTjY=\n';
const logged = signNote({ text: body }, [ed25519NoteSigner('log.example', new Uint8Array(32).fill(1))]);

describe('cosignature/v1', () => {
  test('key ID uses type 0x04, unlike the same key as a note key', () => {
    expect(witness.keyId).toBe(computeKeyId(witness.name, SIGNATURE_TYPE_COSIGNATURE_V1, witness.publicKey));
    expect(witness.keyId).not.toBe(computeKeyId(witness.name, SIGNATURE_TYPE_ED25519, witness.publicKey));
    expect(verifier.keyId).toBe(witness.keyId);
  });

  test('signed message: header, time line, then the whole body including extension lines', () => {
    expect(cosignedMessage(`${body}ext\n`, 1_700_000_000)).toBe(
      `cosignature/v1\ntime 1700000000\n${body}ext\n`,
    );
    expect(cosignedMessage(body, 0)).toBe(`cosignature/v1\ntime 0\n${body}`);
    expect(cosignedMessage(body, MAX_COSIGNATURE_TIMESTAMP)).toContain('time 9223372036854775807\n');
    expect(codeOf(() => cosignedMessage(body, MAX_COSIGNATURE_TIMESTAMP + 1n))).toBe('COSIGNATURE_MALFORMED');
    expect(codeOf(() => cosignedMessage(body, -1))).toBe('COSIGNATURE_MALFORMED');
    expect(codeOf(() => cosignedMessage(body, 1.5))).toBe('COSIGNATURE_MALFORMED');
  });

  test('sign then verify at any timestamp; the timestamp is recovered', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (t) => {
        const sig = witness.sign(body, t);
        expect(sig.signature).toHaveLength(COSIGNATURE_V1_SIZE);
        expect(parseCosignature(sig.signature).timestamp).toBe(t);
        const v = verifyNote(logged + formatSignatureLine(sig), [verifier]);
        expect(v.verified).toHaveLength(1);
      }),
      { numRuns: 30 },
    );
  });

  test('a changed timestamp, body or key fails; a plain Ed25519 signature is not a cosignature', () => {
    const sig = witness.sign(body, 1_700_000_000);
    const later = sig.signature.slice();
    later[7]! ^= 1;
    expect(
      codeOf(() => verifyNote(logged + formatSignatureLine({ ...sig, signature: later }), [verifier])),
    ).toBe('SIGNATURE_INVALID');
    const other = signNote({ text: body.replace('5', '6') }, [
      ed25519NoteSigner('log.example', new Uint8Array(32).fill(1)),
    ]);
    expect(codeOf(() => verifyNote(other + formatSignatureLine(sig), [verifier]))).toBe('SIGNATURE_INVALID');
    // The witness key signing as a plain note key (64-byte signature) under the cosignature key ID.
    const plain = ed25519NoteSigner(witness.name, seed).sign(new TextEncoder().encode(body));
    const disguised = formatSignatureLine({ name: witness.name, keyId: witness.keyId, signature: plain });
    expect(codeOf(() => verifyNote(logged + disguised, [verifier]))).toBe('SIGNATURE_INVALID');
    expect(codeOf(() => parseCosignature(plain))).toBe('COSIGNATURE_MALFORMED');
  });
});
