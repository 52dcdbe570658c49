import { requireRole, type Actor } from '../actor.js';
import type { SignedEvent } from '../envelope.js';
import { AmanahError } from '../errors.js';
import type { PayloadOf } from '../event-type.js';
import { formatMoney, toMinor, type Currency } from '../funds/money.js';
import type { OrgKind } from '../governance/events.js';
import type {
  assetRecorded,
  awardMade,
  bidSubmitted,
  contractAmended,
  contractSigned,
  damageReported,
  materialsDelivered,
  materialsWarehoused,
  milestoneReported,
  milestoneVerified,
  partnerVetted,
  projectAmended,
  projectApproved,
  projectProposed,
  tenderPublished,
  trancheReleased,
  VettingStatus,
} from './events.js';
import { known, notAfter } from '../rules.js';

type Ev<E> = SignedEvent<PayloadOf<E>>;

/*
 * The rules of reconstruction projects. A project is proposed by a vetted partner and approved by the
 * members; a milestone is reported by the partner, verified on site by a field monitor who is not the
 * partner's own staff, and only then can its tranche be released, by a tranche-release decision that
 * cites the verification; the fund pays it only after that release (tranche-payment.ts). Contracts
 * never exceed what the project has not yet contracted.
 */

export type ProjectStatus = 'proposed' | 'approved' | 'in-progress' | 'completed';
export type MilestoneStatus = 'planned' | 'reported' | 'verified' | 'not-confirmed' | 'released';

/** A project as the rules need it. */
export interface ProjectState {
  partner: string;
  status: ProjectStatus;
  version: number;
  currency: Currency;
  budget: bigint;
  allocationId: string | null;
  plannedStart: string;
  plannedEnd: string;
}

export interface MilestoneState {
  status: MilestoneStatus;
  tranche: bigint;
  currency: Currency;
}

/** What a proposal (governance decision) looks like to these rules. */
export interface ProposalRef {
  decisionType: string;
  status: 'open' | 'executed';
  proposerOrg: string;
  amount: { value: string; currency: string } | null;
  justification: string | null;
}

/** A vetting outcome that lets a partner run projects. */
export function vettingAllowsProjects(status: VettingStatus | undefined): boolean {
  return status === 'cleared' || status === 'conditional';
}

export function decidePartnerVetted(
  e: Ev<typeof partnerVetted>,
  actor: Actor,
  state: { partnerKind: OrgKind | undefined },
): void {
  requireRole(actor, ['secretariat'], 'recording a vetting outcome');
  notAfter(e.payload.date, e.time);
  if (state.partnerKind === undefined) {
    throw new AmanahError('ORG_UNKNOWN', `organisation "${e.payload.partner}" is not registered`, [
      { path: 'payload.partner', message: 'register the partner first' },
    ]);
  }
  if (state.partnerKind !== 'implementing-partner') {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `"${e.payload.partner}" is a ${state.partnerKind}; only implementing partners are vetted`,
      [{ path: 'payload.partner', message: 'must be an implementing partner' }],
    );
  }
}

