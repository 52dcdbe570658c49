// Compile-time only (nothing here reaches the bundle): the browser's crypto module exports exactly the
// names of the server's src/translog/crypto.ts, with the same types, so the two can be swapped.
import type * as ServerCrypto from '../../../src/translog/crypto.js';
import type * as BrowserCrypto from './translog-crypto';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** `true`, or this file fails to compile and names the export that differs. */
export type TranslogCryptoConforms = {
  [Name in keyof typeof ServerCrypto | keyof typeof BrowserCrypto]: Name extends keyof typeof ServerCrypto
    ? Name extends keyof typeof BrowserCrypto
      ? Same<(typeof ServerCrypto)[Name], (typeof BrowserCrypto)[Name]>
      : 'missing from web/src/verify/translog-crypto.ts'
    : 'not exported by src/translog/crypto.ts';
};

export const translogCryptoConforms: TranslogCryptoConforms = {
  ED25519_SEED_SIZE: true,
  ED25519_PUBLIC_KEY_SIZE: true,
  ED25519_SIGNATURE_SIZE: true,
  sha256: true,
  randomBytes: true,
  ed25519PublicKey: true,
  ed25519Sign: true,
  ed25519Verify: true,
};
