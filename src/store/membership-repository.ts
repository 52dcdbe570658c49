import type { Kysely } from 'kysely';
import type { SignedEvent } from '../domain/envelope.js';
import type { PayloadOf } from '../domain/event-type.js';
import type { orgRegistered } from '../domain/governance/events.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;

/** The kinds of organisation whose approvals count in the policy's rules. */
export const VOTING_KINDS: readonly string[] = ['member-state', 'palestinian-governance'];

export type MemberStatus = 'member' | 'candidate' | 'left';

/**
 * A member state or Palestinian body registered once a policy is in force is a candidate: the
 * secretariat alone cannot add a vote; a member-change decision admits it. Those registered before the
 * first policy are the founding members.
 */
export async function applyOrgCandidate(
  db: Db,
  e: SignedEvent<PayloadOf<typeof orgRegistered>>,
  index: number,
): Promise<void> {
  if (!VOTING_KINDS.includes(e.payload.kind)) return;
  const policy = await db.selectFrom('policies').select('version').limit(1).executeTakeFirst();
  if (!policy) return;
  await db
    .insertInto('memberships')
    .values({ org_id: e.payload.id, status: 'candidate', proposal_id: null, log_index: index })
    .execute();
}

/** Keeps what a member-change proposal would do (called when the proposal is recorded). */
export async function recordMemberChangeProposal(
  db: Db,
  proposalId: string,
  member: { action: 'join' | 'leave'; org: string },
  index: number,
): Promise<void> {
  await db
    .insertInto('member_change_proposals')
    .values({ proposal_id: proposalId, action: member.action, org_id: member.org, log_index: index })
    .execute();
}

/** Carries out an executed member-change decision: the organisation joins or leaves, citing it. */
export async function applyMemberChange(db: Db, proposalId: string, index: number): Promise<void> {
  const c = await db
    .selectFrom('member_change_proposals')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .executeTakeFirst();
  if (!c) return;
  const status: MemberStatus = c.action === 'join' ? 'member' : 'left';
  await db
    .insertInto('memberships')
    .values({ org_id: c.org_id, status, proposal_id: proposalId, log_index: index })
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet({ status, proposal_id: proposalId, log_index: BigInt(index) }),
    )
    .execute();
}

/** An organisation's membership: undefined for an unknown organisation or one whose kind does not vote. */
export async function findMemberState(
  db: Db,
  org: string,
): Promise<{ kind: string; status: MemberStatus } | undefined> {
  const r = await db
    .selectFrom('orgs as o')
    .leftJoin('memberships as m', 'm.org_id', 'o.id')
    .select(['o.kind', 'm.status'])
    .where('o.id', '=', org)
    .executeTakeFirst();
  return r && { kind: r.kind, status: r.status ?? 'member' };
}

/** The organisations that are not (or no longer) members: their approvals do not count. */
export async function nonMembers(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('memberships').select('org_id').where('status', '!=', 'member').execute();
  return new Set(rows.map((r) => r.org_id));
}

export async function listMemberships(
  db: Db,
): Promise<Array<{ org: string; status: MemberStatus; proposalId: string | null; logIndex: number }>> {
  const rows = await db.selectFrom('memberships').selectAll().orderBy('org_id').execute();
  return rows.map((r) => ({
    org: r.org_id,
    status: r.status,
    proposalId: r.proposal_id,
    logIndex: Number(r.log_index),
  }));
}
