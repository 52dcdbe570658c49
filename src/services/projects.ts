import { createHash } from 'node:crypto';
import { AmanahError } from '../domain/errors.js';
import { DAC_PURPOSE_CODES } from '../domain/projects/events.js';
import {
  reconcileMaterials,
  type MaterialFlag,
  type MaterialQuantity,
} from '../domain/projects/materials.js';
import type { Sector } from '../domain/funds/events.js';
import { consignmentEnteredItems } from '../store/access-repository.js';
import type { Store } from '../store/database.js';
import { findOrg } from '../store/governance-repository.js';
import {
  assetPage,
  big,
  evidenceCitations,
  progressBy,
  projectChainRows,
  projectSummaryOf,
  putEvidence,
  vettingHistory,
  type AssetFilter,
  type ProjectChainRows,
  type ProjectSummary,
} from '../store/project-repository.js';
import type { Clock } from './clock.js';

export {
  ASSET_STATUSES,
  listProjects,
  listPartners,
  progressBy,
  type AssetFilter,
  type AssetStatus,
} from '../store/project-repository.js';

/**
 * Where the quantities a consignment brought in through a crossing come from. The access area owns
 * consignments; its repository provides the lookup (`consignmentEnteredItems`). Injectable so the
 * warehouse → site part can be read without the consignment stage (it is then shown as not known).
 */
export type ConsignmentItems = (
  store: Store,
  consignmentId: string,
) => Promise<Array<{ item: string; category: string; unit: string; quantity: bigint }> | undefined>;

export const NO_CONSIGNMENT_SOURCE: ConsignmentItems = async () => undefined;

/** The consignment lookup the API uses: what the access area recorded as entered through the crossing. */
export const CONSIGNMENT_ITEMS: ConsignmentItems = (store, id) => consignmentEnteredItems(store.db, id);

export interface MaterialChainView {
  receiptId: string;
  consignmentId: string | null;
  warehouse: string | null;
  date: string;
  /** the log entry that recorded the warehouse receipt */
  logIndex: number;
  /** null when the consignment's entered quantities are not known to this server */
  entered: Array<{ item: string; category: string; unit: string; quantity: string }> | null;
  warehoused: Array<{ item: string; category: string; unit: string; quantity: string }>;
  deliveries: Array<{
    deliveryId: string;
    date: string;
    logIndex: number;
    items: Array<{ item: string; category: string; unit: string; quantity: string }>;
  }>;
  flags: MaterialFlag[];
}

const asText = (l: MaterialQuantity) => ({
  item: l.item,
  category: l.category,
  unit: l.unit,
  quantity: String(l.quantity),
});

/** A partner in the registry, with its vetting history. */
export async function partnerDetail(store: Store, id: string) {
  const org = await findOrg(store.db, id);
  if (!org || org.kind !== 'implementing-partner')
    throw new AmanahError('NOT_FOUND', `no implementing partner "${id}"`);
  const history = await vettingHistory(store.db, id);
  return {
    id: org.id,
    name: org.name,
    partnerType: org.partnerType,
    vetting: history.at(-1)?.status ?? 'not-vetted',
    /** the log entry that registered the partner */
    logIndex: org.logIndex,
    history,
  };
}

/**
 * The whole chain of one project: the project and its versions, the money from the donors' pooled
 * receipts through the allocation and the released tranches to the partner's expenditure, the
 * milestones with their verifications and evidence hashes, procurement, materials from consignment
 * to site, and the assets with the damage that struck them.
 */
