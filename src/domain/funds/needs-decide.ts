import { requireRole, type Actor } from '../actor.js';
import { canonicalJson } from '../canonical-json.js';
import type { SignedEvent } from '../envelope.js';
import { AmanahError } from '../errors.js';
import type { PayloadOf } from '../event-type.js';
import type { indicatorRecorded, needsFormulaAdopted } from './needs-events.js';
import { formatPpm, type NeedsFormula } from './needs-formula.js';

type Ev<E> = SignedEvent<PayloadOf<E>>;

/** The secretariat records indicator values, from a named source; one id, one value. */
export function decideIndicatorRecorded(
  e: Ev<typeof indicatorRecorded>,
  actor: Actor,
  state: { exists: boolean; governorateExists: boolean },
): void {
  const p = e.payload;
  requireRole(actor, ['secretariat'], 'recording a needs indicator');
  if (state.exists)
    throw new AmanahError('ALREADY_EXISTS', `indicator value "${p.indicatorId}" is already recorded`);
  if (!state.governorateExists) {
    throw new AmanahError('NOT_FOUND', `governorate ${p.governorate} is not registered`, [
      { path: 'payload.governorate', message: 'unknown P-code' },
    ]);
  }
  if (p.date > e.time.slice(0, 10)) {
    throw new AmanahError('VALIDATION_FAILED', `the date ${p.date} is after the day it is recorded`, [
      { path: 'payload.date', message: `at most ${e.time.slice(0, 10)}` },
    ]);
  }
}

/** The proposal a formula adoption cites, as the rule needs it. */
export interface FormulaProposalState {
  decisionType: string;
  status: 'open' | 'executed';
  /** the needs formula the proposal carries, if any */
  formula: NeedsFormula | undefined;
}

/**
 * A needs formula takes effect only as the members decided it: the cited proposal is an executed
 * policy-change decision that carries exactly this formula, and its version is the next one.
 */
export function decideNeedsFormulaAdopted(
  e: Ev<typeof needsFormulaAdopted>,
  actor: Actor,
  state: {
    proposal: FormulaProposalState | undefined;
    currentVersion: number | undefined;
    adoptedAs: number | undefined;
  },
): void {
  const p = e.payload;
  requireRole(actor, ['secretariat'], 'putting a needs formula in force');
  const d = state.proposal;
  if (!d) {
    throw new AmanahError('NOT_FOUND', `no proposal "${p.proposalId}"`, [
      { path: 'payload.proposalId', message: 'unknown' },
    ]);
  }
  if (d.decisionType !== 'policy-change' || d.formula === undefined) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `proposal "${p.proposalId}" is not a policy-change decision that carries a needs formula`,
      [{ path: 'payload.proposalId', message: 'must be a policy-change proposal with a needsFormula' }],
    );
  }
  if (d.status !== 'executed') {
    throw new AmanahError(
      'PROPOSAL_NOT_EXECUTED',
      `proposal "${p.proposalId}" has not been decided: it needs the signatures the policy requires for a policy change first`,
    );
  }
  if (state.adoptedAs !== undefined) {
    throw new AmanahError(
      'ALREADY_EXISTS',
      `decision "${p.proposalId}" already put needs formula version ${state.adoptedAs} in force`,
    );
  }
  if (canonicalJson(d.formula) !== canonicalJson(p.formula)) {
    throw new AmanahError(
      'FORMULA_MISMATCH',
      `the formula differs from the one the members approved in proposal "${p.proposalId}"; send that formula unchanged`,
      [{ path: 'payload.formula', message: 'must equal the proposal’s needsFormula' }],
    );
  }
  const next = (state.currentVersion ?? 0) + 1;
  if (p.formula.version !== next) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `needs formula version ${state.currentVersion ?? 'none'} is in force; the next one is version ${next}, not ${p.formula.version}`,
      [{ path: 'payload.formula.version', message: `must be ${next}` }],
    );
  }
}

/** What the needs rule knows about an allocation about to be committed. */
export interface AllocationNeedsState {
  formulaVersion: number;
  thresholdPpm: bigint;
  needPpm: bigint;
  sharePpm: bigint;
  deviationPpm: bigint;
}

/**
 * An allocation that gives its governorate-and-sector more than its needs share by more than the
 * formula's threshold needs a written justification signed with the decision (the proposal's
 * `justification`, which every approval signs through the proposal's hash).
 */
export function checkNeedsDeviation(
  proposalId: string,
  cell: string,
  needs: AllocationNeedsState | undefined,
  justification: string | null,
): void {
  if (!needs || needs.deviationPpm <= needs.thresholdPpm) return;
  if (justification !== null && justification.length > 0) return;
  throw new AmanahError(
    'JUSTIFICATION_REQUIRED',
    `this allocation would give ${cell} ${formatPpm(needs.sharePpm)} of the fund's allocatable money against a needs share of ${formatPpm(
      needs.needPpm,
    )} under needs formula version ${needs.formulaVersion}: ${formatPpm(needs.deviationPpm)} above it, more than the ${formatPpm(
      needs.thresholdPpm,
    )} the formula allows without a justification; decision "${proposalId}" has none — submit the allocation again as a proposal whose justification explains the deviation`,
    [{ path: 'payload.proposalId', message: 'the decision needs a written justification' }],
    {
      formulaVersion: needs.formulaVersion,
      needPpm: String(needs.needPpm),
      sharePpm: String(needs.sharePpm),
      deviationPpm: String(needs.deviationPpm),
      thresholdPpm: String(needs.thresholdPpm),
    },
  );
}
