/// <reference types="vite/client" />
// The page verifies the log with src/translog, its node:crypto swapped for web/src/verify/translog-crypto.ts
// (@noble/*) by the plugin in web/vite.config.ts. Here the same swap is made with vi.mock; then the
// translog's own test suites run again on top of the browser's crypto (every known-answer vector of
// ../shared/vectors among them), and property tests check that both modules compute the same bytes.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type * as ServerCrypto from '../../src/translog/crypto.js';
import * as translog from '../../src/translog/index.js';
import * as browser from '../../web/src/verify/translog-crypto.js';

vi.mock('../../src/translog/crypto.js', () => import('../../web/src/verify/translog-crypto.js'));

// Registers their describe() blocks here, where the mock applies. A new translog suite joins by itself.
import.meta.glob(['../translog/*.test.ts', '!../translog/imports.test.ts'], { eager: true });

const server = await vi.importActual<typeof ServerCrypto>('../../src/translog/crypto.js');

/** RFC 8032 §5.1: the order L of the Ed25519 base point, little-endian as S is encoded. */
const GROUP_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

function addToLittleEndian(bytes: Uint8Array, addend: bigint): Uint8Array | undefined {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  value += addend;
  if (value >= 2n ** BigInt(8 * bytes.length)) return undefined;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < out.length; i++, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}

const seed = fc.uint8Array({ minLength: 32, maxLength: 32 });
const message = fc.uint8Array({ maxLength: 300 });

describe('web/src/verify/translog-crypto.ts against src/translog/crypto.ts', () => {
  it('is the module src/translog runs on in this file', () => {
    expect(translog.ed25519Verify).toBe(browser.ed25519Verify);
    expect(translog.sha256).toBe(browser.sha256);
    expect(server.sha256).not.toBe(browser.sha256);
  });

  it('has the same constants', () => {
    expect([
      browser.ED25519_SEED_SIZE,
      browser.ED25519_PUBLIC_KEY_SIZE,
      browser.ED25519_SIGNATURE_SIZE,
    ]).toEqual([server.ED25519_SEED_SIZE, server.ED25519_PUBLIC_KEY_SIZE, server.ED25519_SIGNATURE_SIZE]);
  });

  it('hashes like node:crypto', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
        expect(browser.sha256(data)).toEqual(server.sha256(data));
      }),
    );
  });

  it('derives the same public keys and the same (deterministic) signatures', () => {
    fc.assert(
      fc.property(seed, message, (secret, text) => {
        const publicKey = browser.ed25519PublicKey(secret);
        expect(publicKey).toEqual(server.ed25519PublicKey(secret));
        const signature = browser.ed25519Sign(secret, text);
        expect(signature).toEqual(server.ed25519Sign(secret, text));
        expect(browser.ed25519Verify(publicKey, text, signature)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects what node:crypto rejects: any flipped bit, a non-canonical S, keys off the curve', () => {
    fc.assert(
      fc.property(seed, message, fc.nat(), fc.integer({ min: 0, max: 7 }), (secret, text, at, bit) => {
        const publicKey = server.ed25519PublicKey(secret);
        const signature = server.ed25519Sign(secret, text);
        const agree = (key: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean => {
          const verdict = browser.ed25519Verify(key, msg, sig);
          expect(verdict, 'same verdict as node:crypto').toBe(server.ed25519Verify(key, msg, sig));
          return verdict;
        };
        const flipped = (bytes: Uint8Array): Uint8Array => {
          const copy = new Uint8Array(bytes);
          copy[at % copy.length]! ^= 1 << bit;
          return copy;
        };
        expect(agree(publicKey, text, flipped(signature))).toBe(false);
        agree(flipped(publicKey), text, signature);
        if (text.length > 0) expect(agree(publicKey, flipped(text), signature)).toBe(false);
        // S + L verifies under ZIP 215's rules, not under RFC 8032's (§5.1.7 step 1) nor OpenSSL's.
        const s = addToLittleEndian(signature.subarray(32), GROUP_ORDER);
        if (s !== undefined) {
          const malleable = new Uint8Array(64);
          malleable.set(signature.subarray(0, 32));
          malleable.set(s, 32);
          expect(agree(publicKey, text, malleable)).toBe(false);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('answers false, without throwing, for keys and signatures of the wrong length', () => {
    const secret = new Uint8Array(32).fill(7);
    const publicKey = browser.ed25519PublicKey(secret);
    const signature = browser.ed25519Sign(secret, new Uint8Array(3));
    expect(browser.ed25519Verify(publicKey.subarray(1), new Uint8Array(3), signature)).toBe(false);
    expect(browser.ed25519Verify(publicKey, new Uint8Array(3), signature.subarray(1))).toBe(false);
    expect(browser.ed25519Verify(new Uint8Array(32).fill(0xff), new Uint8Array(3), signature)).toBe(false);
    expect(() => browser.ed25519PublicKey(new Uint8Array(31))).toThrow(RangeError);
    expect(() => browser.ed25519Sign(new Uint8Array(33), new Uint8Array(1))).toThrow(RangeError);
  });

  it('draws random bytes, also beyond the 65,536 bytes of one getRandomValues call', () => {
    const many = browser.randomBytes(200_000);
    expect(many).toHaveLength(200_000);
    expect(many.subarray(150_000).some((byte) => byte !== 0)).toBe(true);
    expect(browser.randomBytes(32)).not.toEqual(browser.randomBytes(32));
    expect(browser.randomBytes(0)).toHaveLength(0);
  });
});