export function decideProjectProposed(
  e: Ev<typeof projectProposed>,
  actor: Actor,
  state: {
    exists: boolean;
    vetting: VettingStatus | undefined;
    governorateExists: boolean;
    proposal: ProposalRef | undefined;
    /** the project that already cites this proposal, if any */
    proposalUsedBy: string | undefined;
  },
): void {
  const p = e.payload;
  requireRole(actor, ['partner'], 'proposing a project');
  if (actor.org !== p.partner) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `a project of "${p.partner}" is proposed by that partner's own keys; key ${actor.keyId} acts for "${actor.org}"`,
      [{ path: 'payload.partner', message: `must be "${actor.org}"` }],
    );
  }
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `project "${p.projectId}" already exists`);
  if (!vettingAllowsProjects(state.vetting)) {
    throw new AmanahError(
      'PARTNER_NOT_CLEARED',
      state.vetting === undefined
        ? `partner "${p.partner}" has not been vetted; a partner runs projects once vetting clears it`
        : `partner "${p.partner}" is ${state.vetting} by its latest vetting; it runs projects only when cleared or conditional`,
    );
  }
  if (!state.governorateExists) {
    throw new AmanahError('NOT_FOUND', `governorate ${p.governorate} is not registered`, [
      { path: 'payload.governorate', message: 'unknown P-code' },
    ]);
  }
  if (p.plannedEnd < p.plannedStart) {
    throw new AmanahError('VALIDATION_FAILED', 'the planned end is before the planned start', [
      { path: 'payload.plannedEnd', message: `on or after ${p.plannedStart}` },
    ]);
  }
  const ids = new Set<string>();
  let sum = 0n;
  p.milestones.forEach((m, i) => {
    if (ids.has(m.milestoneId)) {
      throw new AmanahError('VALIDATION_FAILED', `milestone id "${m.milestoneId}" is used twice`, [
        { path: `payload.milestones.${i}.milestoneId`, message: 'must be unique in the project' },
      ]);
    }
    ids.add(m.milestoneId);
    if (m.tranche.currency !== p.budget.currency) {
      throw new AmanahError(
        'CURRENCY_MISMATCH',
        `tranches are paid in the budget's currency, ${p.budget.currency}`,
        [{ path: `payload.milestones.${i}.tranche.currency`, message: `must be ${p.budget.currency}` }],
      );
    }
    if (m.due < p.plannedStart || m.due > p.plannedEnd) {
      throw new AmanahError(
        'VALIDATION_FAILED',
        `milestone "${m.milestoneId}" is due outside the planned dates`,
        [{ path: `payload.milestones.${i}.due`, message: `from ${p.plannedStart} to ${p.plannedEnd}` }],
      );
    }
    sum += toMinor(m.tranche);
  });
  if (sum !== toMinor(p.budget)) {
    throw new AmanahError(
      'AMOUNT_MISMATCH',
      `the tranches add up to ${formatMoney(sum, p.budget.currency)}; they must add up to the budget, ${formatMoney(
        toMinor(p.budget),
        p.budget.currency,
      )}`,
      [{ path: 'payload.milestones', message: 'tranches must sum to the budget' }],
    );
  }
  const d = known(state.proposal, 'proposal', p.proposalId, 'payload.proposalId');
  if (d.decisionType !== 'project-approval') {
    throw new AmanahError('VALIDATION_FAILED', `proposal "${p.proposalId}" is a ${d.decisionType} decision`, [
      { path: 'payload.proposalId', message: 'must be a project-approval decision' },
    ]);
  }
  if (d.proposerOrg !== p.partner) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `proposal "${p.proposalId}" was put by "${d.proposerOrg}", not by the partner "${p.partner}"`,
      [{ path: 'payload.proposalId', message: "must be the partner's own project-approval proposal" }],
    );
  }
  if (!d.amount || d.amount.currency !== p.budget.currency || d.amount.value !== p.budget.value) {
    throw new AmanahError(
      'AMOUNT_MISMATCH',
      `proposal "${p.proposalId}" asks the members to approve ${
        d.amount ? `${d.amount.value} ${d.amount.currency}` : 'no amount'
      }; the project's budget is ${p.budget.value} ${p.budget.currency} (minor units)`,
      [{ path: 'payload.budget', message: 'must equal the proposal amount' }],
    );
  }
  if (state.proposalUsedBy !== undefined) {
    throw new AmanahError(
      'ALREADY_EXISTS',
      `proposal "${p.proposalId}" already approves project "${state.proposalUsedBy}"`,
      [{ path: 'payload.proposalId', message: 'one proposal per project' }],
    );
  }
}

export function decideProjectApproved(
  e: Ev<typeof projectApproved>,
  actor: Actor,
  state: {
    project: (ProjectState & { sector: string; governorate: string; proposalId: string }) | undefined;
    proposalStatus: 'open' | 'executed' | undefined;
    allocation: { sector: string; governorate: string; currency: string } | undefined;
  },
): void {
  const p = e.payload;
  requireRole(actor, ['secretariat'], 'recording a project approval');
  const pr = known(state.project, 'project', p.projectId, 'payload.projectId');
  if (pr.status !== 'proposed') {
    throw new AmanahError('PROJECT_STATE_INVALID', `project "${p.projectId}" is already ${pr.status}`);
  }
  if (state.proposalStatus !== 'executed') {
    throw new AmanahError(
      'PROPOSAL_NOT_EXECUTED',
      `the project-approval decision "${pr.proposalId}" has not taken effect: it needs the signatures the policy requires first`,
    );
  }
  const a = known(state.allocation, 'allocation', p.allocationId, 'payload.allocationId');
  if (a.sector !== pr.sector || a.governorate !== pr.governorate || a.currency !== pr.currency) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `allocation "${p.allocationId}" funds ${a.sector} in ${a.governorate} (${a.currency}); the project is ${pr.sector} in ${pr.governorate} (${pr.currency})`,
      [{ path: 'payload.allocationId', message: "must fund the project's sector and governorate" }],
    );
  }
}

