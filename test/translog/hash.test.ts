/** RFC 6962 §2.1 hashing, checked against SHA-256 computed directly with node:crypto. */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  HASH_SIZE,
  assertHash,
  emptyRoot,
  isTranslogError,
  leafHash,
  leafHashOfText,
  nodeHash,
} from '../../src/translog/index.js';
import { hex } from './naive-tree.js';

const sha = (...parts: Uint8Array[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

describe('hash', () => {
  test('empty root is SHA-256 of the empty string, and callers cannot corrupt it', () => {
    expect(hex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    emptyRoot().fill(0);
    expect(hex(emptyRoot())).toBe(sha());
  });

  test('leafHashOfText hashes the UTF-8 bytes of the text, whatever its length, as leafHash does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ maxLength: 9000 })), (t) => {
        expect(hex(leafHashOfText(t))).toBe(sha(Uint8Array.of(0), Buffer.from(t, 'utf8')));
      }),
    );
    // a long text after short ones, and a short one after: the reused buffer never leaks bytes
    for (const t of ['é', 'x'.repeat(20_000) + '🙂', 'a']) {
      expect(hex(leafHashOfText(t))).toBe(sha(Uint8Array.of(0), Buffer.from(t, 'utf8')));
    }
  });

  test('leafHash = SHA-256(0x00 || data), nodeHash = SHA-256(0x01 || left || right)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(hex(leafHash(a))).toBe(sha(Uint8Array.of(0), a));
        expect(hex(nodeHash(a, b))).toBe(sha(Uint8Array.of(1), a, b));
      }),
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (a, b) => {
          const h1 = nodeHash(a, b);
          const h2 = nodeHash(b, a); // the shared input buffer must not leak between calls
          expect(hex(h1)).toBe(sha(Uint8Array.of(1), a, b));
          expect(hex(h2)).toBe(sha(Uint8Array.of(1), b, a));
        },
      ),
    );
  });

  test('leaf and node hashes are domain-separated', () => {
    const a = new Uint8Array(32).fill(7);
    expect(hex(leafHash(new Uint8Array([1, ...a, ...a])))).not.toBe(hex(nodeHash(a, a)));
  });

  test('assertHash names the hash and the length it got', () => {
    expect(() => assertHash(new Uint8Array(HASH_SIZE), 'x')).not.toThrow();
    try {
      assertHash(new Uint8Array(31), 'root hash');
      expect.unreachable();
    } catch (e) {
      expect(isTranslogError(e, 'HASH_LENGTH_INVALID')).toBe(true);
      expect(String(e)).toContain('root hash must be 32 bytes, got 31');
    }
  });
});
