import { describeRule, ruleFor, ruleMet, type DecisionType } from '../domain/governance/policy.js';
import type { Store } from '../store/database.js';
import {
  approvalsOf,
  getPolicy,
  getProposal,
  listSignatures,
  type ProposalView,
} from '../store/decision-repository.js';
import { listOrgs } from '../store/governance-repository.js';
import { nonMembers } from '../store/membership-repository.js';

export interface ProposalDetail extends ProposalView {
  rule: { text: string; met: boolean };
  signatures: Awaited<ReturnType<typeof listSignatures>>;
  /** every organisation whose signature can count, and what it has done so far */
  signatories: Array<{
    org: string;
    kind: string;
    name: { en: string; ar: string };
    status: 'approved' | 'objected' | 'not signed';
  }>;
}

/** A proposal with its rule, who signed what, and who has not signed yet. */
export async function proposalDetail(store: Store, id: string, now: Date): Promise<ProposalDetail> {
  const p = await getProposal(store.db, id, now);
  const [policy, signatures, approvals, members, palestinian, outside] = await Promise.all([
    getPolicy(store.db, p.policyVersion),
    listSignatures(store.db, id),
    approvalsOf(store.db, id),
    listOrgs(store.db, { kind: 'member-state', offset: 0, limit: 500 }),
    listOrgs(store.db, { kind: 'palestinian-governance', offset: 0, limit: 500 }),
    nonMembers(store.db),
  ]);
  const rule = ruleFor(policy, p.decisionType as DecisionType, p.amount ? BigInt(p.amount.value) : undefined);
  return {
    ...p,
    rule: { text: describeRule(rule), met: ruleMet(rule, approvals) },
    signatures,
    signatories: [...members.items, ...palestinian.items]
      .filter((o) => !outside.has(o.id))
      .map((o) => {
        const mine = signatures.filter((s) => s.org === o.id);
        return {
          org: o.id,
          kind: o.kind,
          name: o.name,
          status: mine.some((s) => s.kind === 'approval')
            ? 'approved'
            : mine.some((s) => s.kind === 'objection')
              ? 'objected'
              : 'not signed',
        };
      }),
  };
}
