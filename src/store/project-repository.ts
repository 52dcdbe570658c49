import { createHash } from 'node:crypto';
import { sql, type Compilable, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { canonicalJson } from '../domain/canonical-json.js';
import type { SignedEvent } from '../domain/envelope.js';
import { AmanahError } from '../domain/errors.js';
import type { PayloadOf } from '../domain/event-type.js';
import type { Currency } from '../domain/funds/money.js';
import type {
  ContractBudget,
  MilestoneState,
  MilestoneStatus,
  ProjectState,
  ProjectStatus,
  ProposalRef,
} from '../domain/projects/decide.js';
import {
  DAC_PURPOSE_CODES,
  type assetRecorded,
  type awardMade,
  type bidSubmitted,
  type contractAmended,
  type contractSigned,
  type damageReported,
  type materialsDelivered,
  type materialsWarehoused,
  type milestoneReported,
  type milestoneVerified,
  type partnerVetted,
  type projectAmended,
  type projectApproved,
  type projectProposed,
  type ProjectLocation,
  type tenderPublished,
  type trancheReleased,
  type VettingStatus,
} from '../domain/projects/events.js';
import type { TranchePaymentState } from '../domain/projects/tranche-payment.js';
import type { Dialect } from './database.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;
type Ev<E> = SignedEvent<PayloadOf<E>>;

async function orgOfKey(db: Db, keyId: string): Promise<string> {
  return (
    await db.selectFrom('actor_keys').select('org_id').where('key_id', '=', keyId).executeTakeFirstOrThrow()
  ).org_id;
}

function anchorOf(l: ProjectLocation): { lat: number; lon: number } {
  return l.type === 'point' ? { lat: l.lat, lon: l.lon } : { lat: l.ring[0]![1], lon: l.ring[0]![0] };
}

// --- projection: apply ---------------------------------------------------------------------------

export async function applyPartnerVetted(db: Db, e: Ev<typeof partnerVetted>, index: number): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('partner_vetting')
    .values({
      log_index: index,
      partner: p.partner,
      status: p.status,
      date: p.date,
      reason: p.reason,
      vetted_by: e.actor,
    })
    .execute();
}

export async function applyProjectProposed(
  db: Db,
  e: Ev<typeof projectProposed>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const anchor = anchorOf(p.location);
  await db
    .insertInto('projects')
    .values({
      id: p.projectId,
      proposal_id: p.proposalId,
      partner: p.partner,
      title_en: p.title.en,
      title_ar: p.title.ar,
      sector: p.sector,
      dac_code: DAC_PURPOSE_CODES[p.sector],
      governorate: p.governorate,
      location: canonicalJson(p.location),
      lat: anchor.lat,
      lon: anchor.lon,
      currency: p.budget.currency,
      budget: BigInt(p.budget.value),
      beneficiaries: p.beneficiaries,
      planned_start: p.plannedStart,
      planned_end: p.plannedEnd,
      status: 'proposed',
      version: 1,
      allocation_id: null,
      approved_index: null,
      proposed_at: e.time,
      log_index: index,
    })
    .execute();
  const { milestones: _m, ...asProposed } = p;
  await db
    .insertInto('project_versions')
    .values({
      project_id: p.projectId,
      version: 1,
      changes: canonicalJson(asProposed),
      reason: null,
      amended_by: e.actor,
      log_index: index,
    })
    .execute();
  await db
    .insertInto('project_milestones')
    .values(
      p.milestones.map((m, i) => ({
        project_id: p.projectId,
        milestone_id: m.milestoneId,
        seq: i,
        title_en: m.title.en,
        title_ar: m.title.ar,
        due: m.due,
        currency: m.tranche.currency,
        tranche: BigInt(m.tranche.value),
        status: 'planned',
        reported_date: null,
        report_statement: null,
        verification_id: null,
        released_index: null,
      })),
    )
    .execute();
}

export async function applyProjectApproved(
  db: Db,
  e: Ev<typeof projectApproved>,
  index: number,
): Promise<void> {
  await db
    .updateTable('projects')
    .set({ status: 'approved', allocation_id: e.payload.allocationId, approved_index: index })
    .where('id', '=', e.payload.projectId)
    .execute();
}

export async function applyProjectAmended(
  db: Db,
  e: Ev<typeof projectAmended>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const c = p.changes;
  const anchor = c.location ? anchorOf(c.location) : undefined;
  await db
    .updateTable('projects')
    .set({
      version: p.version,
      ...(c.title ? { title_en: c.title.en, title_ar: c.title.ar } : {}),
      ...(c.location && anchor
        ? { location: canonicalJson(c.location), lat: anchor.lat, lon: anchor.lon }
        : {}),
      ...(c.beneficiaries !== undefined ? { beneficiaries: c.beneficiaries } : {}),
      ...(c.plannedStart ? { planned_start: c.plannedStart } : {}),
      ...(c.plannedEnd ? { planned_end: c.plannedEnd } : {}),
    })
    .where('id', '=', p.projectId)
    .execute();
  await db
    .insertInto('project_versions')
    .values({
      project_id: p.projectId,
      version: p.version,
      changes: canonicalJson(c),
      reason: p.reason,
      amended_by: e.actor,
      log_index: index,
    })
    .execute();
}

export async function applyMilestoneReported(db: Db, e: Ev<typeof milestoneReported>): Promise<void> {
  const p = e.payload;
  await db
    .updateTable('project_milestones')
    .set({ status: 'reported', reported_date: p.date, report_statement: p.statement })
    .where('project_id', '=', p.projectId)
    .where('milestone_id', '=', p.milestoneId)
    .execute();
}