export function decideProjectAmended(
  e: Ev<typeof projectAmended>,
  actor: Actor,
  state: { project: ProjectState | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['partner', 'secretariat'], 'amending a project');
  const pr = known(state.project, 'project', p.projectId, 'payload.projectId');
  ownPartnerOrSecretariat(actor, pr.partner, 'amending the project');
  if (pr.status === 'completed') {
    throw new AmanahError(
      'PROJECT_STATE_INVALID',
      `project "${p.projectId}" is completed; it is no longer amended`,
    );
  }
  if (p.version !== pr.version + 1) {
    throw new AmanahError(
      'PROJECT_VERSION_MISMATCH',
      `project "${p.projectId}" is at version ${pr.version}; an amendment creates version ${pr.version + 1}`,
      [{ path: 'payload.version', message: `must be ${pr.version + 1}` }],
    );
  }
  const start = p.changes.plannedStart ?? pr.plannedStart;
  const end = p.changes.plannedEnd ?? pr.plannedEnd;
  if (end < start) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `the planned end ${end} would be before the planned start ${start}`,
      [{ path: 'payload.changes', message: 'the end is on or after the start' }],
    );
  }
}

export function decideMilestoneReported(
  e: Ev<typeof milestoneReported>,
  actor: Actor,
  state: { project: ProjectState | undefined; milestone: MilestoneState | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['partner'], 'reporting a milestone');
  notAfter(p.date, e.time);
  const pr = known(state.project, 'project', p.projectId, 'payload.projectId');
  if (actor.org !== pr.partner) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `project "${p.projectId}" is run by "${pr.partner}"; only its keys report its milestones`,
    );
  }
  approvedProject(p.projectId, pr);
  const m = known(state.milestone, 'milestone', p.milestoneId, 'payload.milestoneId');
  if (m.status !== 'planned' && m.status !== 'not-confirmed') {
    throw new AmanahError(
      'PROJECT_STATE_INVALID',
      `milestone "${p.milestoneId}" is ${m.status}; a milestone is reported when planned, or again after a monitor did not confirm it`,
    );
  }
}

export function decideMilestoneVerified(
  e: Ev<typeof milestoneVerified>,
  actor: Actor,
  state: {
    exists: boolean;
    project: ProjectState | undefined;
    milestone: MilestoneState | undefined;
  },
): void {
  const p = e.payload;
  requireRole(actor, ['field-monitor'], 'verifying a milestone');
  const pr = known(state.project, 'project', p.projectId, 'payload.projectId');
  if (actor.org === pr.partner) {
    // A partner's keys cannot hold the field-monitor role today; the rule stands on its own anyway.
    throw new AmanahError(
      'MONITOR_NOT_INDEPENDENT',
      `the monitor's key acts for "${actor.org}", the partner that runs project "${p.projectId}"; a milestone is verified by a monitor independent of the partner`,
    );
  }
  if (state.exists)
    throw new AmanahError('ALREADY_EXISTS', `verification "${p.verificationId}" already exists`);
  const m = known(state.milestone, 'milestone', p.milestoneId, 'payload.milestoneId');
  if (m.status !== 'reported') {
    throw new AmanahError(
      'PROJECT_STATE_INVALID',
      `milestone "${p.milestoneId}" is ${m.status}; a monitor verifies a milestone the partner has reported`,
    );
  }
  if (Date.parse(p.observedAt) > Date.parse(e.time)) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      'the observation is after the time the verification is signed',
      [{ path: 'payload.observedAt', message: `at most ${e.time}` }],
    );
  }
  const hashes = new Set<string>();
  p.photos.forEach((ph, i) => {
    if (hashes.has(ph.sha256)) {
      throw new AmanahError('VALIDATION_FAILED', `photo ${ph.sha256} is listed twice`, [
        { path: `payload.photos.${i}.sha256`, message: 'each photo once' },
      ]);
    }
    hashes.add(ph.sha256);
  });
}

