import type { Kysely, Selectable } from 'kysely';
import type { SignedEvent } from '../domain/envelope.js';
import { eventLeafText } from '../domain/envelope.js';
import { canonicalJson } from '../domain/canonical-json.js';
import type { PayloadOf } from '../domain/event-type.js';
import type {
  policyAdopted,
  proposalApproved,
  proposalObjected,
  proposalSubmitted,
} from '../domain/governance/decision-events.js';
import type { ProposalState } from '../domain/governance/decide-decisions.js';
import type { OrgKind } from '../domain/governance/events.js';
import { ruleFor, ruleMet, type DecisionType, type Policy } from '../domain/governance/policy.js';
import { AmanahError } from '../domain/errors.js';
import { encodeHex, encodeUtf8, leafHash } from '../translog/index.js';
import { applyMemberChange, recordMemberChangeProposal } from './membership-repository.js';
import { recordFormulaProposal } from './needs-repository.js';
import type { ProposalsTable, Schema } from './schema.js';

type Db = Kysely<Schema>;

// --- projection: apply ---------------------------------------------------------------------------

export async function applyPolicyAdopted(
  db: Db,
  e: SignedEvent<PayloadOf<typeof policyAdopted>>,
  index: number,
): Promise<void> {
  await db
    .insertInto('policies')
    .values({
      version: 1,
      body: canonicalJson(e.payload.policy),
      adopted_by_proposal: null,
      log_index: index,
    })
    .execute();
}

export async function applyProposalSubmitted(
  db: Db,
  e: SignedEvent<PayloadOf<typeof proposalSubmitted>>,
  index: number,
): Promise<void> {
  const current = await findCurrentPolicy(db);
  if (!current) throw new Error('proposal submitted without a policy'); // decide refuses this first
  const p = e.payload;
  const submitted = Date.parse(e.time);
  await db
    .insertInto('proposals')
    .values({
      id: p.proposalId,
      decision_type: p.decisionType,
      title_en: p.title.en,
      title_ar: p.title.ar,
      amount_minor: p.amount?.value ?? null,
      currency: p.amount?.currency ?? null,
      policy_body: p.policy ? canonicalJson(p.policy) : null,
      justification: p.justification ?? null,
      hash: proposalHashOf(e),
      proposer_key: e.actor,
      proposer_org: (
        await db
          .selectFrom('actor_keys')
          .select('org_id')
          .where('key_id', '=', e.actor)
          .executeTakeFirstOrThrow()
      ).org_id,
      policy_version: current.version,
      submitted_at: e.time,
      expires_at: new Date(submitted + current.policy.proposalTtlHours * 3_600_000).toISOString(),
      status: 'open',
      executed_index: null,
      log_index: index,
    })
    .execute();
  if (p.needsFormula) await recordFormulaProposal(db, p.proposalId, p.needsFormula, index); // issue 4
  if (p.member) await recordMemberChangeProposal(db, p.proposalId, p.member, index); // issue 4
}

export async function applyProposalApproved(
  db: Db,
  e: SignedEvent<PayloadOf<typeof proposalApproved>>,
  index: number,
): Promise<void> {
  await insertSignature(db, e.payload.proposalId, e, 'approval', e.payload.comment ?? null, index);
  // The decision takes effect with the signature that meets the rule of the policy it was put under.
  const proposal = await db
    .selectFrom('proposals')
    .selectAll()
    .where('id', '=', e.payload.proposalId)
    .executeTakeFirstOrThrow();
  const policy = await getPolicy(db, Number(proposal.policy_version));
  const rule = ruleFor(
    policy,
    proposal.decision_type as DecisionType,
    proposal.amount_minor === null ? undefined : BigInt(proposal.amount_minor),
  );
  if (!ruleMet(rule, await approvalsOf(db, proposal.id))) return;
  await db
    .updateTable('proposals')
    .set({ status: 'executed', executed_index: index })
    .where('id', '=', proposal.id)
    .execute();
  if (proposal.decision_type === 'member-change') await applyMemberChange(db, proposal.id, index);
  if (proposal.decision_type === 'policy-change' && proposal.policy_body !== null) {
    const current = await findCurrentPolicy(db);
    await db
      .insertInto('policies')
      .values({
        version: (current?.version ?? 0) + 1,
        body: proposal.policy_body,
        adopted_by_proposal: proposal.id,
        log_index: index,
      })
      .execute();
  }
}