export async function applyMilestoneVerified(
  db: Db,
  e: Ev<typeof milestoneVerified>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('project_verifications')
    .values({
      id: p.verificationId,
      project_id: p.projectId,
      milestone_id: p.milestoneId,
      monitor_key: e.actor,
      monitor_org: await orgOfKey(db, e.actor),
      finding: p.finding,
      lat: p.position.lat,
      lon: p.position.lon,
      observed_at: p.observedAt,
      statement: p.statement,
      photos: canonicalJson(p.photos),
      log_index: index,
    })
    .execute();
  const cited = new Map(p.photos.map((ph) => [ph.sha256, ph]));
  await db
    .insertInto('project_evidence')
    .values(
      [...cited.values()].map((ph) => ({
        verification_id: p.verificationId,
        sha256: ph.sha256,
        media_type: ph.mediaType,
        bytes: ph.bytes,
      })),
    )
    .execute();
  await db
    .updateTable('project_milestones')
    .set({
      status: p.finding === 'confirmed' ? 'verified' : 'not-confirmed',
      verification_id: p.verificationId,
    })
    .where('project_id', '=', p.projectId)
    .where('milestone_id', '=', p.milestoneId)
    .execute();
  if (p.finding === 'confirmed') {
    await db
      .updateTable('projects')
      .set({ status: 'in-progress' })
      .where('id', '=', p.projectId)
      .where('status', '=', 'approved')
      .execute();
  }
}

export async function applyTrancheReleased(
  db: Db,
  e: Ev<typeof trancheReleased>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const m = await db
    .selectFrom('project_milestones')
    .select(['currency', 'tranche'])
    .where('project_id', '=', p.projectId)
    .where('milestone_id', '=', p.milestoneId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('project_tranches')
    .values({
      project_id: p.projectId,
      milestone_id: p.milestoneId,
      verification_id: p.verificationId,
      proposal_id: p.proposalId,
      disbursement_id: p.disbursementId,
      currency: m.currency,
      amount: m.tranche,
      released_at: e.time,
      log_index: index,
    })
    .execute();
  await db
    .updateTable('project_milestones')
    .set({ status: 'released', released_index: index })
    .where('project_id', '=', p.projectId)
    .where('milestone_id', '=', p.milestoneId)
    .execute();
  const open = await db
    .selectFrom('project_milestones')
    .select('milestone_id')
    .where('project_id', '=', p.projectId)
    .where('status', '!=', 'released')
    .executeTakeFirst();
  await db
    .updateTable('projects')
    .set({ status: open ? 'in-progress' : 'completed' })
    .where('id', '=', p.projectId)
    .execute();
}

export async function applyTenderPublished(
  db: Db,
  e: Ev<typeof tenderPublished>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('project_tenders')
    .values({
      id: p.tenderId,
      project_id: p.projectId,
      buyer: await orgOfKey(db, e.actor),
      title: p.title,
      description: p.description ?? null,
      method: p.method,
      category: p.category,
      currency: p.value.currency,
      value: BigInt(p.value.value),
      period_start: p.tenderPeriod.start,
      period_end: p.tenderPeriod.end,
      status: 'active',
      published_at: e.time,
      log_index: index,
    })
    .execute();
}

export async function applyBidSubmitted(db: Db, e: Ev<typeof bidSubmitted>, index: number): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('project_bids')
    .values({
      id: p.bidId,
      tender_id: p.tenderId,
      supplier: p.supplier,
      currency: p.value.currency,
      value: BigInt(p.value.value),
      submitted_at: e.time,
      log_index: index,
    })
    .execute();
}

export async function applyAwardMade(db: Db, e: Ev<typeof awardMade>, index: number): Promise<void> {
  const p = e.payload;
  const bid = await db
    .selectFrom('project_bids')
    .selectAll()
    .where('id', '=', p.bidId)
    .executeTakeFirstOrThrow();
  const tender = await db
    .selectFrom('project_tenders')
    .select('project_id')
    .where('id', '=', p.tenderId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('project_awards')
    .values({
      id: p.awardId,
      tender_id: p.tenderId,
      bid_id: p.bidId,
      project_id: tender.project_id,
      supplier: bid.supplier,
      currency: bid.currency,
      value: bid.value,
      date: p.date,
      contract_id: null,
      log_index: index,
    })
    .execute();
  await db.updateTable('project_tenders').set({ status: 'complete' }).where('id', '=', p.tenderId).execute();
}

export async function applyContractSigned(
  db: Db,
  e: Ev<typeof contractSigned>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const a = await db
    .selectFrom('project_awards')
    .selectAll()
    .where('id', '=', p.awardId)
    .executeTakeFirstOrThrow();
  const value = BigInt(p.value.value);
  await db
    .insertInto('project_contracts')
    .values({
      id: p.contractId,
      award_id: p.awardId,
      tender_id: a.tender_id,
      project_id: a.project_id,
      supplier: a.supplier,
      currency: p.value.currency,
      value,
      original_value: value,
      date: p.date,
      period_start: p.period.start,
      period_end: p.period.end,
      log_index: index,
    })
    .execute();
  await db
    .updateTable('project_awards')
    .set({ contract_id: p.contractId })
    .where('id', '=', p.awardId)
    .execute();
}

export async function applyContractAmended(
  db: Db,
  e: Ev<typeof contractAmended>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const c = await db
    .selectFrom('project_contracts')
    .select('value')
    .where('id', '=', p.contractId)
    .executeTakeFirstOrThrow();
  const value = BigInt(p.value.value);
  await db
    .insertInto('project_contract_amendments')
    .values({
      contract_id: p.contractId,
      amendment_id: p.amendmentId,
      previous_value: c.value,
      value,
      date: p.date,
      rationale: p.rationale,
      log_index: index,
    })
    .execute();
  await db.updateTable('project_contracts').set({ value }).where('id', '=', p.contractId).execute();
}

export async function applyAssetRecorded(db: Db, e: Ev<typeof assetRecorded>, index: number): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('project_assets')
    .values({
      id: p.assetId,
      project_id: p.projectId,
      kind: p.kind,
      work: p.work,
      count: p.count,
      lat: p.location.lat,
      lon: p.location.lon,
      currency: p.value.currency,
      value: BigInt(p.value.value),
      value_lost: 0n,
      date: p.date,
      status: 'standing',
      log_index: index,
    })
    .execute();
}

