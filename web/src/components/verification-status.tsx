import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters, type Formatters } from '../format/use-formatters';
import { useCheckpointVerification } from '../verify/use-verification';
import type { CheckpointVerification, CheckpointVerificationFailure } from '../verify/verify-record';

type T = ReturnType<typeof useTranslation>['t'];

/** Why the checkpoint did not verify, in the reader's language; one sentence per failed step. */
function failureReason(t: T, format: Formatters, result: CheckpointVerificationFailure): string {
  switch (result.failure) {
    case 'verifier-unavailable':
      return t('verification.reason.verifierUnavailable');
    case 'log-unavailable':
      return t('verification.reason.logUnavailable');
    case 'keys-invalid':
      return t('verification.reason.keysInvalid');
    case 'checkpoint-unavailable':
      return t('verification.reason.checkpointUnavailable');
    case 'checkpoint-malformed':
      return t('verification.reason.checkpointMalformed');
    case 'log-signature':
      return t('verification.reason.logSignature');
    case 'origin-mismatch':
      return t('verification.reason.originMismatch');
    case 'witness-signature':
      return t('verification.reason.witnessSignature');
    case 'witness-quorum':
      return t('verification.reason.witnessQuorum', {
        cosigned: format.count(result.cosigned ?? 0),
        quorum: format.count(result.quorum ?? 0),
      });
  }
}

function headline(t: T, format: Formatters, result: CheckpointVerification | undefined): string {
  if (result === undefined) return t('verification.checking');
  if (!result.ok) return t('verification.failed', { reason: failureReason(t, format, result) });
  return t('verification.verified', {
    size: format.count(result.size),
    cosigned: format.count(result.cosignedBy.length),
    witnesses: format.count(result.witnesses),
    quorum: format.count(result.quorum),
  });
}

const icons = { checking: '◌', verified: '✓', failed: '✗' } as const;

/** The hex fingerprint in groups of four, so that two copies can be compared by eye. */
function groupHex(hex: string): string {
  return hex.replace(/(.{4})(?!$)/g, '$1 ');
}

/**
 * Whether this browser verified the log's latest checkpoint: the log's signature and a quorum of
 * witness cosignatures, checked here with the log's own code (see verify/verify-record.ts).
 */
export function VerificationStatus(): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const result = useCheckpointVerification();
  const state = result === undefined ? 'checking' : result.ok ? 'verified' : 'failed';
  return (
    <div
      className={`verification verification--${state}`}
      data-verification={state}
      data-failure={result !== undefined && !result.ok ? result.failure : undefined}
    >
      <p className="verification__status" role="status" aria-live="polite" aria-atomic="true">
        <span className="verification__icon" aria-hidden="true">
          {icons[state]}
        </span>
        <span className="verification__text">{headline(t, format, result)}</span>
      </p>
      <p className="verification__explanation">{t('verification.explanation')}</p>
      {result?.logKeyFingerprint !== undefined && (
        <dl className="verification__keys">
          <div className="fact" data-fact="logKeyFingerprint">
            <dt>{t('verification.fingerprint')}</dt>
            <dd>
              <code dir="ltr" translate="no">
                {groupHex(result.logKeyFingerprint)}
              </code>
            </dd>
          </div>
          <div className="fact" data-fact="logKey">
            <dt>{t('verification.logKey')}</dt>
            <dd>
              <code dir="ltr" translate="no">
                {result.logKey}
              </code>
            </dd>
          </div>
        </dl>
      )}
      {result !== undefined && !result.ok && (
        <details className="verification__detail">
          <summary>{t('verification.detail')}</summary>
          <code dir="ltr" lang="en" translate="no">
            {result.detail}
          </code>
        </details>
      )}
    </div>
  );
}
