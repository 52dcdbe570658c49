import { CURRENCIES, type Currency } from '../domain/funds/money.js';
import type { Store } from '../store/database.js';
import { findLogInfo } from '../store/log-repository.js';
import { orgNames, procurementPage } from '../store/project-repository.js';

/**
 * The Open Contracting Data Standard (OCDS 1.1) export of the projects' procurement: one release per
 * contracting process (a tender), carrying its planning (the project and the allocation that funds it),
 * the tender with its tenderers, the award, the contract and its amendments. Each release is tagged
 * with the stages it carries. Amounts are in major units, as OCDS expects (OCDS `Value.amount` is a
 * number); the log keeps the exact integer minor units.
 */

/** The ocid prefix of this publisher. A prefix registered with the OCDS helpdesk would replace it. */
export const OCID_PREFIX = 'ocds-amanah';

const instant = (date: string): string => (date.length === 10 ? `${date}T00:00:00Z` : date);

/** Minor units as a decimal amount in major units (exact in the decimal text, then a JSON number). */
export function majorUnits(minor: bigint, currency: string): number {
  const digits: number = CURRENCIES[currency as Currency] ?? 2;
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(digits + 1, '0');
  const text = digits === 0 ? s : `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
  return Number(`${neg ? '-' : ''}${text}`);
}

export interface OcdsPackage {
  uri: string;
  version: '1.1';
  publishedDate: string;
  publisher: { name: string; uri?: string };
  license?: string;
  publicationPolicy?: string;
  releases: Array<Record<string, unknown>>;
}

/** One page of releases (tenders in log order), as a release package. */
export async function ocdsReleasePackage(
  store: Store,
  opts: { baseUrl: string; now: Date; offset: number; limit: number },
): Promise<OcdsPackage & { total: number }> {
  const [info, page] = await Promise.all([findLogInfo(store.db), procurementPage(store.db, opts)]);
  const names = await orgNames(store.db, [
    ...page.tenders.map((t) => t.buyer),
    ...page.bids.map((b) => b.supplier),
  ]);
  const name = (id: string): string => names.get(id)?.en ?? id;
  const releases = page.tenders.map((t) => {
    const ocid = `${OCID_PREFIX}-${t.id}`;
    const bids = page.bids.filter((b) => b.tender_id === t.id);
    const awards = page.awards.filter((a) => a.tender_id === t.id);
    const contracts = page.contracts.filter((c) => c.tender_id === t.id);
    const amendments = page.amendments.filter((a) => contracts.some((c) => c.id === a.contract_id));
    const indices = [
      t.log_index,
      ...bids.map((b) => b.log_index),
      ...awards.map((a) => a.log_index),
      ...contracts.map((c) => c.log_index),
      ...amendments.map((a) => a.log_index),
    ];
    const last = indices.reduce((a, b) => (b > a ? b : a), t.log_index);
    const dates = [
      t.published_at,
      ...bids.map((b) => b.submitted_at),
      ...awards.map((a) => instant(a.date)),
      ...contracts.map((c) => instant(c.date)),
      ...amendments.map((a) => instant(a.date)),
    ].sort();
    const tags = [
      'tender',
      ...(awards.length ? ['award'] : []),
      ...(contracts.length ? ['contract'] : []),
      ...(amendments.length ? ['contractAmendment'] : []),
    ];
    const parties = new Map<string, { id: string; name: string; roles: Set<string> }>();
    const party = (id: string, role: string) => {
      const p = parties.get(id) ?? { id, name: name(id), roles: new Set<string>() };
      p.roles.add(role);
      parties.set(id, p);
    };
    party(t.buyer, 'buyer');
    party(t.buyer, 'procuringEntity');
    for (const b of bids) party(b.supplier, 'tenderer');
    for (const a of awards) party(a.supplier, 'supplier');
    const value = (minor: bigint, currency: string) => ({ amount: majorUnits(minor, currency), currency });
    return {
      ocid,
      id: `${ocid}-${String(last)}`,
      date: dates[dates.length - 1]!,
      language: 'en',
      tag: tags,
      initiationType: 'tender',
      parties: [...parties.values()].map((p) => ({ id: p.id, name: p.name, roles: [...p.roles] })),
      buyer: { id: t.buyer, name: name(t.buyer) },
      planning: {
        rationale: `Reconstruction project ${t.project_id} (${t.sector}, ${t.governorate}; DAC purpose code ${t.dac_code})`,
        budget: {
          id: t.project_id,
          description: t.project_title,
          amount: value(t.budget, t.project_currency),
          project: t.project_title,
          projectID: t.project_id,
        },
      },
      tender: {
        id: t.id,
        title: t.title,
        ...(t.description ? { description: t.description } : {}),
        status: t.status,
        procuringEntity: { id: t.buyer, name: name(t.buyer) },
        value: value(t.value, t.currency),
        procurementMethod: t.method,
        mainProcurementCategory: t.category,
        tenderPeriod: { startDate: t.period_start, endDate: t.period_end },
        numberOfTenderers: bids.length,
        tenderers: [...new Set(bids.map((b) => b.supplier))].map((s) => ({ id: s, name: name(s) })),
      },
      ...(awards.length
        ? {
            awards: awards.map((a) => ({
              id: a.id,
              status: 'active',
              date: instant(a.date),
              value: value(a.value, a.currency),
              suppliers: [{ id: a.supplier, name: name(a.supplier) }],
            })),
          }
        : {}),
      ...(contracts.length
        ? {
            contracts: contracts.map((c) => ({
              id: c.id,
              awardID: c.award_id,
              status: 'active',
              value: value(c.value, c.currency),
              dateSigned: instant(c.date),
              period: { startDate: instant(c.period_start), endDate: instant(c.period_end) },
              ...(amendments.some((a) => a.contract_id === c.id)
                ? {
                    amendments: amendments
                      .filter((a) => a.contract_id === c.id)
                      .map((a) => ({
                        id: a.amendment_id,
                        date: instant(a.date),
                        rationale: a.rationale,
                        description: `value ${majorUnits(a.previous_value, c.currency)} → ${majorUnits(a.value, c.currency)} ${c.currency}`,
                      })),
                  }
                : {}),
            })),
          }
        : {}),
    };
  });
  return {
    uri: `${opts.baseUrl}/api/v1/export/ocds?offset=${opts.offset}&limit=${opts.limit}`,
    version: '1.1',
    publishedDate: opts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    publisher: { name: info ? info.title.en : 'Amanah', uri: `${opts.baseUrl}/` },
    publicationPolicy: `${opts.baseUrl}/api/docs`,
    releases,
    total: page.total,
  };
}
