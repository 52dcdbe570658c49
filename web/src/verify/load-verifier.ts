import type * as VerifyRecord from './verify-record';

export type Verifier = typeof VerifyRecord;

let loading: Promise<Verifier> | undefined;

/**
 * The verification code (src/translog, canonical JSON, @noble/*) in its own chunk, downloaded once the
 * page is on screen rather than with it. A failed download is retried on the next call.
 */
export function loadVerifier(): Promise<Verifier> {
  loading ??= import('./verify-record').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