/**
 * The value a report takes off an asset: all that remains when destroyed; for damage, the estimate
 * (at most what remains), or nothing when no estimate was given.
 */
export function lossOf(
  extent: 'damaged' | 'destroyed',
  estimate: bigint | undefined,
  remaining: bigint,
): bigint {
  if (extent === 'destroyed') return remaining;
  if (estimate === undefined) return 0n;
  return estimate < remaining ? estimate : remaining;
}

export async function applyDamageReported(
  db: Db,
  e: Ev<typeof damageReported>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const a = await db
    .selectFrom('project_assets')
    .select(['project_id', 'currency', 'value', 'value_lost'])
    .where('id', '=', p.assetId)
    .executeTakeFirstOrThrow();
  const lost = lossOf(
    p.extent,
    p.estimatedLoss && p.estimatedLoss.currency === a.currency ? BigInt(p.estimatedLoss.value) : undefined,
    a.value - a.value_lost,
  );
  await db
    .insertInto('project_damage_reports')
    .values({
      id: p.reportId,
      asset_id: p.assetId,
      project_id: a.project_id,
      date: p.date,
      extent: p.extent,
      source: p.source,
      confidence: p.confidence,
      description: p.description ?? null,
      currency: a.currency,
      value_lost: lost,
      reported_by: e.actor,
      log_index: index,
    })
    .execute();
  await db
    .updateTable('project_assets')
    .set({ status: p.extent, value_lost: a.value_lost + lost })
    .where('id', '=', p.assetId)
    .execute();
}

export async function applyMaterialsWarehoused(
  db: Db,
  e: Ev<typeof materialsWarehoused>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('project_materials')
    .values(
      p.items.map((l, i) => ({
        stage: 'warehouse' as const,
        doc_id: p.receiptId,
        line: i,
        project_id: p.projectId,
        receipt_id: p.receiptId,
        consignment_id: p.consignmentId ?? null,
        place: p.warehouse,
        date: p.date,
        item: l.item,
        category: l.category,
        unit: l.unit,
        quantity: BigInt(l.quantity),
        log_index: index,
      })),
    )
    .execute();
}

export async function applyMaterialsDelivered(
  db: Db,
  e: Ev<typeof materialsDelivered>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('project_materials')
    .values(
      p.items.map((l, i) => ({
        stage: 'site' as const,
        doc_id: p.deliveryId,
        line: i,
        project_id: p.projectId,
        receipt_id: p.receiptId,
        consignment_id: null,
        place: null,
        date: p.date,
        item: l.item,
        category: l.category,
        unit: l.unit,
        quantity: BigInt(l.quantity),
        log_index: index,
      })),
    )
    .execute();
}

// --- loads: the state the rules need --------------------------------------------------------------