export async function projectDetail(
  store: Store,
  id: string,
  consignments: ConsignmentItems = CONSIGNMENT_ITEMS,
) {
  // every part of the chain at once (one statement on PostgreSQL)
  const rows = await projectChainRows(store.db, store.dialect, id);
  const project = projectSummaryOf(rows.project[0], id);
  const names = new Map(rows.names.map((r) => [r.id, { en: r.name_en, ar: r.name_ar }]));
  const storedPhotos = new Set(rows.storedEvidence.map((r) => r.sha256));
  const allocation = rows.allocation[0];
  const pool = rows.pool.map((r) => ({
    donor: r.donor,
    pledgeId: r.pledge_id,
    received: String(big(r.received)),
  }));
  const paid = new Map(rows.disbursements.map((d) => [d.id, d]));

  const verificationsByMilestone = new Map<string, typeof rows.verifications>();
  for (const v of rows.verifications) {
    const list = verificationsByMilestone.get(v.milestone_id) ?? [];
    list.push(v);
    verificationsByMilestone.set(v.milestone_id, list);
  }
  const trancheByMilestone = new Map(rows.tranches.map((t) => [t.milestone_id, t]));

  const flags: Array<{ kind: string; message: { en: string; ar: string } }> = [];
  const tranches = rows.tranches.map((t) => {
    const d = paid.get(t.disbursement_id);
    const matches =
      d !== undefined && d.partner === project.partner && d.amount === t.amount && d.currency === t.currency;
    if (d && !matches) {
      flags.push({
        kind: 'payment-differs',
        message: {
          en: `disbursement ${t.disbursement_id} does not match the released tranche of milestone ${t.milestone_id}`,
          ar: `الصرف ${t.disbursement_id} لا يطابق الدفعة المفرج عنها للمعلم ${t.milestone_id}`,
        },
      });
    }
    return {
      milestoneId: t.milestone_id,
      verificationId: t.verification_id,
      proposalId: t.proposal_id,
      disbursementId: t.disbursement_id,
      amount: { value: String(t.amount), currency: t.currency },
      releasedAt: t.released_at,
      logIndex: Number(t.log_index),
      payment: d ? (matches ? 'paid' : 'differs') : 'awaiting payment',
    };
  });
  for (const u of rows.unlinked) {
    flags.push({
      kind: 'paid-without-release',
      message: {
        en: `disbursement ${u.id} paid ${u.amount} ${u.currency} (minor units) to ${project.partner} from allocation ${project.allocationId} without a released tranche`,
        ar: `الصرف ${u.id} دفع ${u.amount} ${u.currency} إلى ${project.partner} من التخصيص ${project.allocationId} دون دفعة مفرج عنها`,
      },
    });
  }

  const materials = await materialChains(store, rows.materials, consignments);
  for (const m of materials)
    for (const f of m.flags) flags.push({ kind: `materials:${f.kind}`, message: f.message });

  const fundedBy: FundedBy = {
    allocationId: project.allocationId,
    decision: allocation?.proposal_id ?? null,
    donors: [...new Set(pool.map((s) => s.donor))],
    tranchesReleased: tranches.map((t) => t.disbursementId),
  };
  const assets = rows.assets.map((a) =>
    assetView(
      a,
      rows.damage.filter((d) => d.asset_id === a.id),
      fundedBy,
    ),
  );

  return {
    ...project,
    partnerName: names.get(project.partner) ?? null,
    iati: { sectorVocabulary: '1', purposeCode: DAC_PURPOSE_CODES[project.sector as Sector] },
    versions: rows.versions.map((v) => ({
      version: Number(v.version),
      changes: JSON.parse(v.changes) as Record<string, unknown>,
      reason: v.reason,
      by: v.amended_by,
      logIndex: Number(v.log_index),
    })),
    funding: {
      decision: project.proposalId,
      allocation: allocation
        ? {
            id: allocation.id,
            decision: allocation.proposal_id,
            governorate: allocation.governorate,
            sector: allocation.sector,
            amount: { value: String(allocation.amount), currency: allocation.currency },
            disbursed: String(allocation.disbursed),
            date: allocation.date,
            logIndex: Number(allocation.log_index),
          }
        : null,
      /** the pledges whose receipts made up the pooled cash before the allocation */
      pooledFrom: pool,
      tranches,
      disbursements: rows.disbursements.map((d) => ({
        id: d.id,
        partner: d.partner,
        amount: { value: String(d.amount), currency: d.currency },
        spent: String(d.spent),
        date: d.date,
        logIndex: Number(d.log_index),
      })),
      expenditures: rows.expenditures.map((x) => ({
        id: x.id,
        disbursementId: x.disbursement_id,
        amount: { value: String(x.amount), currency: x.currency },
        date: x.date,
        description: x.description,
        logIndex: Number(x.log_index),
      })),
    },
    milestones: rows.milestones.map((m) => ({
      id: m.milestone_id,
      title: { en: m.title_en, ar: m.title_ar },
      due: m.due,
      tranche: { value: String(m.tranche), currency: m.currency },
      status: m.status,
      reported: m.reported_date ? { date: m.reported_date, statement: m.report_statement } : null,
      verifications: (verificationsByMilestone.get(m.milestone_id) ?? []).map((v) => ({
        id: v.id,
        finding: v.finding,
        monitor: { key: v.monitor_key, org: v.monitor_org },
        position: { lat: v.lat, lon: v.lon },
        observedAt: v.observed_at,
        statement: v.statement,
        evidence: (JSON.parse(v.photos) as Array<{ sha256: string; mediaType: string; bytes: number }>).map(
          (ph) => ({
            ...ph,
            /** whether the file itself has been uploaded to the evidence store */
            stored: storedPhotos.has(ph.sha256),
          }),
        ),
        logIndex: Number(v.log_index),
      })),
      release: trancheByMilestone.has(m.milestone_id)
        ? {
            proposalId: trancheByMilestone.get(m.milestone_id)!.proposal_id,
            logIndex: Number(m.released_index),
          }
        : null,
    })),
    procurement: rows.tenders.map((t) => ({
      tenderId: t.id,
      title: t.title,
      method: t.method,
      category: t.category,
      value: { value: String(t.value), currency: t.currency },
      period: { start: t.period_start, end: t.period_end },
      status: t.status,
      logIndex: Number(t.log_index),
      bids: rows.bids
        .filter((b) => b.tender_id === t.id)
        .map((b) => ({
          id: b.id,
          supplier: b.supplier,
          supplierName: names.get(b.supplier) ?? null,
          value: String(b.value),
          logIndex: Number(b.log_index),
        })),
      awards: rows.awards
        .filter((a) => a.tender_id === t.id)
        .map((a) => ({
          id: a.id,
          bidId: a.bid_id,
          supplier: a.supplier,
          value: String(a.value),
          date: a.date,
          logIndex: Number(a.log_index),
        })),
      contracts: rows.contracts
        .filter((c) => c.tender_id === t.id)
        .map((c) => ({
          id: c.id,
          supplier: c.supplier,
          value: { value: String(c.value), currency: c.currency },
          originalValue: String(c.original_value),
          date: c.date,
          period: { start: c.period_start, end: c.period_end },
          logIndex: Number(c.log_index),
          amendments: rows.amendments
            .filter((x) => x.contract_id === c.id)
            .map((x) => ({
              id: x.amendment_id,
              previousValue: String(x.previous_value),
              value: String(x.value),
              date: x.date,
              rationale: x.rationale,
              logIndex: Number(x.log_index),
            })),
        })),
    })),
    materials,
    assets,
    flags,
  };
}

