import { requireRole, type Actor } from '../actor.js';
import type { SignedEvent } from '../envelope.js';
import { AmanahError } from '../errors.js';
import type { PayloadOf } from '../event-type.js';
import type { iatiActivityRecorded, iatiTransactionsRecorded } from './events.js';

/*
 * Rules for recording third-party IATI activities. The secretariat records what others published;
 * a later version of the same activity (same identifier, changed content) supersedes the earlier one,
 * whose events stay in the log. Transactions follow their activity version in order, without gaps.
 */

/** The recorded version of an activity, as the transaction rule needs it. */
export interface IatiActivityState {
  eventId: string;
  transactionCount: number;
  recordedTransactions: number;
}

const PERCENT_TOLERANCE = 0.01;

export function decideIatiActivityRecorded(
  e: SignedEvent<PayloadOf<typeof iatiActivityRecorded>>,
  actor: Actor,
): void {
  requireRole(actor, ['secretariat'], 'Recording a published IATI activity');
  const p = e.payload;
  p.budgets.forEach((b, i) => {
    if (b.end < b.start)
      throw new AmanahError(
        'VALIDATION_FAILED',
        `budget ${i + 1} ends (${b.end}) before it starts (${b.start})`,
        [{ path: `payload.budgets.${i}.end`, message: 'must not be before the start' }],
      );
  });
  // IATI: the percentages of the sectors of one vocabulary add up to 100.
  const byVocabulary = new Map<string, number>();
  for (const s of p.sectors) {
    if (s.percentage === undefined) continue;
    byVocabulary.set(s.vocabulary, (byVocabulary.get(s.vocabulary) ?? 0) + s.percentage);
  }
  for (const [vocabulary, sum] of byVocabulary) {
    if (Math.abs(sum - 100) > PERCENT_TOLERANCE)
      throw new AmanahError(
        'VALIDATION_FAILED',
        `the sector percentages of vocabulary ${vocabulary} add up to ${sum}, not 100`,
        [{ path: 'payload.sectors', message: 'percentages of one vocabulary must add up to 100' }],
      );
  }
}

export function decideIatiTransactionsRecorded(
  e: SignedEvent<PayloadOf<typeof iatiTransactionsRecorded>>,
  actor: Actor,
  state: { activity: IatiActivityState | undefined },
): void {
  requireRole(actor, ['secretariat'], 'Recording IATI transactions');
  const p = e.payload;
  const a = state.activity;
  if (!a)
    throw new AmanahError('NOT_FOUND', `no IATI activity ${p.identifier} has been recorded`, [
      { path: 'payload.identifier', message: 'record the activity first' },
    ]);
  if (a.eventId !== p.activityEventId)
    throw new AmanahError(
      'IATI_VERSION_SUPERSEDED',
      `the transactions cite version ${p.activityEventId} of ${p.identifier}, but the recorded version is ${a.eventId}`,
      [{ path: 'payload.activityEventId', message: `must be ${a.eventId}` }],
    );
  if (p.first !== a.recordedTransactions)
    throw new AmanahError(
      'IATI_TRANSACTIONS_OUT_OF_ORDER',
      `${a.recordedTransactions} transactions of ${p.identifier} are recorded, so the next part starts at ${a.recordedTransactions}, not ${p.first}`,
      [{ path: 'payload.first', message: `must be ${a.recordedTransactions}` }],
    );
  if (p.first + p.transactions.length > a.transactionCount)
    throw new AmanahError(
      'IATI_TRANSACTIONS_OUT_OF_ORDER',
      `${p.identifier} reports ${a.transactionCount} transactions; this part would bring it to ${p.first + p.transactions.length}`,
      [{ path: 'payload.transactions', message: `at most ${a.transactionCount - p.first} more` }],
    );
}
