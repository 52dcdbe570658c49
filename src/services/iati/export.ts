import type { Currency } from '../../domain/funds/money.js';
import type { Store } from '../../store/database.js';
import { findOrg } from '../../store/governance-repository.js';
import { listGovernorates } from '../../store/places-repository.js';
import { listProjects } from '../../store/project-repository.js';
import { projectDetail, type ProjectDetail } from '../projects.js';
import {
  iatiActivitiesXml,
  REPORTING_ORG,
  type IatiActivity,
  type IatiOrg,
  type IatiTransaction,
} from './activity.js';

/**
 * `GET /api/v1/export/iati`: every project as an IATI 2.03 activity — its budget, sector (DAC purpose
 * code), governorate and position, the organisations that fund, oversee and implement it, and its
 * money flows from the log: the allocation committed to it, the tranches disbursed and what the
 * partner reported spent. Each transaction's `ref` names the log entry it comes from, so a reader of
 * the IATI file can check it against the transparency log.
 */

/** IATI OrganisationType for a partner's type (codelist OrganisationType). */
const ORG_TYPE: Record<string, string> = {
  ministry: '10', // government
  municipality: '11', // local government
  utility: '15', // other public sector
  ngo: '22', // national NGO
  contractor: '70', // private sector
  'un-agency': '40', // multilateral
};

/** IATI ActivityStatus for a project status. */
const STATUS: Record<string, string> = {
  proposed: '1', // pipeline/identification
  approved: '2', // implementation: funds committed
  'in-progress': '2',
  completed: '3', // finalisation: built, accounts being closed
  cancelled: '5',
  suspended: '6',
};

/** Amanah's own organisations are given `XM-AMANAH-<id>` references: IATI's prefix for unregistered identifiers. */
const orgRef = (id: string): string => `XM-AMANAH-${id}`;

export async function iatiExport(store: Store, generated: Date): Promise<string> {
  const governorates = new Map((await listGovernorates(store.db)).map((g) => [g.code, g]));
  const orgCache = new Map<string, IatiOrg>();
  const org = async (id: string): Promise<IatiOrg> => {
    let o = orgCache.get(id);
    if (!o) {
      const row = await findOrg(store.db, id);
      o = {
        ref: orgRef(id),
        ...(row?.partnerType && ORG_TYPE[row.partnerType] ? { type: ORG_TYPE[row.partnerType] } : {}),
        ...(row?.kind === 'member-state' ? { type: '10' } : {}),
        name: row ? { en: row.name.en, ar: row.name.ar } : { en: id },
      };
      orgCache.set(id, o);
    }
    return o;
  };

  const activities: IatiActivity[] = [];
  const PAGE = 500;
  for (let offset = 0; ; offset += PAGE) {
    const page = await listProjects(store.db, { offset, limit: PAGE });
    for (const p of page.items) {
      const d = await projectDetail(store, p.id);
      activities.push(await toActivity(d, await org(d.partner), org, governorates, generated));
    }
    if (offset + PAGE >= page.total) break;
  }
  return iatiActivitiesXml(activities, generated.toISOString().replace(/\.\d{3}Z$/, 'Z'));
}

async function toActivity(
  d: ProjectDetail,
  partner: IatiOrg,
  org: (id: string) => Promise<IatiOrg>,
  governorates: ReadonlyMap<string, { name: { en: string; ar: string } }>,
  generated: Date,
): Promise<IatiActivity> {
  const place: { en: string; ar?: string } = governorates.get(d.governorate)?.name ?? { en: d.governorate };
  const donors = [...new Set(d.funding.pooledFrom.map((s: { donor: string }) => s.donor))];
  const anchor =
    d.location.type === 'point' ? d.location : { lat: d.location.ring[0]![1], lon: d.location.ring[0]![0] };
  const transactions: IatiTransaction[] = [];
  const a = d.funding.allocation;
  if (a)
    transactions.push({
      type: '2', // outgoing commitment
      date: a.date,
      minor: BigInt(a.amount.value),
      currency: a.amount.currency as Currency,
      ref: `log-${a.logIndex}`,
      description: `Allocation ${a.id}, decided by ${a.decision}`,
      provider: REPORTING_ORG,
      receiver: partner,
    });
  for (const x of d.funding.disbursements)
    transactions.push({
      type: '3', // disbursement
      date: x.date,
      minor: BigInt(x.amount.value),
      currency: x.amount.currency as Currency,
      ref: `log-${x.logIndex}`,
      description: `Disbursement ${x.id}`,
      provider: REPORTING_ORG,
      receiver: partner,
    });
  for (const x of d.funding.expenditures)
    transactions.push({
      type: '4', // expenditure
      date: x.date,
      minor: BigInt(x.amount.value),
      currency: x.amount.currency as Currency,
      ref: `log-${x.logIndex}`,
      description: x.description,
      provider: partner,
    });

  return {
    identifier: orgRef(d.id),
    title: d.title,
    description: {
      en: `${d.title.en}: ${d.sector} project in ${place.en}, implemented by ${partner.name.en}, for ${d.beneficiaries} people targeted.`,
      ar: `${d.title.ar}: مشروع في ${place.ar ?? place.en}، ينفّذه ${partner.name.ar ?? partner.name.en}، يستهدف ${d.beneficiaries} شخصاً.`,
    },
    participants: [
      ...(await Promise.all(donors.map(async (id) => ({ ...(await org(id)), role: '1' as const })))),
      { ...REPORTING_ORG, role: '2' },
      { ...partner, role: '4' },
    ],
    status: STATUS[d.status] ?? '1',
    dates: [
      { type: '1', date: d.plannedStart },
      { type: '3', date: d.plannedEnd },
    ],
    location: { name: place, lat: anchor.lat, lon: anchor.lon, adminName: d.governorate },
    sectors: [{ code: d.dacCode, percentage: 100 }],
    humanitarian: true,
    budget: {
      start: d.plannedStart,
      end: d.plannedEnd,
      minor: BigInt(d.budget.value),
      currency: d.budget.currency as Currency,
      valueDate: d.plannedStart,
    },
    transactions,
    lastUpdated: generated.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    defaultCurrency: d.budget.currency as Currency,
  };
}