/** What funded a project: the record a destroyed asset carries ("rebuilt only to be destroyed again"). */
interface FundedBy {
  allocationId: string | null;
  decision: string | null;
  donors: string[];
  tranchesReleased: string[];
}

type AssetRow = ProjectChainRows['assets'][number];
type DamageRow = ProjectChainRows['damage'][number];

/** An asset as the API shows it, in a project's detail and in the list of assets alike. */
function assetView(a: AssetRow, damage: readonly DamageRow[], fundedBy: FundedBy) {
  return {
    id: a.id,
    kind: a.kind,
    work: a.work,
    count: Number(a.count),
    location: { lat: a.lat, lon: a.lon },
    value: { value: String(a.value), currency: a.currency },
    valueLost: String(a.value_lost),
    date: a.date,
    status: a.status,
    logIndex: Number(a.log_index),
    damage: damage.map((d) => ({
      id: d.id,
      date: d.date,
      extent: d.extent,
      source: d.source,
      confidence: d.confidence,
      description: d.description,
      valueLost: String(d.value_lost),
      reportedBy: d.reported_by,
      logIndex: Number(d.log_index),
    })),
    /** rebuilt with these funds, then destroyed again: the record the plan asks for */
    rebuiltThenDestroyed:
      a.status === 'destroyed'
        ? { valueLost: { value: String(a.value_lost), currency: a.currency }, fundedBy }
        : null,
  };
}

