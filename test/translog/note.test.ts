/** Signed notes (c2sp.org/signed-note): format, parse, sign, verify. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  MAX_NOTE_SIGNATURES,
  ed25519NoteSigner,
  ed25519NoteVerifier,
  ed25519PublicKey,
  formatNote,
  parseNote,
  signNote,
  verifyNote,
  type NoteVerifier,
} from '../../src/translog/index.js';
import { codeOf } from './code-of.js';

const seed = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const alice = ed25519NoteSigner('example.com/alice', seed(1));
const aliceV = ed25519NoteVerifier('example.com/alice', ed25519PublicKey(seed(1)));
const bob = ed25519NoteSigner('example.com/bob', seed(2));
const bobV = ed25519NoteVerifier('example.com/bob', ed25519PublicKey(seed(2)));

describe('signed notes', () => {
  test('sign then verify, for any text without control characters (blank lines allowed)', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'ü', ' ', '—', '+', '\u{1F600}', '') });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        const note = signNote({ text }, [alice, bob]);
        const verified = verifyNote(note, [aliceV, bobV]);
        expect(verified.text).toBe(text);
        expect(verified.verified.map((s) => s.name)).toEqual(['example.com/alice', 'example.com/bob']);
        expect(formatNote(parseNote(note))).toBe(note);
        expect(verifyNote(new TextEncoder().encode(note), [bobV]).text).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  test('changing the text breaks the known signature', () => {
    const note = signNote({ text: 'hello\n' }, [alice]);
    expect(codeOf(() => verifyNote(note.replace('hello', 'hellp'), [aliceV]))).toBe('SIGNATURE_INVALID');
  });

  test('signatures from unknown keys are ignored, even sharing the name or the key ID (not both)', () => {
    const sameName = ed25519NoteSigner('example.com/alice', seed(3)); // other key ID
    const note = signNote({ text: 'x\n' }, [sameName, alice, bob]);
    const v = verifyNote(note, [aliceV]);
    expect(v.verified).toHaveLength(1);
    expect(v.unverified.map((s) => s.name)).toEqual(['example.com/alice', 'example.com/bob']);
    // Same key ID as alice's, other name: ignored.
    const idTwin: NoteVerifier = { name: 'example.com/carol', keyId: aliceV.keyId, verify: () => false };
    expect(codeOf(() => verifyNote(signNote({ text: 'x\n' }, [alice]), [idTwin]))).toBe('NOTE_UNVERIFIED');
  });

  test('a failing signature from a known key rejects the whole note, even next to a valid one', () => {
    const note = signNote({ text: 'x\n' }, [alice, bob]);
    const wrongBob: NoteVerifier = { ...bobV, verify: () => false };
    expect(codeOf(() => verifyNote(note, [aliceV, wrongBob]))).toBe('SIGNATURE_INVALID');
  });

  test('no signature from a known key: NOTE_UNVERIFIED', () => {
    expect(codeOf(() => verifyNote(signNote({ text: 'x\n' }, [bob]), [aliceV]))).toBe('NOTE_UNVERIFIED');
    expect(codeOf(() => verifyNote(signNote({ text: 'x\n' }, [bob]), []))).toBe('NOTE_UNVERIFIED');
  });

  test('at least 16 distinct signatures are accepted, more than 100 lines are not', () => {
    const signers = Array.from({ length: 16 }, (_, i) => ed25519NoteSigner(`w${i}.example`, seed(10 + i)));
    const verifiers = signers.map((s, i) => ed25519NoteVerifier(s.name, ed25519PublicKey(seed(10 + i))));
    expect(verifyNote(signNote({ text: 'x\n' }, signers), verifiers).verified).toHaveLength(16);
    const line = signNote({ text: 'x\n' }, [alice]).slice(3);
    expect(parseNote(`x\n\n${line.repeat(MAX_NOTE_SIGNATURES)}`).signatures).toHaveLength(
      MAX_NOTE_SIGNATURES,
    );
    expect(codeOf(() => parseNote(`x\n\n${line.repeat(MAX_NOTE_SIGNATURES + 1)}`))).toBe('NOTE_MALFORMED');
    // Repeated identical signatures count once.
    expect(verifyNote(`x\n\n${line.repeat(3)}`, [aliceV]).verified).toHaveLength(1);
  });

  test('the text is separated from the signatures by the last blank line', () => {
    const note = signNote({ text: 'a\n\nb\n' }, [alice]);
    expect(parseNote(note).text).toBe('a\n\nb\n');
    expect(verifyNote(note, [aliceV]).text).toBe('a\n\nb\n');
  });

  test('malformed notes', () => {
    const good = signNote({ text: 'x\n' }, [alice]);
    const sig = good.slice(3);
    const cases: Record<string, string | Uint8Array> = {
      empty: '',
      'no signatures': 'x\n\n',
      'tab in text': `x\ty\n\n${sig}`,
      'CR in text': `x\r\n\n${sig}`,
      'lone surrogate': `x\ud800\n\n${sig}`,
      'invalid UTF-8': Uint8Array.of(0x78, 0xc3, 0x0a, 0x0a),
      'no final newline': good.slice(0, -1),
      'plus in key name': `x\n\n${sig.replace('example.com/alice', 'a+b')}`,
      'hyphen instead of em dash': `x\n\n${sig.replace('\u2014', '-')}`,
      'two spaces': `x\n\n${sig.replace(' ', '  ')}`,
      'signature too short': `x\n\n\u2014 example.com/alice AAAAAA==\n`,
      'signature not base64': `x\n\n\u2014 example.com/alice ****\n`,
      'empty key name': `x\n\n\u2014  AAAAAAA=\n`,
    };
    for (const [name, note] of Object.entries(cases))
      expect(
        codeOf(() => parseNote(note)),
        name,
      ).toBe('NOTE_MALFORMED');
    expect(codeOf(() => signNote({ text: 'no newline' }, [alice]))).toBe('NOTE_MALFORMED');
    expect(codeOf(() => formatNote({ text: 'x\n', signatures: [] }))).toBe('NOTE_MALFORMED');
  });

  test('a byte-order mark is text, not stripped', () => {
    const note = signNote({ text: '\ufeffx\n' }, [alice]);
    expect(verifyNote(new TextEncoder().encode(note), [aliceV]).text).toBe('\ufeffx\n');
  });
});
