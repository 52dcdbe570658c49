import { AmanahError, isAmanahError, type ErrorCode } from '../domain/errors.js';

/** What a failed verification is about: the one thing a reader should look at first. */
export type FailureSubject =
  | { readonly kind: 'checkpoint' }
  | { readonly kind: 'document'; readonly path: string }
  | { readonly kind: 'entry'; readonly index: number; readonly bundle: string }
  | { readonly kind: 'bundle'; readonly path: string }
  | { readonly kind: 'tile'; readonly path: string }
  | { readonly kind: 'history'; readonly size: number }
  | { readonly kind: 'figure'; readonly key: string };

/** The first thing found wrong with a log. `message` is one line and names the subject. */
export interface VerifyFailure {
  readonly code: ErrorCode;
  readonly subject: FailureSubject;
  readonly message: string;
}

const SUBJECT = 'verifierSubject';

/**
 * An error saying the log (not the verifier, nor the network) is wrong. Codes for now:
 * `SIGNATURE_INVALID` (a signature or cosignature), `NOT_FOUND` (the mirror lacks a resource its
 * checkpoint commits to), `VALIDATION_FAILED` (anything else).
 */
export function logFailure(code: ErrorCode, subject: FailureSubject, message: string): AmanahError {
  return new AmanahError(code, message, [], { [SUBJECT]: subject });
}

/** The failure an error carries, if it is one made by {@link logFailure}. */
export function failureOf(e: unknown): VerifyFailure | undefined {
  if (!isAmanahError(e)) return undefined;
  const subject = e.details[SUBJECT] as FailureSubject | undefined;
  return subject === undefined ? undefined : { code: e.code, subject, message: e.message };
}