export function decideTrancheReleased(
  e: Ev<typeof trancheReleased>,
  actor: Actor,
  state: {
    project: ProjectState | undefined;
    milestone: MilestoneState | undefined;
    verification: { projectId: string; milestoneId: string; finding: string; latest: boolean } | undefined;
    proposal: ProposalRef | undefined;
    /** the release that already carries out this decision, or already names this disbursement id */
    proposalUsed: boolean;
    disbursementUsed: boolean;
    /** the fund's disbursement under that id, when the fund has already recorded it (refused) */
    disbursement: { partner: string; allocationId: string; currency: string; amount: bigint } | undefined;
  },
): void {
  const p = e.payload;
  requireRole(actor, ['secretariat'], 'releasing a tranche');
  const pr = known(state.project, 'project', p.projectId, 'payload.projectId');
  approvedProject(p.projectId, pr);
  const m = known(state.milestone, 'milestone', p.milestoneId, 'payload.milestoneId');
  if (m.status === 'released') {
    throw new AmanahError(
      'PROJECT_STATE_INVALID',
      `the tranche of milestone "${p.milestoneId}" is already released`,
    );
  }
  const v = state.verification;
  if (!v || v.projectId !== p.projectId || v.milestoneId !== p.milestoneId) {
    throw new AmanahError(
      'MILESTONE_NOT_VERIFIED',
      `no verification "${p.verificationId}" of milestone "${p.milestoneId}": no tranche is released before a field monitor has verified the milestone`,
      [{ path: 'payload.verificationId', message: 'cite the verification of this milestone' }],
    );
  }
  if (v.finding !== 'confirmed' || !v.latest || m.status !== 'verified') {
    throw new AmanahError(
      'MILESTONE_NOT_VERIFIED',
      `verification "${p.verificationId}" does not confirm milestone "${p.milestoneId}" as it stands (${m.status}); a tranche is released only on the latest, confirming verification`,
    );
  }
  const d = known(state.proposal, 'proposal', p.proposalId, 'payload.proposalId');
  if (d.decisionType !== 'tranche-release') {
    throw new AmanahError('VALIDATION_FAILED', `proposal "${p.proposalId}" is a ${d.decisionType} decision`, [
      { path: 'payload.proposalId', message: 'must be a tranche-release decision' },
    ]);
  }
  if (d.status !== 'executed') {
    throw new AmanahError(
      'PROPOSAL_NOT_EXECUTED',
      `the tranche-release decision "${p.proposalId}" has not taken effect: it needs the signatures the policy requires first`,
    );
  }
  if (!(d.justification ?? '').includes(p.verificationId)) {
    throw new AmanahError(
      'MILESTONE_NOT_VERIFIED',
      `the tranche-release decision "${p.proposalId}" does not cite verification "${p.verificationId}" in its justification; the members decide on the verification they saw`,
      [{ path: 'payload.proposalId', message: 'its justification must name the verification id' }],
    );
  }
  if (!d.amount || d.amount.currency !== m.currency || BigInt(d.amount.value) !== m.tranche) {
    throw new AmanahError(
      'AMOUNT_MISMATCH',
      `the decision releases ${d.amount ? `${d.amount.value} ${d.amount.currency}` : 'no amount'}; milestone "${p.milestoneId}" carries a tranche of ${formatMoney(
        m.tranche,
        m.currency,
      )}`,
      [{ path: 'payload.proposalId', message: "must release exactly the milestone's tranche" }],
    );
  }
  if (state.proposalUsed) {
    throw new AmanahError('ALREADY_EXISTS', `decision "${p.proposalId}" has already released a tranche`);
  }
  if (state.disbursementUsed) {
    throw new AmanahError(
      'ALREADY_EXISTS',
      `disbursement id "${p.disbursementId}" already pays another tranche`,
      [{ path: 'payload.disbursementId', message: 'use a new id' }],
    );
  }
  const paid = state.disbursement;
  if (paid) {
    // The money follows the release: a payment recorded before it was made without a verified,
    // released milestone behind it, so a release cannot take it over afterwards.
    throw new AmanahError(
      'ALREADY_EXISTS',
      `disbursement "${p.disbursementId}" is already recorded (${formatMoney(paid.amount, paid.currency as Currency)} to "${paid.partner}" from "${paid.allocationId}"); a tranche is paid after its release, so the release names the id of a payment not yet made`,
      [{ path: 'payload.disbursementId', message: 'use the id of a disbursement not yet recorded' }],
    );
  }
}