/**
 * Assets across projects, a page at a time in log order, each as a project's detail shows it, with
 * its project (title, sector, governorate, partner). Read in a fixed number of statements per page
 * (see `assetPage`), not one project detail after another.
 */
export async function listAssets(
  store: Store,
  f: AssetFilter & { offset: number; limit: number },
): Promise<{ items: AssetListItem[]; total: number }> {
  const page = await assetPage(store.db, f);
  const damage = new Map<string, DamageRow[]>();
  for (const d of page.damage) {
    const list = damage.get(d.asset_id) ?? [];
    list.push(d);
    damage.set(d.asset_id, list);
  }
  const released = new Map<string, string[]>();
  for (const t of page.tranches) {
    const list = released.get(t.project_id) ?? [];
    list.push(t.disbursement_id);
    released.set(t.project_id, list);
  }
  const decision = new Map(page.decisions.map((d) => [d.id, d.proposal_id]));
  const donors = new Map<string, string[]>();
  for (const d of page.donors) {
    const list = donors.get(d.allocation_id) ?? [];
    list.push(d.donor);
    donors.set(d.allocation_id, list);
  }
  return {
    items: page.assets.map((a) => {
      const allocation = a.allocation_id;
      return {
        ...assetView(a, damage.get(a.id) ?? [], {
          allocationId: allocation,
          decision: allocation === null ? null : (decision.get(allocation) ?? null),
          donors: allocation === null ? [] : (donors.get(allocation) ?? []),
          tranchesReleased: released.get(a.project_id) ?? [],
        }),
        project: {
          id: a.project_id,
          title: { en: a.title_en, ar: a.title_ar },
          sector: a.sector,
          governorate: a.governorate,
          partner: a.partner,
        },
      };
    }),
    total: page.total,
  };
}

export type AssetView = ReturnType<typeof assetView>;
export type AssetListItem = AssetView & {
  project: {
    id: string;
    title: { en: string; ar: string };
    sector: string;
    governorate: string;
    partner: string;
  };
};

