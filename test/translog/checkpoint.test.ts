/** Checkpoint bodies (c2sp.org/tlog-checkpoint). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  encodeBase64,
  formatCheckpoint,
  generateKey,
  noteSigner,
  noteVerifier,
  parseCheckpoint,
  signNote,
  verifyCheckpoint,
} from '../../src/translog/index.js';
import { hex } from './naive-tree.js';
import { codeOf } from './code-of.js';

const root = encodeBase64(new Uint8Array(32).fill(1));

describe('checkpoints', () => {
  test('format and parse are inverse', () => {
    const line = fc.string({ minLength: 1, unit: fc.constantFrom('a', 'é', ' ', '/', '+', '—') });
    fc.assert(
      fc.property(
        line,
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(line, { maxLength: 3 }),
        (origin, size, rootHash, extensions) => {
          const text = formatCheckpoint({ origin, size, rootHash, extensions });
          const back = parseCheckpoint(text);
          expect(back.origin).toBe(origin);
          expect(back.size).toBe(size);
          expect(hex(back.rootHash)).toBe(hex(rootHash));
          expect(back.extensions).toEqual(extensions);
        },
      ),
    );
  });

  test('strict validation', () => {
    const bad: Record<string, string> = {
      'two lines': `o\n1\n`,
      'no final newline': `o\n1\n${root}`,
      'empty origin': `\n1\n${root}\n`,
      'leading zero': `o\n01\n${root}\n`,
      'signed size': `o\n+1\n${root}\n`,
      'exponent size': `o\n1e3\n${root}\n`,
      'size beyond 2^53': `o\n9007199254740992\n${root}\n`,
      'space in size': `o\n 1\n${root}\n`,
      'short root': `o\n1\n${encodeBase64(new Uint8Array(31))}\n`,
      'unpadded root': `o\n1\n${root.replace('=', '')}\n`,
      'empty extension line': `o\n1\n${root}\n\next\n`,
      'trailing empty line': `o\n1\n${root}\n\n`,
    };
    for (const [name, text] of Object.entries(bad))
      expect(
        codeOf(() => parseCheckpoint(text)),
        name,
      ).toBe('CHECKPOINT_MALFORMED');
    expect(parseCheckpoint(`o\n0\n${root}\n`).size).toBe(0);
    expect(parseCheckpoint(`o\n1\n${root}\next one\n`).extensions).toEqual(['ext one']);
    expect(
      codeOf(() =>
        formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: new Uint8Array(32), extensions: [] }),
      ),
    ).toBe('CHECKPOINT_MALFORMED');
    expect(
      codeOf(() => formatCheckpoint({ origin: 'a', size: -1, rootHash: new Uint8Array(32), extensions: [] })),
    ).toBe('TREE_SIZE_INVALID');
  });

  test('verifyCheckpoint checks the log signature and the origin', () => {
    const { signerKey, verifierKey } = generateKey('log.example');
    const text = formatCheckpoint({
      origin: 'log.example',
      size: 3,
      rootHash: new Uint8Array(32),
      extensions: [],
    });
    const note = signNote({ text }, [noteSigner(signerKey)]);
    expect(verifyCheckpoint(note, [noteVerifier(verifierKey)], 'log.example').checkpoint.size).toBe(3);
    expect(codeOf(() => verifyCheckpoint(note, [noteVerifier(verifierKey)], 'other.example'))).toBe(
      'CHECKPOINT_MALFORMED',
    );
    expect(codeOf(() => verifyCheckpoint(note, [noteVerifier(generateKey('log.example').verifierKey)]))).toBe(
      'NOTE_UNVERIFIED',
    );
  });
});