// --- procurement -----------------------------------------------------------------------------------

export function decideTenderPublished(
  e: Ev<typeof tenderPublished>,
  actor: Actor,
  state: { exists: boolean; project: ProjectState | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['partner'], 'publishing a tender');
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `tender "${p.tenderId}" already exists`);
  const pr = known(state.project, 'project', p.projectId, 'payload.projectId');
  ownPartner(actor, pr.partner, p.projectId, 'publishes its tenders');
  approvedProject(p.projectId, pr);
  sameCurrency(p.value.currency, pr.currency, 'payload.value.currency');
  if (p.tenderPeriod.end <= p.tenderPeriod.start) {
    throw new AmanahError('VALIDATION_FAILED', 'the tender period ends before it starts', [
      { path: 'payload.tenderPeriod.end', message: `after ${p.tenderPeriod.start}` },
    ]);
  }
}

export function decideBidSubmitted(
  e: Ev<typeof bidSubmitted>,
  actor: Actor,
  state: {
    exists: boolean;
    tender: { currency: string; status: string; periodEnd: string; partner: string } | undefined;
    supplierKind: OrgKind | undefined;
  },
): void {
  const p = e.payload;
  requireRole(actor, ['partner'], 'submitting a bid');
  if (actor.org !== p.supplier) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `a bid of "${p.supplier}" is signed by that supplier's own keys; key ${actor.keyId} acts for "${actor.org}"`,
    );
  }
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `bid "${p.bidId}" already exists`);
  const t = known(state.tender, 'tender', p.tenderId, 'payload.tenderId');
  if (t.partner === p.supplier) {
    throw new AmanahError('VALIDATION_FAILED', 'the buyer cannot bid in its own tender', [
      { path: 'payload.supplier', message: 'another organisation' },
    ]);
  }
  if (t.status !== 'active') {
    throw new AmanahError(
      'PROJECT_STATE_INVALID',
      `tender "${p.tenderId}" is ${t.status}; it takes no more bids`,
    );
  }
  if (e.time > t.periodEnd) {
    throw new AmanahError(
      'PROJECT_STATE_INVALID',
      `the tender period of "${p.tenderId}" ended at ${t.periodEnd}`,
    );
  }
  sameCurrency(p.value.currency, t.currency, 'payload.value.currency');
  if (state.supplierKind !== 'implementing-partner') {
    throw new AmanahError('ORG_UNKNOWN', `supplier "${p.supplier}" is not a registered implementing partner`);
  }
}

export function decideAwardMade(
  e: Ev<typeof awardMade>,
  actor: Actor,
  state: {
    exists: boolean;
    tender: { partner: string; status: string } | undefined;
    bid: { tenderId: string } | undefined;
  },
): void {
  const p = e.payload;
  requireRole(actor, ['partner'], 'awarding a tender');
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `award "${p.awardId}" already exists`);
  const t = known(state.tender, 'tender', p.tenderId, 'payload.tenderId');
  if (actor.org !== t.partner) {
    throw new AmanahError('ROLE_REQUIRED', `tender "${p.tenderId}" is awarded by its buyer, "${t.partner}"`);
  }
  if (t.status !== 'active') {
    throw new AmanahError('PROJECT_STATE_INVALID', `tender "${p.tenderId}" is ${t.status}`);
  }
  const b = known(state.bid, 'bid', p.bidId, 'payload.bidId');
  if (b.tenderId !== p.tenderId) {
    throw new AmanahError('VALIDATION_FAILED', `bid "${p.bidId}" is for tender "${b.tenderId}"`, [
      { path: 'payload.bidId', message: `a bid for "${p.tenderId}"` },
    ]);
  }
  notAfter(p.date, e.time);
}

