import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventLeafText, signingBytes } from '../../src/domain/envelope.js';
import { encodeEntryBundle } from '../../src/translog/index.js';
import {
  EntryChecks,
  packVerdict,
  signingBytesOfCanonical,
  unpackVerdict,
  writeSigningBytes,
} from '../../src/verifier/index.js';
import { testSigner } from '../support/actors.js';
import { ACTORS, ORIGIN, standardEvents } from './support.js';

const encoder = new TextEncoder();

describe('signingBytesOfCanonical', () => {
  it('cuts out exactly the bytes the envelope defines as signed', () => {
    const signer = testSigner('any');
    // any characters, so that byte offsets and character offsets differ before the signature
    const json = fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' });
    const text = fc.string({ unit: 'grapheme' });
    fc.assert(
      fc.property(fc.dictionary(text, json), fc.string({ minLength: 1 }), (payload, origin) => {
        const e = signer.sign(origin, 'org.registered', payload as Record<string, unknown>);
        const bytes = encoder.encode(eventLeafText(e));
        expect(signingBytesOfCanonical(origin, bytes, e.sig)).toEqual(signingBytes(origin, e));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the top-level signature even when the payload holds the same member', () => {
    const e = ACTORS.head.sign(ORIGIN, 'org.registered', { id: 'x' });
    const nested = ACTORS.head.sign(ORIGIN, 'org.registered', { inner: { sig: e.sig, sv: 1 } });
    expect(signingBytesOfCanonical(ORIGIN, encoder.encode(eventLeafText(nested)), nested.sig)).toEqual(
      signingBytes(ORIGIN, nested),
    );
  });

  it('writes the same bytes into a buffer used again and again, and gives nothing when they do not fit', () => {
    const target = new Uint8Array(2000);
    for (const e of standardEvents(20)) {
      const bytes = encoder.encode(eventLeafText(e));
      const length = writeSigningBytes(ORIGIN, bytes, e.sig, target);
      expect(target.subarray(0, length)).toEqual(signingBytes(ORIGIN, e));
      expect(writeSigningBytes(ORIGIN, bytes, e.sig, new Uint8Array(length! - 1))).toBeUndefined();
    }
  });

  it('gives nothing for a signature JSON escapes or writes in more than one byte a character', () => {
    const e = ACTORS.head.sign(ORIGIN, 'org.registered', { id: 'x' });
    for (const sig of ['a"b', 'a\\b', 'é', '\u0001']) {
      const text = eventLeafText({ ...e, sig });
      expect(signingBytesOfCanonical(ORIGIN, encoder.encode(text), sig)).toBeUndefined();
    }
    const empty = eventLeafText({ ...e, sig: '' });
    expect(signingBytesOfCanonical(ORIGIN, encoder.encode(empty), '')).toEqual(signingBytes(ORIGIN, e));
    // the member must also end right before "sv"
    const text = eventLeafText(e).replace(`"sig":"${e.sig}"`, `"sig":"${e.sig}x"`);
    expect(signingBytesOfCanonical(ORIGIN, encoder.encode(text), e.sig)).toBeUndefined();
  });

  it('gives nothing for an entry without a top-level signature member followed by "sv"', () => {
    const e = ACTORS.head.sign(ORIGIN, 'org.registered', { id: 'x' });
    const text = eventLeafText(e);
    expect(signingBytesOfCanonical(ORIGIN, encoder.encode('{"a":1}'), e.sig)).toBeUndefined();
    expect(
      signingBytesOfCanonical(ORIGIN, encoder.encode(text.replace(',"sv":', ',"sw":')), e.sig),
    ).toBeUndefined();
  });
});

describe('EntryChecks', () => {
  const bundle = (texts: string[]) => encodeEntryBundle(texts.map((t) => encoder.encode(t)));

  it('verifies signatures with keys it knows or finds in the bundle, and leaves the others to the caller', () => {
    const [genesis, ...rest] = standardEvents(0);
    const checks = new EntryChecks(ORIGIN);
    // the clerk's key is registered in entry 4 of this bundle; the officer's in entry 5
    const all = checks.checkBundle(bundle([genesis!, ...rest].map(eventLeafText)), 10);
    expect(all.entries.map((v) => v.signature)).toEqual(Array(10).fill('valid'));
    // alone, the clerk's governorate (entry 6) has a key this checker does not know yet
    const fresh = new EntryChecks(ORIGIN);
    const v = fresh.checkBundle(bundle([eventLeafText(rest[5]!)]), 1).entries[0]!;
    expect(v.signature).toBe('unchecked');
    expect(v.message).toEqual(signingBytes(ORIGIN, rest[5]!));
    fresh.learnKeys([[ACTORS.clerk.keyId, ACTORS.clerk.publicKey]]);
    expect(fresh.checkBundle(bundle([eventLeafText(rest[5]!)]), 1).entries[0]).toEqual({
      signature: 'valid',
      checkedWith: ACTORS.clerk.publicKey,
    });
  });

  it('ignores a key whose id is not the hash of the key', () => {
    const checks = new EntryChecks(ORIGIN);
    checks.learnKeys([[ACTORS.clerk.keyId, ACTORS.head.publicKey]]);
    const e = standardEvents(0)[6]!;
    expect(checks.checkBundle(bundle([eventLeafText(e)]), 1).entries[0]!.signature).toBe('unchecked');
  });

  it('says why an entry is not a canonical signed event', () => {
    const e = standardEvents(0)[1]!;
    const text = eventLeafText(e);
    const checks = new EntryChecks(ORIGIN);
    const problems = (entries: Array<string | Uint8Array>) =>
      checks
        .checkBundle(
          encodeEntryBundle(entries.map((x) => (typeof x === 'string' ? encoder.encode(x) : x))),
          entries.length,
        )
        .entries.map((v) => v.problem);
    expect(
      problems([
        `\uFEFF${text}`,
        Uint8Array.of(0xff, 0xfe),
        text.replace('{', '{ '),
        '{"v":1}',
        '[1e400]',
        text,
      ]),
    ).toEqual([
      expect.stringMatching(/^is not JSON/),
      'is not valid UTF-8',
      expect.stringMatching(/^is not in RFC 8785 canonical form \(byte 1 differs/),
      expect.stringMatching(/^is not a valid signed event: /),
      expect.stringMatching(/^cannot be canonicalised/),
      undefined,
    ]);
    expect(checks.checkBundle(new Uint8Array([0, 5, 1]), 1).problem).toMatch(
      /entry 0 of the bundle needs 5 bytes/,
    );
  });
});

describe('packVerdict', () => {
  it('sends a bundle verdict as its distinct entry verdicts, and gives the same verdict back', () => {
    const events = standardEvents(40);
    const entries = [...events.map(eventLeafText), '{"v":1}', 'not json'];
    const checks = new EntryChecks(ORIGIN);
    const verdict = checks.checkBundle(
      encodeEntryBundle(entries.map((t) => encoder.encode(t))),
      entries.length,
    );
    const packed = packVerdict(verdict);
    // valid with the head's, clerk's or officer's key, and each entry with a problem on its own
    expect(packed.distinct.length).toBe(5);
    expect(packed.which.length).toBe(entries.length);
    expect(unpackVerdict(structuredClone(packed))).toEqual(verdict);
    const alone = new EntryChecks(ORIGIN).checkBundle(
      encodeEntryBundle([encoder.encode(eventLeafText(events[6]!))]),
      1,
    );
    expect(alone.entries[0]!.message).toBeDefined();
    expect(unpackVerdict(structuredClone(packVerdict(alone)))).toEqual(alone);
  });
});
