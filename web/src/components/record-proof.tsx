import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters, type Formatters } from '../format/use-formatters';
import { useNearViewport } from '../verify/use-near-viewport';
import { useRecordVerification } from '../verify/use-verification';
import type { ExpectedRecord, RecordVerification } from '../verify/verify-record';

type T = ReturnType<typeof useTranslation>['t'];

function failureReason(
  t: T,
  format: Formatters,
  result: Extract<RecordVerification, { status: 'failed' }>,
): string {
  const index = format.count(result.index);
  switch (result.failure) {
    case 'checkpoint':
      return t('record.reason.checkpoint');
    case 'entry-unavailable':
      return t('record.reason.entryUnavailable', { index });
    case 'proof-unavailable':
      return t('record.reason.proofUnavailable', { index });
    case 'inclusion':
      return t('record.reason.inclusion', { index });
    case 'record-mismatch':
      return t('record.reason.recordMismatch', { index });
  }
}

const icons = { checking: '◌', verified: '✓', pending: '◔', failed: '✗' } as const;

/**
 * Whether this browser verified that the record's log entry is in the latest verified checkpoint.
 * The check starts when the record comes near the screen; the state is in words, not colour alone.
 */
export function RecordProof({
  logIndex,
  expected,
}: {
  logIndex: number;
  /** What the entry must record; without it, only the entry's inclusion is checked. */
  expected?: ExpectedRecord;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const ref = useRef<HTMLSpanElement>(null);
  const result = useRecordVerification(logIndex, expected, useNearViewport(ref));
  const state = result?.status ?? 'checking';
  const index = format.count(logIndex);
  const text =
    result === undefined
      ? t('record.checking')
      : result.status === 'verified'
        ? t('record.verified', { index })
        : result.status === 'pending'
          ? t('record.pending', { index })
          : t('record.failed');
  return (
    <span
      ref={ref}
      className={`proof proof--${state}`}
      data-proof={state}
      data-log-index={logIndex}
      data-failure={result?.status === 'failed' ? result.failure : undefined}
    >
      <span className="proof__label">
        <span className="proof__icon" aria-hidden="true">
          {icons[state]}
        </span>
        {text}
      </span>
      {result?.status === 'failed' && (
        <span className="proof__reason">{failureReason(t, format, result)}</span>
      )}
    </span>
  );
}