export interface ContractBudget {
  partner: string;
  currency: Currency;
  budget: bigint;
  /** the values of the project's other contracts, as last amended */
  contracted: bigint;
}

export function decideContractSigned(
  e: Ev<typeof contractSigned>,
  actor: Actor,
  state: { exists: boolean; award: { contracted: boolean } | undefined; budget: ContractBudget | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['partner'], 'signing a contract');
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `contract "${p.contractId}" already exists`);
  const a = known(state.award, 'award', p.awardId, 'payload.awardId');
  const b = state.budget!;
  if (actor.org !== b.partner) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `the contract of award "${p.awardId}" is signed by the buyer, "${b.partner}"`,
    );
  }
  if (a.contracted) throw new AmanahError('ALREADY_EXISTS', `award "${p.awardId}" already has its contract`);
  if (p.period.end < p.period.start) {
    throw new AmanahError('VALIDATION_FAILED', 'the contract period ends before it starts', [
      { path: 'payload.period.end', message: `on or after ${p.period.start}` },
    ]);
  }
  withinBudget(p.value, b, 'payload.value.value');
}

export function decideContractAmended(
  e: Ev<typeof contractAmended>,
  actor: Actor,
  state: { contract: { amendmentIds: readonly string[] } | undefined; budget: ContractBudget | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['partner'], 'amending a contract');
  const c = known(state.contract, 'contract', p.contractId, 'payload.contractId');
  const b = state.budget!;
  if (actor.org !== b.partner) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `contract "${p.contractId}" is amended by the buyer, "${b.partner}"`,
    );
  }
  if (c.amendmentIds.includes(p.amendmentId)) {
    throw new AmanahError('ALREADY_EXISTS', `amendment "${p.amendmentId}" is already recorded`);
  }
  notAfter(p.date, e.time);
  withinBudget(p.value, b, 'payload.value.value');
}

// --- assets and damage -------------------------------------------------------------------------------

export function decideAssetRecorded(
  e: Ev<typeof assetRecorded>,
  actor: Actor,
  state: { exists: boolean; project: ProjectState | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['partner', 'secretariat'], 'recording an asset');
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `asset "${p.assetId}" already exists`);
  const pr = known(state.project, 'project', p.projectId, 'payload.projectId');
  ownPartnerOrSecretariat(actor, pr.partner, 'recording its assets');
  approvedProject(p.projectId, pr);
  sameCurrency(p.value.currency, pr.currency, 'payload.value.currency');
  notAfter(p.date, e.time);
}

export function decideDamageReported(
  e: Ev<typeof damageReported>,
  actor: Actor,
  state: { exists: boolean; asset: { recordedOn: string; status: string } | undefined },
): void {
  const p = e.payload;
  requireRole(actor, ['protection-officer', 'field-monitor', 'secretariat'], 'reporting damage');
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `damage report "${p.reportId}" already exists`);
  const a = known(state.asset, 'asset', p.assetId, 'payload.assetId');
  notAfter(p.date, e.time);
  if (p.date < a.recordedOn) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `the damage is dated ${p.date}, before the asset was completed on ${a.recordedOn}`,
      [{ path: 'payload.date', message: `on or after ${a.recordedOn}` }],
    );
  }
  if (a.status === 'destroyed') {
    throw new AmanahError('PROJECT_STATE_INVALID', `asset "${p.assetId}" is already recorded as destroyed`);
  }
}

// --- materials ---------------------------------------------------------------------------------------

