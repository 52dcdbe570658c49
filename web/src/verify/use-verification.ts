import { useEffect, useState } from 'react';
import { loadVerifier } from './load-verifier';
import type { CheckpointVerification, ExpectedRecord, RecordVerification } from './verify-record';

function loadFailure(error: unknown): string {
  return `the verification code could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
}

function verifierUnavailable(error: unknown): CheckpointVerification {
  return { ok: false, failure: 'verifier-unavailable', detail: loadFailure(error) };
}

/** The page's verdict on the latest checkpoint; `undefined` while it is being checked. */
export function useCheckpointVerification(): CheckpointVerification | undefined {
  const [result, setResult] = useState<CheckpointVerification>();
  useEffect(() => {
    let current = true;
    loadVerifier()
      .then((verifier) => verifier.verifyLatestCheckpoint(), verifierUnavailable)
      .then((verification) => {
        if (current) setResult(verification);
      });
    return () => {
      current = false;
    };
  }, []);
  return result;
}

/**
 * The verdict on one record's log entry, once `start` is true (the record is near the screen);
 * `undefined` until then and while it is being checked.
 */
export function useRecordVerification(
  logIndex: number,
  expected: ExpectedRecord | undefined,
  start: boolean,
): RecordVerification | undefined {
  const [result, setResult] = useState<RecordVerification>();
  // Compared by value: the caller builds a new object on every render.
  const expectedJson = expected === undefined ? undefined : JSON.stringify(expected);
  useEffect(() => {
    if (!start) return;
    let current = true;
    setResult(undefined);
    loadVerifier()
      .then(
        (verifier) =>
          verifier.verifyRecordInclusion(
            logIndex,
            expectedJson === undefined ? undefined : (JSON.parse(expectedJson) as ExpectedRecord),
          ),
        (error: unknown): RecordVerification => ({
          status: 'failed',
          index: logIndex,
          failure: 'checkpoint',
          detail: loadFailure(error),
        }),
      )
      .then((verification) => {
        if (current) setResult(verification);
      });
    return () => {
      current = false;
    };
  }, [logIndex, expectedJson, start]);
  return result;
}