export async function applyProposalObjected(
  db: Db,
  e: SignedEvent<PayloadOf<typeof proposalObjected>>,
  index: number,
): Promise<void> {
  await insertSignature(db, e.payload.proposalId, e, 'objection', e.payload.reason, index);
}

async function insertSignature(
  db: Db,
  proposalId: string,
  e: SignedEvent<unknown>,
  kind: 'approval' | 'objection',
  text: string | null,
  index: number,
): Promise<void> {
  const org = (
    await db.selectFrom('actor_keys').select('org_id').where('key_id', '=', e.actor).executeTakeFirstOrThrow()
  ).org_id;
  await db
    .insertInto('proposal_signatures')
    .values({
      proposal_id: proposalId,
      key_id: e.actor,
      org_id: org,
      kind,
      text,
      signed_at: e.time,
      log_index: index,
    })
    .execute();
}

/** The hash an approval must cite: the proposal event's RFC 6962 leaf hash, in hex. */
export function proposalHashOf(e: SignedEvent<unknown>): string {
  return encodeHex(leafHash(encodeUtf8(eventLeafText(e))));
}

// --- reads ---------------------------------------------------------------------------------------

export async function findCurrentPolicy(
  db: Db,
): Promise<{ version: number; policy: Policy; logIndex: number } | undefined> {
  const row = await db
    .selectFrom('policies')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (
    row && {
      version: Number(row.version),
      policy: JSON.parse(row.body) as Policy,
      logIndex: Number(row.log_index),
    }
  );
}

export async function getPolicy(db: Db, version: number): Promise<Policy> {
  const row = await db
    .selectFrom('policies')
    .select('body')
    .where('version', '=', BigInt(version))
    .executeTakeFirst();
  if (!row) throw new AmanahError('NOT_FOUND', `no policy version ${version}`);
  return JSON.parse(row.body) as Policy;
}

export async function listPolicies(
  db: Db,
): Promise<Array<{ version: number; policy: Policy; adoptedByProposal: string | null; logIndex: number }>> {
  const rows = await db.selectFrom('policies').selectAll().orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    version: Number(r.version),
    policy: JSON.parse(r.body) as Policy,
    adoptedByProposal: r.adopted_by_proposal,
    logIndex: Number(r.log_index),
  }));
}