export async function latestVetting(db: Db, partner: string): Promise<VettingStatus | undefined> {
  const r = await db
    .selectFrom('partner_vetting')
    .select('status')
    .where('partner', '=', partner)
    .orderBy('log_index', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.status as VettingStatus | undefined;
}

export async function findProjectState(
  db: Db,
  id: string,
): Promise<(ProjectState & { sector: string; governorate: string; proposalId: string }) | undefined> {
  const r = await projectRow(db, id);
  return (
    r && {
      partner: r.partner,
      status: r.status as ProjectStatus,
      version: Number(r.version),
      currency: r.currency as Currency,
      budget: r.budget,
      allocationId: r.allocation_id,
      plannedStart: r.planned_start,
      plannedEnd: r.planned_end,
      sector: r.sector,
      governorate: r.governorate,
      proposalId: r.proposal_id,
    }
  );
}

export async function findMilestoneState(
  db: Db,
  projectId: string,
  milestoneId: string,
): Promise<MilestoneState | undefined> {
  const r = await db
    .selectFrom('project_milestones')
    .select(['status', 'tranche', 'currency'])
    .where('project_id', '=', projectId)
    .where('milestone_id', '=', milestoneId)
    .executeTakeFirst();
  return r && { status: r.status as MilestoneStatus, tranche: r.tranche, currency: r.currency as Currency };
}

export async function findProposalRef(db: Db, id: string): Promise<ProposalRef | undefined> {
  const r = await db
    .selectFrom('proposals')
    .select(['decision_type', 'status', 'proposer_org', 'amount_minor', 'currency', 'justification'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      decisionType: r.decision_type,
      status: r.status,
      proposerOrg: r.proposer_org,
      amount: r.amount_minor === null ? null : { value: r.amount_minor, currency: r.currency! },
      justification: r.justification,
    }
  );
}

export async function projectOfProposal(db: Db, proposalId: string): Promise<string | undefined> {
  return (
    await db.selectFrom('projects').select('id').where('proposal_id', '=', proposalId).executeTakeFirst()
  )?.id;
}

export async function findAllocationRef(
  db: Db,
  id: string,
): Promise<{ sector: string; governorate: string; currency: string } | undefined> {
  return db
    .selectFrom('fund_allocations')
    .select(['sector', 'governorate', 'currency'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findDisbursementRef(
  db: Db,
  id: string,
): Promise<{ partner: string; allocationId: string; currency: string; amount: bigint } | undefined> {
  const r = await db
    .selectFrom('fund_disbursements')
    .select(['partner', 'allocation_id', 'currency', 'amount'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { partner: r.partner, allocationId: r.allocation_id, currency: r.currency, amount: r.amount };
}

/**
 * What the payment rule needs about a disbursement: the released tranche that names its id, and the
 * approved projects of the receiving partner that the paying allocation funds (at most three: enough
 * to name them in a refusal).
 */
export async function tranchePaymentState(
  db: Db,
  p: { disbursementId: string; allocationId: string; partner: string },
): Promise<TranchePaymentState> {
  const [release, funded] = await Promise.all([
    db
      .selectFrom('project_tranches as t')
      .innerJoin('projects as p', 'p.id', 't.project_id')
      .select(['t.project_id', 't.milestone_id', 't.currency', 't.amount', 'p.partner', 'p.allocation_id'])
      .where('t.disbursement_id', '=', p.disbursementId)
      .executeTakeFirst(),
    db
      .selectFrom('projects')
      .select('id')
      .where('partner', '=', p.partner)
      .where('allocation_id', '=', p.allocationId)
      .orderBy('log_index')
      .limit(3)
      .execute(),
  ]);
  return {
    release: release && {
      projectId: release.project_id,
      milestoneId: release.milestone_id,
      partner: release.partner,
      allocationId: release.allocation_id,
      currency: release.currency as Currency,
      amount: release.amount,
    },
    fundedProjects: funded.map((r) => r.id),
  };
}

export async function findVerificationRef(
  db: Db,
  id: string,
): Promise<{ projectId: string; milestoneId: string; finding: string; latest: boolean } | undefined> {
  const r = await db
    .selectFrom('project_verifications as v')
    .innerJoin('project_milestones as m', (j) =>
      j.onRef('m.project_id', '=', 'v.project_id').onRef('m.milestone_id', '=', 'v.milestone_id'),
    )
    .select(['v.project_id', 'v.milestone_id', 'v.finding', 'm.verification_id'])
    .where('v.id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      projectId: r.project_id,
      milestoneId: r.milestone_id,
      finding: r.finding,
      latest: r.verification_id === id,
    }
  );
}

export async function trancheUses(
  db: Db,
  proposalId: string,
  disbursementId: string,
): Promise<{ proposalUsed: boolean; disbursementUsed: boolean }> {
  const rows = await db
    .selectFrom('project_tranches')
    .select(['proposal_id', 'disbursement_id'])
    .where((eb) => eb.or([eb('proposal_id', '=', proposalId), eb('disbursement_id', '=', disbursementId)]))
    .execute();
  return {
    proposalUsed: rows.some((r) => r.proposal_id === proposalId),
    disbursementUsed: rows.some((r) => r.disbursement_id === disbursementId),
  };
}

export async function idExists(
  db: Db,
  table:
    | 'projects'
    | 'project_verifications'
    | 'project_tenders'
    | 'project_bids'
    | 'project_awards'
    | 'project_contracts'
    | 'project_assets'
    | 'project_damage_reports',
  id: string,
): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function materialDocExists(db: Db, stage: 'warehouse' | 'site', id: string): Promise<boolean> {
  const r = await db
    .selectFrom('project_materials')
    .select('doc_id')
    .where('stage', '=', stage)
    .where('doc_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function findWarehouseReceipt(
  db: Db,
  id: string,
): Promise<{ projectId: string; date: string } | undefined> {
  const r = await db
    .selectFrom('project_materials')
    .select(['project_id', 'date'])
    .where('stage', '=', 'warehouse')
    .where('doc_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return r && { projectId: r.project_id, date: r.date };
}

export async function findTenderState(
  db: Db,
  id: string,
): Promise<{ currency: string; status: string; periodEnd: string; partner: string } | undefined> {
  const r = await db
    .selectFrom('project_tenders')
    .select(['currency', 'status', 'period_end', 'buyer'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { currency: r.currency, status: r.status, periodEnd: r.period_end, partner: r.buyer };
}

export async function findBidState(db: Db, id: string): Promise<{ tenderId: string } | undefined> {
  const r = await db.selectFrom('project_bids').select('tender_id').where('id', '=', id).executeTakeFirst();
  return r && { tenderId: r.tender_id };
}

/** The project's budget and what its contracts other than `exceptContract` already commit. */
export async function contractBudget(
  db: Db,
  projectId: string,
  exceptContract: string | undefined,
): Promise<ContractBudget | undefined> {
  const p = await db
    .selectFrom('projects')
    .select(['partner', 'currency', 'budget'])
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!p) return undefined;
  let q = db
    .selectFrom('project_contracts')
    .select((eb) => eb.fn.sum<string | bigint | null>('value').as('total'))
    .where('project_id', '=', projectId);
  if (exceptContract !== undefined) q = q.where('id', '!=', exceptContract);
  const s = await q.executeTakeFirstOrThrow();
  return { partner: p.partner, currency: p.currency as Currency, budget: p.budget, contracted: big(s.total) };
}

export async function findAwardState(
  db: Db,
  id: string,
): Promise<{ projectId: string; contracted: boolean } | undefined> {
  const r = await db
    .selectFrom('project_awards')
    .select(['project_id', 'contract_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { projectId: r.project_id, contracted: r.contract_id !== null };
}

export async function findContractState(
  db: Db,
  id: string,
): Promise<{ projectId: string; amendmentIds: string[] } | undefined> {
  const r = await db
    .selectFrom('project_contracts')
    .select('project_id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  const a = await db
    .selectFrom('project_contract_amendments')
    .select('amendment_id')
    .where('contract_id', '=', id)
    .execute();
  return { projectId: r.project_id, amendmentIds: a.map((x) => x.amendment_id) };
}

export async function findAssetState(
  db: Db,
  id: string,
): Promise<{ recordedOn: string; status: string } | undefined> {
  const r = await db
    .selectFrom('project_assets')
    .select(['date', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { recordedOn: r.date, status: r.status };
}

// --- evidence store (off the log) ------------------------------------------------------------------

/** Stores an evidence file under its SHA-256; storing the same file twice is a no-op. */
export async function putEvidence(
  db: Db,
  blob: { sha256: string; mediaType: string; data: Uint8Array; storedAt: string },
): Promise<'stored' | 'already-stored'> {
  const existing = await db
    .selectFrom('evidence_blobs')
    .select('sha256')
    .where('sha256', '=', blob.sha256)
    .executeTakeFirst();
  if (existing) return 'already-stored';
  await db
    .insertInto('evidence_blobs')
    .values({
      sha256: blob.sha256,
      media_type: blob.mediaType,
      bytes: blob.data.byteLength,
      data: blob.data,
      stored_at: blob.storedAt,
    })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return 'stored';
}

export async function findEvidence(
  db: Db,
  sha256: string,
): Promise<{ mediaType: string; data: Uint8Array } | undefined> {
  const r = await db
    .selectFrom('evidence_blobs')
    .select(['media_type', 'data'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return r && { mediaType: r.media_type, data: r.data };
}

/** How verifications cite a file: its media type and size as signed (one row per citing verification). */
export async function evidenceCitations(
  db: Db,
  sha256: string,
): Promise<Array<{ verificationId: string; mediaType: string; bytes: number }>> {
  const rows = await db.selectFrom('project_evidence').selectAll().where('sha256', '=', sha256).execute();
  return rows.map((r) => ({
    verificationId: r.verification_id,
    mediaType: r.media_type,
    bytes: Number(r.bytes),
  }));
}

/** Size and media type of stored evidence files, by hash. */
export async function evidenceInfo(
  db: Db,
  hashes: readonly string[],
): Promise<Map<string, { mediaType: string; bytes: number }>> {
  if (hashes.length === 0) return new Map();
  const rows = await db
    .selectFrom('evidence_blobs')
    .select(['sha256', 'media_type', 'bytes'])
    .where('sha256', 'in', [...hashes])
    .execute();
  return new Map(rows.map((r) => [r.sha256, { mediaType: r.media_type, bytes: Number(r.bytes) }]));
}

// --- queries -------------------------------------------------------------------------------------

/** SUM() comes back as bigint (SQLite), numeric string (PostgreSQL) or null: always a bigint here. */
export const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(String(v)));

export interface PartnerView {
  id: string;
  name: { en: string; ar: string };
  partnerType: string | null;
  vetting: string;
  vettedOn: string | null;
  projects: number;
  /** the log entry that registered the partner */
  logIndex: number;
}

export async function listPartners(
  db: Db,
  opts: { vetting?: string | undefined; offset: number; limit: number },
): Promise<{ items: PartnerView[]; total: number }> {
  const latest = db
    .selectFrom('partner_vetting as v')
    .select(['v.partner', 'v.status', 'v.date'])
    .where('v.log_index', '=', (eb) =>
      eb
        .selectFrom('partner_vetting as w')
        .select((e2) => e2.fn.max('w.log_index').as('m'))
        .whereRef('w.partner', '=', 'v.partner'),
    );
  let q = db
    .selectFrom('orgs as o')
    .leftJoin(latest.as('lv'), 'lv.partner', 'o.id')
    .where('o.kind', '=', 'implementing-partner');
  if (opts.vetting === 'not-vetted') q = q.where('lv.status', 'is', null);
  else if (opts.vetting !== undefined) q = q.where('lv.status', '=', opts.vetting);
  const [rows, count] = await Promise.all([
    q
      .select((eb) => [
        'o.id',
        'o.name_en',
        'o.name_ar',
        'o.partner_type',
        'o.log_index',
        'lv.status',
        'lv.date',
        eb
          .selectFrom('projects as p')
          .select((e2) => e2.fn.countAll<bigint>().as('n'))
          .whereRef('p.partner', '=', 'o.id')
          .as('projects'),
      ])
      .orderBy('o.id')
      .offset(opts.offset)
      .limit(opts.limit)
      .execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: { en: r.name_en, ar: r.name_ar },
      partnerType: r.partner_type,
      vetting: r.status ?? 'not-vetted',
      vettedOn: r.date ?? null,
      projects: Number(r.projects ?? 0),
      logIndex: Number(r.log_index),
    })),
    total: Number(count.n),
  };
}

export async function vettingHistory(
  db: Db,
  partner: string,
): Promise<Array<{ status: string; date: string; reason: string; vettedBy: string; logIndex: number }>> {
  const rows = await db
    .selectFrom('partner_vetting')
    .selectAll()
    .where('partner', '=', partner)
    .orderBy('log_index')
    .execute();
  return rows.map((r) => ({
    status: r.status,
    date: r.date,
    reason: r.reason,
    vettedBy: r.vetted_by,
    logIndex: Number(r.log_index),
  }));
}

export interface ProjectSummary {
  id: string;
  title: { en: string; ar: string };
  partner: string;
  sector: string;
  dacCode: string;
  governorate: string;
  status: string;
  budget: { value: string; currency: string };
  beneficiaries: number;
  plannedStart: string;
  plannedEnd: string;
  version: number;
  location: ProjectLocation;
  logIndex: number;
}

export interface ProjectFilter {
  sector?: string | undefined;
  governorate?: string | undefined;
  partner?: string | undefined;
  status?: string | undefined;
}

type ProjectRow = Awaited<ReturnType<typeof projectRow>>;
function projectRow(db: Db, id: string) {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

function toSummary(r: NonNullable<ProjectRow>): ProjectSummary {
  return {
    id: r.id,
    title: { en: r.title_en, ar: r.title_ar },
    partner: r.partner,
    sector: r.sector,
    dacCode: r.dac_code,
    governorate: r.governorate,
    status: r.status,
    budget: { value: String(r.budget), currency: r.currency },
    beneficiaries: Number(r.beneficiaries),
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    version: Number(r.version),
    location: JSON.parse(r.location) as ProjectLocation,
    logIndex: Number(r.log_index),
  };
}

export async function listProjects(
  db: Db,
  f: ProjectFilter & { offset: number; limit: number },
): Promise<{ items: ProjectSummary[]; total: number }> {
  let q = db.selectFrom('projects');
  if (f.sector !== undefined) q = q.where('sector', '=', f.sector);
  if (f.governorate !== undefined) q = q.where('governorate', '=', f.governorate);
  if (f.partner !== undefined) q = q.where('partner', '=', f.partner);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('log_index').offset(f.offset).limit(f.limit).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toSummary), total: Number(count.n) };
}

export type ProjectSummaryWithRefs = ProjectSummary & {
  proposalId: string;
  allocationId: string | null;
  approvedIndex: number | null;
};

export async function getProjectSummary(db: Db, id: string): Promise<ProjectSummaryWithRefs> {
  return projectSummaryOf(await projectRow(db, id), id);
}

/** The summary of a project row read elsewhere (the chain); not-found when there is no row. */
export function projectSummaryOf(r: ProjectRow, id: string): ProjectSummaryWithRefs {
  if (!r) throw new AmanahError('NOT_FOUND', `no project "${id}"`);
  return {
    ...toSummary(r),
    proposalId: r.proposal_id,
    allocationId: r.allocation_id,
    approvedIndex: r.approved_index === null ? null : Number(r.approved_index),
  };
}

/**
 * Every part of one project's chain, as queries not yet run: the project row, its versions,
 * milestones, verifications and tranches, procurement, assets and damage, materials; the fund side
 * (its allocation, the disbursements and expenditures of its released tranches, the receipts that
 * made up the allocation's pool — the fund pools cash, so this is the allocation's pool, not an
 * earmark — and the disbursements from the allocation to the partner that no released tranche names);
 * the names of the partner and of the suppliers that bid; and which of its evidence files are stored.
 * What a part needs of the project (its allocation, its partner) it reads in a subquery, so every part
 * stands alone and all of them can be read at once.
 */
function chainParts(db: Db, id: string) {
  const project = db.selectFrom('projects').where('id', '=', id);
  const allocationId = project.select('allocation_id');
  const allocation = db.selectFrom('fund_allocations').where('id', '=', allocationId);
  const released = db.selectFrom('project_tranches').select('disbursement_id').where('project_id', '=', id);
  const tenders = db.selectFrom('project_tenders').select('id').where('project_id', '=', id);
  return {
    project: project.selectAll(),
    versions: db.selectFrom('project_versions').selectAll().where('project_id', '=', id).orderBy('version'),
    milestones: db.selectFrom('project_milestones').selectAll().where('project_id', '=', id).orderBy('seq'),
    verifications: db
      .selectFrom('project_verifications')
      .selectAll()
      .where('project_id', '=', id)
      .orderBy('log_index'),
    tranches: db.selectFrom('project_tranches').selectAll().where('project_id', '=', id).orderBy('log_index'),
    tenders: db.selectFrom('project_tenders').selectAll().where('project_id', '=', id).orderBy('log_index'),
    // bids and awards are looked up by tender, through the tenders' index
    bids: db.selectFrom('project_bids').selectAll().where('tender_id', 'in', tenders).orderBy('log_index'),
    awards: db
      .selectFrom('project_awards')
      .selectAll()
      .where('tender_id', 'in', tenders)
      .orderBy('log_index'),
    contracts: db
      .selectFrom('project_contracts')
      .selectAll()
      .where('project_id', '=', id)
      .orderBy('log_index'),
    amendments: db
      .selectFrom('project_contract_amendments')
      .selectAll()
      .where(
        'contract_id',
        'in',
        db.selectFrom('project_contracts').select('id').where('project_id', '=', id),
      )
      .orderBy('log_index'),
    assets: db.selectFrom('project_assets').selectAll().where('project_id', '=', id).orderBy('log_index'),
    damage: db
      .selectFrom('project_damage_reports')
      .selectAll()
      .where('project_id', '=', id)
      .orderBy('log_index'),
    materials: db
      .selectFrom('project_materials')
      .selectAll()
      .where('project_id', '=', id)
      .orderBy('log_index')
      .orderBy('line'),
    allocation: allocation.selectAll(),
    disbursements: db
      .selectFrom('fund_disbursements')
      .selectAll()
      .where('id', 'in', released)
      .orderBy('log_index'),
    expenditures: db
      .selectFrom('fund_expenditures')
      .selectAll()
      .where('disbursement_id', 'in', released)
      .orderBy('log_index'),
    pool: db
      .selectFrom('fund_receipts')
      .select((eb) => ['donor', 'pledge_id', eb.fn.sum<string | bigint | null>('amount').as('received')])
      .where('currency', '=', allocation.select('currency'))
      .where('log_index', '<', allocation.select('log_index'))
      .groupBy(['donor', 'pledge_id'])
      .orderBy('donor')
      .orderBy('pledge_id'),
    unlinked: db
      .selectFrom('fund_disbursements as d')
      .leftJoin('project_tranches as t', 't.disbursement_id', 'd.id')
      .select(['d.id', 'd.amount', 'd.currency', 'd.date'])
      .where('d.allocation_id', '=', allocationId)
      .where('d.partner', '=', project.select('partner'))
      .where('t.disbursement_id', 'is', null)
      .orderBy('d.log_index'),
    names: db
      .selectFrom('orgs')
      .select(['id', 'name_en', 'name_ar'])
      .where((eb) =>
        eb.or([
          eb('id', '=', project.select('partner')),
          eb('id', 'in', db.selectFrom('project_bids').select('supplier').where('tender_id', 'in', tenders)),
        ]),
      ),
    storedEvidence: db
      .selectFrom('evidence_blobs')
      .select('sha256')
      .where(
        'sha256',
        'in',
        db
          .selectFrom('project_evidence')
          .select('sha256')
          .where(
            'verification_id',
            'in',
            db.selectFrom('project_verifications').select('id').where('project_id', '=', id),
          ),
      ),
  };
}

type ChainParts = ReturnType<typeof chainParts>;
export type ProjectChainRows = { [K in keyof ChainParts]: Awaited<ReturnType<ChainParts[K]['execute']>> };

/**
 * Reads every part of a project's chain (see `chainParts`). SQLite is in the process: it runs the parts
 * one after the other. On PostgreSQL the parts are one statement — each part aggregated to a JSON
 * array — so the detail costs one round trip instead of one per part.
 */
export async function projectChainRows(db: Db, dialect: Dialect, id: string): Promise<ProjectChainRows> {
  const parts = chainParts(db, id);
  const names = Object.keys(parts) as Array<keyof ChainParts>;
  if (dialect === 'postgres') {
    const row = await executePrepared(db, db.selectNoFrom(names.map((n) => rowsAsJson(parts[n]).as(n))));
    return Object.fromEntries(
      names.map((n) => [n, (row[n] as Array<Record<string, unknown>>).map(typedRow)]),
    ) as ProjectChainRows;
  }
  const rows = await Promise.all(names.map((n) => parts[n].execute()));
  return Object.fromEntries(names.map((n, i) => [n, rows[i]])) as ProjectChainRows;
}

/** PostgreSQL's code for "no prepared statement of that name" (invalid_sql_statement_name). */
const NO_SUCH_PREPARED_STATEMENT = '26000';
/** An argument that can stand in a statement as a quoted literal as it is (ids are slugs). */
const PLAIN = /^[A-Za-z0-9_.:-]*$/;

/**
 * Runs a one-row PostgreSQL query as a statement prepared on its connection. Parsing and planning the
 * chain's statement (some forty subqueries) costs several times what running it does; prepared, it is
 * parsed once per connection and PostgreSQL keeps its plan. The statement's name is derived from its
 * text, so a changed query is prepared anew; its arguments are passed as quoted literals (EXECUTE
 * takes no bind parameters), so only plain ones. Its result is one row of JSON columns, so a later change to the tables
 * only makes PostgreSQL plan it again.
 */
async function executePrepared(
  db: Db,
  query: Compilable & { executeTakeFirstOrThrow(): Promise<unknown> },
): Promise<Record<string, unknown>> {
  const compiled = query.compile();
  // Inside a transaction a failed EXECUTE would abort it; and only plain identifiers are written into
  // the statement as literals (no quote or backslash to escape): otherwise run it as it is.
  if (db.isTransaction || !compiled.parameters.every((v) => typeof v === 'string' && PLAIN.test(v))) {
    return (await query.executeTakeFirstOrThrow()) as Record<string, unknown>;
  }
  const name = sql.id(`amanah_${createHash('sha256').update(compiled.sql).digest('hex').slice(0, 24)}`);
  const run = sql<
    Record<string, unknown>
  >`execute ${name}(${sql.join(compiled.parameters.map((v) => sql.lit(v)))})`;
  return db.connection().execute(async (conn) => {
    try {
      return (await run.execute(conn)).rows[0]!;
    } catch (e) {
      if ((e as { code?: unknown }).code !== NO_SUCH_PREPARED_STATEMENT) throw e;
      await sql`prepare ${name} as ${sql.raw(compiled.sql)}`.execute(conn);
      return (await run.execute(conn)).rows[0]!;
    }
  });
}

/**
 * A PostgreSQL subquery's rows as one JSON array, every number written as a JSON string: JSON numbers
 * would come back as JavaScript numbers, which cannot hold every bigint (money is bigint minor units).
 */
function rowsAsJson(q: Expression<unknown>): RawBuilder<unknown> {
  return sql`(select coalesce(json_agg((
      select json_object_agg(f.key, case json_typeof(f.value) when 'number' then to_json(f.value #>> '{}') else f.value end)
      from json_each(row_to_json(r)) as f)), '[]')
    from ${q} as r)`;
}

/**
 * The chain's columns stored as bigint, and as double precision; every other column is text (and SUM(),
 * a numeric, stays the decimal string the driver gives for it).
 */
const BIGINT_COLUMNS = new Set([
  'log_index',
  'version',
  'seq',
  'line',
  'count',
  'budget',
  'beneficiaries',
  'tranche',
  'amount',
  'value',
  'original_value',
  'previous_value',
  'value_lost',
  'quantity',
  'disbursed',
  'spent',
  'refunded',
  'released_index',
  'approved_index',
]);
const DOUBLE_COLUMNS = new Set(['lat', 'lon']);

/** A row from `rowsAsJson` with the types the driver gives for the same row read directly. */
function typedRow(r: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(r)) {
    if (typeof v !== 'string') continue;
    if (BIGINT_COLUMNS.has(k)) r[k] = BigInt(v);
    else if (DOUBLE_COLUMNS.has(k)) r[k] = Number(v);
  }
  return r;
}

export interface ProgressRow {
  key: string;
  currency: string;
  projects: number;
  budget: string;
  released: string;
  milestones: number;
  milestonesReleased: number;
  beneficiaries: string;
  assetsStanding: number;
  assetsDamaged: number;
  assetsDestroyed: number;
  valueLost: string;
}

/** Progress per sector or per governorate, per currency: budgets, released tranches, milestones, assets. */
export async function progressBy(db: Db, by: 'sector' | 'governorate'): Promise<ProgressRow[]> {
  const col = sql.ref(`p.${by}`);
  const [projects, milestones, assets] = await Promise.all([
    sql<{ k: string; currency: string; n: unknown; budget: unknown; beneficiaries: unknown }>`
      select ${col} as k, p.currency as currency, count(*) as n, sum(p.budget) as budget,
             sum(p.beneficiaries) as beneficiaries
      from projects p group by ${col}, p.currency`.execute(db),
    sql<{ k: string; currency: string; n: unknown; released_n: unknown; released: unknown }>`
      select ${col} as k, m.currency as currency, count(*) as n,
             sum(case when m.status = 'released' then 1 else 0 end) as released_n,
             sum(case when m.status = 'released' then m.tranche else 0 end) as released
      from project_milestones m join projects p on p.id = m.project_id group by ${col}, m.currency`.execute(
      db,
    ),
    sql<{ k: string; currency: string; status: string; n: unknown; lost: unknown }>`
      select ${col} as k, a.currency as currency, a.status as status, count(*) as n, sum(a.value_lost) as lost
      from project_assets a join projects p on p.id = a.project_id group by ${col}, a.currency, a.status`.execute(
      db,
    ),
  ]);
  const out = new Map<string, ProgressRow>();
  const row = (k: string, currency: string): ProgressRow => {
    const key = `${k}|${currency}`;
    let r = out.get(key);
    if (!r) {
      r = {
        key: k,
        currency,
        projects: 0,
        budget: '0',
        released: '0',
        milestones: 0,
        milestonesReleased: 0,
        beneficiaries: '0',
        assetsStanding: 0,
        assetsDamaged: 0,
        assetsDestroyed: 0,
        valueLost: '0',
      };
      out.set(key, r);
    }
    return r;
  };
  for (const p of projects.rows) {
    const r = row(p.k, p.currency);
    r.projects = Number(p.n);
    r.budget = String(big(p.budget));
    r.beneficiaries = String(big(p.beneficiaries));
  }
  for (const m of milestones.rows) {
    const r = row(m.k, m.currency);
    r.milestones = Number(m.n);
    r.milestonesReleased = Number(m.released_n);
    r.released = String(big(m.released));
  }
  for (const a of assets.rows) {
    const r = row(a.k, a.currency);
    const n = Number(a.n);
    if (a.status === 'standing') r.assetsStanding += n;
    else if (a.status === 'damaged') r.assetsDamaged += n;
    else r.assetsDestroyed += n;
    r.valueLost = String(BigInt(r.valueLost) + big(a.lost));
  }
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency));
}

/** Everything the OCDS export needs, in log order, one page of tenders at a time. */
export async function procurementPage(db: Db, opts: { offset: number; limit: number }) {
  const tenders = await db
    .selectFrom('project_tenders as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .selectAll('t')
    .select([
      'p.title_en as project_title',
      'p.sector',
      'p.governorate',
      'p.dac_code',
      'p.currency as project_currency',
      'p.budget',
    ])
    .orderBy('t.log_index')
    .offset(opts.offset)
    .limit(opts.limit)
    .execute();
  const ids = tenders.map((t) => t.id);
  if (ids.length === 0) return { tenders, bids: [], awards: [], contracts: [], amendments: [], total: 0 };
  const [bids, awards, contracts, count] = await Promise.all([
    db.selectFrom('project_bids').selectAll().where('tender_id', 'in', ids).orderBy('log_index').execute(),
    db.selectFrom('project_awards').selectAll().where('tender_id', 'in', ids).orderBy('log_index').execute(),
    db
      .selectFrom('project_contracts')
      .selectAll()
      .where('tender_id', 'in', ids)
      .orderBy('log_index')
      .execute(),
    db
      .selectFrom('project_tenders')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const contractIds = contracts.map((c) => c.id);
  const amendments =
    contractIds.length === 0
      ? []
      : await db
          .selectFrom('project_contract_amendments')
          .selectAll()
          .where('contract_id', 'in', contractIds)
          .orderBy('log_index')
          .execute();
  return { tenders, bids, awards, contracts, amendments, total: Number(count.n) };
}

export async function orgNames(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { en: string; ar: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('orgs')
    .select(['id', 'name_en', 'name_ar'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { en: r.name_en, ar: r.name_ar }]));
}

/** The states an asset is in: as recorded, or as the latest damage report left it. */
export const ASSET_STATUSES = ['standing', 'damaged', 'destroyed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export interface AssetFilter {
  sector?: string | undefined;
  governorate?: string | undefined;
  /** in this state, or in any of these states (all when absent or empty) */
  status?: AssetStatus | readonly AssetStatus[] | undefined;
  project?: string | undefined;
}

/**
 * One page of assets across projects, in log order, with what their project is (title, sector,
 * governorate, partner, allocation), the damage reports on them, and — for the destroyed ones — what
 * funded their project: the allocation's decision, the donors whose receipts made up its pool, and
 * the tranches released. A fixed number of statements per page, whatever the number of projects.
 */
export async function assetPage(db: Db, f: AssetFilter & { offset: number; limit: number }) {
  let q = db.selectFrom('project_assets as a').innerJoin('projects as p', 'p.id', 'a.project_id');
  if (f.sector !== undefined) q = q.where('p.sector', '=', f.sector);
  if (f.governorate !== undefined) q = q.where('p.governorate', '=', f.governorate);
  if (f.project !== undefined) q = q.where('a.project_id', '=', f.project);
  const status = typeof f.status === 'string' ? [f.status] : (f.status ?? []);
  if (status.length > 0) q = q.where('a.status', 'in', [...status]);
  const [assets, count] = await Promise.all([
    q
      .selectAll('a')
      .select(['p.title_en', 'p.title_ar', 'p.sector', 'p.governorate', 'p.partner', 'p.allocation_id'])
      .orderBy('a.log_index')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = assets.map((a) => a.id);
  const destroyed = assets.filter((a) => a.status === 'destroyed');
  const projects = [...new Set(destroyed.map((a) => a.project_id))];
  const allocations = [
    ...new Set(destroyed.flatMap((a) => (a.allocation_id === null ? [] : [a.allocation_id]))),
  ];
  const [damage, tranches, decisions, donors] = await Promise.all([
    ids.length === 0
      ? []
      : db
          .selectFrom('project_damage_reports')
          .selectAll()
          .where('asset_id', 'in', ids)
          .orderBy('log_index')
          .execute(),
    projects.length === 0
      ? []
      : db
          .selectFrom('project_tranches')
          .select(['project_id', 'disbursement_id'])
          .where('project_id', 'in', projects)
          .orderBy('log_index')
          .execute(),
    allocations.length === 0
      ? []
      : db
          .selectFrom('fund_allocations')
          .select(['id', 'proposal_id'])
          .where('id', 'in', allocations)
          .execute(),
    // as the project detail's pool: the receipts in the allocation's currency before it was committed
    allocations.length === 0
      ? []
      : db
          .selectFrom('fund_allocations as l')
          .innerJoin('fund_receipts as r', (j) =>
            j.onRef('r.currency', '=', 'l.currency').onRef('r.log_index', '<', 'l.log_index'),
          )
          .select(['l.id as allocation_id', 'r.donor'])
          .where('l.id', 'in', allocations)
          .groupBy(['l.id', 'r.donor'])
          .orderBy('r.donor')
          .execute(),
  ]);
  return { assets, damage, tranches, decisions, donors, total: Number(count.n) };
}