export function decideMaterialsWarehoused(
  e: Ev<typeof materialsWarehoused>,
  actor: Actor,
  state: { exists: boolean; project: ProjectState | undefined; consignmentKnown: boolean },
): void {
  const p = e.payload;
  requireRole(actor, ['partner', 'access-officer', 'secretariat'], 'recording materials in a warehouse');
  if (p.consignmentId !== undefined && !state.consignmentKnown) {
    throw new AmanahError('NOT_FOUND', `no consignment "${p.consignmentId}" is recorded`, [
      { path: 'payload.consignmentId', message: 'a consignment recorded by the access area' },
    ]);
  }
  if (state.exists)
    throw new AmanahError('ALREADY_EXISTS', `warehouse receipt "${p.receiptId}" already exists`);
  const pr = known(state.project, 'project', p.projectId, 'payload.projectId');
  if (actor.roles.includes('partner') && actor.org !== pr.partner)
    ownPartner(actor, pr.partner, p.projectId, 'records its materials');
  notAfter(p.date, e.time);
  uniqueItems(p.items);
}

export function decideMaterialsDelivered(
  e: Ev<typeof materialsDelivered>,
  actor: Actor,
  state: {
    exists: boolean;
    project: ProjectState | undefined;
    receipt: { projectId: string; date: string } | undefined;
  },
): void {
  const p = e.payload;
  requireRole(actor, ['partner', 'field-monitor', 'secretariat'], 'recording a delivery to site');
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `delivery "${p.deliveryId}" already exists`);
  const pr = known(state.project, 'project', p.projectId, 'payload.projectId');
  if (actor.roles.includes('partner') && actor.org !== pr.partner)
    ownPartner(actor, pr.partner, p.projectId, 'records its materials');
  const r = known(state.receipt, 'warehouse receipt', p.receiptId, 'payload.receiptId');
  if (r.projectId !== p.projectId) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `warehouse receipt "${p.receiptId}" is for project "${r.projectId}"`,
      [{ path: 'payload.receiptId', message: `a receipt of "${p.projectId}"` }],
    );
  }
  notAfter(p.date, e.time);
  if (p.date < r.date) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `the delivery is dated before the materials reached the warehouse (${r.date})`,
      [{ path: 'payload.date', message: `on or after ${r.date}` }],
    );
  }
  uniqueItems(p.items);
}

// --- helpers -----------------------------------------------------------------------------------------

function uniqueItems(items: ReadonlyArray<{ item: string; unit: string }>): void {
  const seen = new Set<string>();
  items.forEach((l, i) => {
    const k = `${l.item}\u0000${l.unit}`;
    if (seen.has(k)) {
      throw new AmanahError('VALIDATION_FAILED', `"${l.item}" (${l.unit}) is listed twice`, [
        { path: `payload.items.${i}`, message: 'one line per item and unit' },
      ]);
    }
    seen.add(k);
  });
}

function withinBudget(value: { value: string; currency: string }, b: ContractBudget, path: string): void {
  sameCurrency(value.currency, b.currency, 'payload.value.currency');
  const left = b.budget - b.contracted;
  if (toMinor(value) > left) {
    throw new AmanahError(
      'CONTRACT_OVER_BUDGET',
      `the project's budget is ${formatMoney(b.budget, b.currency)} and ${formatMoney(
        b.contracted,
        b.currency,
      )} is already contracted; a contract of ${formatMoney(toMinor(value), b.currency)} exceeds the ${formatMoney(
        left,
        b.currency,
      )} left`,
      [{ path, message: `at most ${left}` }],
    );
  }
}

function approvedProject(id: string, pr: ProjectState): void {
  if (pr.status === 'proposed') {
    throw new AmanahError(
      'PROJECT_STATE_INVALID',
      `project "${id}" is still proposed; this is recorded once the members have approved it`,
    );
  }
}

function ownPartner(actor: Actor, partner: string, projectId: string, what: string): void {
  if (actor.org !== partner) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `project "${projectId}" is run by "${partner}"; only its keys ${what} (key ${actor.keyId} acts for "${actor.org}")`,
    );
  }
}

function ownPartnerOrSecretariat(actor: Actor, partner: string, what: string): void {
  if (!actor.roles.includes('secretariat') && actor.org !== partner) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `${what} needs a key of "${partner}" or the secretariat; key ${actor.keyId} acts for "${actor.org}"`,
    );
  }
}

function sameCurrency(given: string, expected: string, path: string): void {
  if (given !== expected) {
    throw new AmanahError(
      'CURRENCY_MISMATCH',
      `the amount is in ${given}; the project's currency is ${expected}`,
      [{ path, message: `must be ${expected}` }],
    );
  }
}