export async function findProposalState(db: Db, id: string): Promise<ProposalState | undefined> {
  const row = await db
    .selectFrom('proposals')
    .select(['status', 'hash', 'expires_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { status: row.status, hash: row.hash, expiresAt: row.expires_at };
}

/** Distinct organisations that approved, with their kind. */
export async function approvalsOf(
  db: Db,
  proposalId: string,
): Promise<Array<{ org: string; kind: OrgKind }>> {
  const rows = await db
    .selectFrom('proposal_signatures as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .leftJoin('memberships as m', 'm.org_id', 's.org_id')
    .select(['s.org_id', 'o.kind'])
    .where('s.proposal_id', '=', proposalId)
    .where('s.kind', '=', 'approval')
    // an organisation that has left (or not been admitted) no longer counts
    .where((eb) => eb.or([eb('m.status', 'is', null), eb('m.status', '=', 'member')]))
    .distinct()
    .execute();
  return rows.map((r) => ({ org: r.org_id, kind: r.kind as OrgKind }));
}

export async function signatureState(
  db: Db,
  proposalId: string,
  keyId: string,
  orgId: string,
): Promise<{ signedByKey: boolean; approvedByOrg: boolean }> {
  const rows = await db
    .selectFrom('proposal_signatures')
    .select(['key_id', 'org_id', 'kind'])
    .where('proposal_id', '=', proposalId)
    .where((eb) => eb.or([eb('key_id', '=', keyId), eb('org_id', '=', orgId)]))
    .execute();
  return {
    signedByKey: rows.some((r) => r.key_id === keyId),
    approvedByOrg: rows.some((r) => r.org_id === orgId && r.kind === 'approval'),
  };
}

export interface ProposalView {
  id: string;
  decisionType: string;
  title: { en: string; ar: string };
  amount: { value: string; currency: string } | null;
  policy: Policy | null;
  justification: string | null;
  hash: string;
  proposer: { key: string; org: string };
  policyVersion: number;
  submittedAt: string;
  expiresAt: string;
  /** `expired`: still open when its time ran out, so it can no longer take effect */
  status: 'open' | 'executed' | 'expired';
  executedIndex: number | null;
  logIndex: number;
}

function toProposal(r: Selectable<ProposalsTable>, now: Date): ProposalView {
  return {
    id: r.id,
    decisionType: r.decision_type,
    title: { en: r.title_en, ar: r.title_ar },
    amount: r.amount_minor === null ? null : { value: r.amount_minor, currency: r.currency! },
    policy: r.policy_body === null ? null : (JSON.parse(r.policy_body) as Policy),
    justification: r.justification,
    hash: r.hash,
    proposer: { key: r.proposer_key, org: r.proposer_org },
    policyVersion: Number(r.policy_version),
    submittedAt: r.submitted_at,
    expiresAt: r.expires_at,
    status: r.status === 'open' && Date.parse(r.expires_at) < now.getTime() ? 'expired' : r.status,
    executedIndex: r.executed_index === null ? null : Number(r.executed_index),
    logIndex: Number(r.log_index),
  };
}

function listProposalsQuery(db: Db, now: Date, status: 'open' | 'executed' | 'expired' | undefined) {
  let q = db.selectFrom('proposals');
  const iso = now.toISOString();
  if (status === 'executed') q = q.where('status', '=', 'executed');
  if (status === 'open') q = q.where('status', '=', 'open').where('expires_at', '>=', iso);
  if (status === 'expired') q = q.where('status', '=', 'open').where('expires_at', '<', iso);
  return q;
}

export async function listProposals(
  db: Db,
  now: Date,
  {
    status,
    offset,
    limit,
  }: { status?: 'open' | 'executed' | 'expired' | undefined; offset: number; limit: number },
): Promise<{ items: ProposalView[]; total: number }> {
  const q = listProposalsQuery(db, now, status);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('log_index', 'desc').offset(offset).limit(limit).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toProposal(r, now)), total: Number(count.n) };
}

/** How many proposals are in `status` at `now` (what listProposals counts, without reading any). */
export async function countProposals(
  db: Db,
  now: Date,
  status: 'open' | 'executed' | 'expired',
): Promise<number> {
  return await listProposalsQuery(db, now, status)
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export async function getProposal(db: Db, id: string, now: Date): Promise<ProposalView> {
  const row = await db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AmanahError('NOT_FOUND', `no proposal "${id}"`);
  return toProposal(row, now);
}

export async function listSignatures(
  db: Db,
  proposalId: string,
): Promise<
  Array<{
    key: string;
    org: string;
    kind: 'approval' | 'objection';
    text: string | null;
    signedAt: string;
    logIndex: number;
  }>
> {
  const rows = await db
    .selectFrom('proposal_signatures')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .orderBy('log_index')
    .execute();
  return rows.map((r) => ({
    key: r.key_id,
    org: r.org_id,
    kind: r.kind,
    text: r.text,
    signedAt: r.signed_at,
    logIndex: Number(r.log_index),
  }));
}