async function materialChains(
  store: Store,
  lines: ProjectChainRows['materials'],
  consignments: ConsignmentItems,
): Promise<MaterialChainView[]> {
  const receipts = new Map<string, MaterialChainView & { wq: MaterialQuantity[]; dq: MaterialQuantity[] }>();
  for (const l of lines) {
    const q: MaterialQuantity = { item: l.item, category: l.category, unit: l.unit, quantity: l.quantity };
    if (l.stage === 'warehouse') {
      let r = receipts.get(l.doc_id);
      if (!r) {
        r = {
          receiptId: l.doc_id,
          consignmentId: l.consignment_id,
          warehouse: l.place,
          date: l.date,
          logIndex: Number(l.log_index),
          entered: null,
          warehoused: [],
          deliveries: [],
          flags: [],
          wq: [],
          dq: [],
        };
        receipts.set(l.doc_id, r);
      }
      r.wq.push(q);
    }
  }
  for (const l of lines) {
    if (l.stage !== 'site') continue;
    const r = receipts.get(l.receipt_id);
    if (!r) continue;
    let d = r.deliveries.find((x) => x.deliveryId === l.doc_id);
    if (!d) {
      d = { deliveryId: l.doc_id, date: l.date, logIndex: Number(l.log_index), items: [] };
      r.deliveries.push(d);
    }
    d.items.push(asText({ item: l.item, category: l.category, unit: l.unit, quantity: l.quantity }));
    r.dq.push({ item: l.item, category: l.category, unit: l.unit, quantity: l.quantity });
  }
  // the consignments' entered quantities, looked up together (one query each, not one after another)
  return Promise.all(
    [...receipts.values()].map(async (r): Promise<MaterialChainView> => {
      const entered = r.consignmentId ? await consignments(store, r.consignmentId) : undefined;
      const { wq, dq, ...view } = r;
      return {
        ...view,
        entered: entered ? entered.map(asText) : null,
        warehoused: wq.map(asText),
        flags: reconcileMaterials({
          receiptId: r.receiptId,
          consignmentId: r.consignmentId,
          entered,
          warehoused: wq,
          delivered: dq,
        }),
      };
    }),
  );
}

export type ProjectDetail = Awaited<ReturnType<typeof projectDetail>>;
export type { ProjectSummary };

/** Progress per sector and per governorate. */
export async function projectProgress(store: Store) {
  const [bySector, byGovernorate] = await Promise.all([
    progressBy(store.db, 'sector'),
    progressBy(store.db, 'governorate'),
  ]);
  return { bySector, byGovernorate };
}

export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Largest evidence file accepted (a phone photo at full resolution). */
export const MAX_EVIDENCE_BYTES = 20 * 2 ** 20;

/**
 * Stores an evidence file off the log under its SHA-256. The hash the uploader names must be the hash
 * of the bytes received, and a recorded verification must cite that hash with this size and media type:
 * the store holds only files the log commits to, and a file that does not match is refused with
 * nothing stored.
 */
export async function storeEvidence(
  store: Store,
  clock: Clock,
  claimed: string,
  mediaType: string,
  data: Uint8Array,
): Promise<{ sha256: string; bytes: number; mediaType: string; status: 'stored' | 'already-stored' }> {
  if (!(EVIDENCE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    throw new AmanahError(
      'UNSUPPORTED_MEDIA_TYPE',
      `evidence is a photo: ${EVIDENCE_MEDIA_TYPES.join(', ')}`,
    );
  }
  if (data.byteLength === 0) throw new AmanahError('VALIDATION_FAILED', 'the file is empty');
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== claimed) {
    throw new AmanahError(
      'EVIDENCE_HASH_MISMATCH',
      `the uploaded file's SHA-256 is ${actual}, not ${claimed}: upload the file whose hash the verification cites`,
      [{ path: 'params.sha256', message: `the file's hash is ${actual}` }],
    );
  }
  const cited = await evidenceCitations(store.db, actual);
  if (cited.length === 0) {
    throw new AmanahError(
      'EVIDENCE_NOT_CITED',
      `no recorded verification cites the file ${actual}; record the signed verification that lists it first`,
    );
  }
  if (!cited.some((c) => c.bytes === data.byteLength && c.mediaType === mediaType)) {
    const c = cited[0]!;
    throw new AmanahError(
      'EVIDENCE_HASH_MISMATCH',
      `verification ${c.verificationId} cites ${actual} as ${c.mediaType} of ${c.bytes} bytes; the upload is ${mediaType} of ${data.byteLength} bytes`,
    );
  }
  const status = await putEvidence(store.db, {
    sha256: actual,
    mediaType,
    data,
    storedAt: clock.now().toISOString(),
  });
  return { sha256: actual, bytes: data.byteLength, mediaType, status };
}
