import { requireRole, type Actor } from '../actor.js';
import type { SignedEvent } from '../envelope.js';
import { AmanahError } from '../errors.js';
import type { PayloadOf } from '../event-type.js';
import type {
  policyAdopted,
  proposalApproved,
  proposalObjected,
  proposalSubmitted,
} from './decision-events.js';
import type { OrgKind } from './events.js';
import type { Policy } from './policy.js';

/** A proposal as the rules need it. */
export interface ProposalState {
  status: 'open' | 'executed';
  hash: string;
  expiresAt: string;
}

/** The first policy is adopted by the secretariat; every later one by a policy-change decision. */
export function decidePolicyAdopted(
  _e: SignedEvent<PayloadOf<typeof policyAdopted>>,
  actor: Actor,
  state: { currentVersion: number | undefined },
): void {
  requireRole(actor, ['secretariat'], 'adopting the first approval policy');
  if (state.currentVersion !== undefined) {
    throw new AmanahError(
      'POLICY_UNMET',
      `policy version ${state.currentVersion} is in force: a new policy is adopted only by a policy-change decision signed as that policy requires`,
    );
  }
}

export function decideProposalSubmitted(
  e: SignedEvent<PayloadOf<typeof proposalSubmitted>>,
  actor: Actor,
  state: {
    policy: Policy | undefined;
    exists: boolean;
    /** for a member change: the organisation's kind and membership, undefined when it is not registered */
    member?: { kind: string; status: 'member' | 'candidate' | 'left' } | undefined;
  },
): void {
  const p = e.payload;
  requireRole(
    actor,
    p.decisionType === 'project-approval'
      ? ['secretariat', 'member-signatory', 'governance-signatory', 'partner']
      : ['secretariat', 'member-signatory', 'governance-signatory'],
    `proposing a ${p.decisionType} decision`,
  );
  if (!state.policy) throw new AmanahError('POLICY_MISSING', 'no approval policy has been adopted yet');
  if (state.exists) throw new AmanahError('ALREADY_EXISTS', `proposal "${p.proposalId}" already exists`);
  // A policy change carries either a new approval policy or a new needs formula (issue 4), never both.
  const carries = (p.policy !== undefined ? 1 : 0) + (p.needsFormula !== undefined ? 1 : 0);
  if (p.decisionType === 'policy-change' ? carries !== 1 : carries !== 0) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      p.decisionType === 'policy-change'
        ? 'a policy-change proposal carries the new policy, or the new needs formula, and not both'
        : 'only a policy-change proposal carries a policy or a needs formula',
      [
        {
          path:
            p.needsFormula !== undefined && p.decisionType !== 'policy-change'
              ? 'payload.needsFormula'
              : 'payload.policy',
          message:
            p.decisionType === 'policy-change' ? 'exactly one of policy and needsFormula' : 'not allowed',
        },
      ],
    );
  }
  checkMemberChange(p, state.member);
  if (p.amount && p.amount.currency !== state.policy.currency) {
    throw new AmanahError(
      'CURRENCY_MISMATCH',
      `the policy's tiers are in ${state.policy.currency}; state the amount in ${state.policy.currency} (with the rate used, in the justification)`,
      [{ path: 'payload.amount.currency', message: `must be ${state.policy.currency}` }],
    );
  }
}

/** A member change names the organisation and what it does; it must be able to do it. */
function checkMemberChange(
  p: PayloadOf<typeof proposalSubmitted>,
  member: { kind: string; status: 'member' | 'candidate' | 'left' } | undefined,
): void {
  if ((p.decisionType === 'member-change') !== (p.member !== undefined)) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      p.decisionType === 'member-change'
        ? 'a member-change proposal names the organisation that joins or leaves'
        : 'only a member-change proposal names a member',
      [{ path: 'payload.member', message: p.decisionType === 'member-change' ? 'required' : 'not allowed' }],
    );
  }
  if (!p.member) return;
  const { action, org } = p.member;
  if (!member) {
    throw new AmanahError('ORG_UNKNOWN', `organisation "${org}" is not registered`, [
      { path: 'payload.member.org', message: 'register the organisation first' },
    ]);
  }
  if (member.kind !== 'member-state' && member.kind !== 'palestinian-governance') {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `"${org}" is a ${member.kind}; members whose approvals count are member states and the Palestinian governance body`,
      [{ path: 'payload.member.org', message: 'must be a member state or a Palestinian governance body' }],
    );
  }
  if (action === 'join' ? member.status === 'member' : member.status !== 'member') {
    throw new AmanahError(
      'MEMBER_STATUS_CONFLICT',
      action === 'join'
        ? `"${org}" is already a member`
        : `"${org}" is not a member (${member.status}); only a member can leave`,
      [{ path: 'payload.member.action', message: action === 'join' ? 'already a member' : 'not a member' }],
    );
  }
}

interface SignatureState {
  proposal: ProposalState | undefined;
  /** the signing organisation's membership (member when it counts) */
  memberStatus?: 'member' | 'candidate' | 'left' | undefined;
  orgKind: OrgKind | undefined;
  /** whether this key, or another key of the same organisation, has already signed it */
  signedByKey: boolean;
  approvedByOrg: boolean;
}

export function decideProposalApproved(
  e: SignedEvent<PayloadOf<typeof proposalApproved>>,
  actor: Actor,
  state: SignatureState,
): void {
  requireRole(actor, ['member-signatory', 'governance-signatory'], 'approving a proposal');
  if (state.memberStatus !== undefined && state.memberStatus !== 'member') {
    throw new AmanahError(
      'NOT_A_MEMBER',
      `organisation "${actor.org}" is ${state.memberStatus === 'left' ? 'no longer a member' : 'not admitted as a member yet'}: its approvals do not count; it may still object on the record`,
    );
  }
  checkSignable(e, state);
  if (state.approvedByOrg) {
    throw new AmanahError(
      'ALREADY_SIGNED',
      `organisation "${actor.org}" has already approved proposal "${e.payload.proposalId}": each organisation counts once`,
    );
  }
}

export function decideProposalObjected(
  e: SignedEvent<PayloadOf<typeof proposalObjected>>,
  actor: Actor,
  state: SignatureState,
): void {
  requireRole(actor, ['member-signatory', 'governance-signatory', 'observer'], 'objecting to a proposal');
  checkSignable(e, state);
}

function checkSignable(
  e: SignedEvent<{ proposalId: string; proposalHash: string }>,
  state: SignatureState,
): void {
  const { proposalId, proposalHash } = e.payload;
  const p = state.proposal;
  if (!p)
    throw new AmanahError('NOT_FOUND', `no proposal "${proposalId}"`, [
      { path: 'payload.proposalId', message: 'unknown' },
    ]);
  if (p.status !== 'open') {
    throw new AmanahError(
      'PROPOSAL_CLOSED',
      `proposal "${proposalId}" is ${p.status}; it takes no more signatures`,
    );
  }
  if (Date.parse(e.time) > Date.parse(p.expiresAt)) {
    throw new AmanahError('PROPOSAL_EXPIRED', `proposal "${proposalId}" expired at ${p.expiresAt}`);
  }
  if (proposalHash !== p.hash) {
    throw new AmanahError(
      'PROPOSAL_VERSION_MISMATCH',
      `the signature is for another version of proposal "${proposalId}" (hash ${proposalHash}); the proposal's hash is ${p.hash}`,
      [{ path: 'payload.proposalHash', message: `must be ${p.hash}` }],
    );
  }
  if (state.signedByKey) {
    throw new AmanahError('ALREADY_SIGNED', `key ${e.actor} has already signed proposal "${proposalId}"`);
  }
}
