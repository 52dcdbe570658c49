import { AmanahError } from '../domain/errors.js';
import type { Store } from '../store/database.js';
import type { Sector } from '../domain/funds/events.js';
import type { Currency } from '../domain/funds/money.js';
import { findCurrentPolicy } from '../store/decision-repository.js';
import {
  donorPositions,
  fundHistory,
  fundPosition,
  pledgesOf,
  positionBy,
  type CurrencyPosition,
  type DonorPosition,
  type HistoryPoint,
  type PledgeView,
  type ScopePosition,
} from '../store/fund-repository.js';
import { needsReport, type NeedsReport } from '../store/needs-repository.js';
import { findOrg } from '../store/governance-repository.js';

/** The fund per currency, and per donor. */
export async function fundOverview(
  store: Store,
): Promise<{ currencies: CurrencyPosition[]; byDonor: DonorPosition[] }> {
  const [currencies, byDonor] = await Promise.all([fundPosition(store.db), donorPositions(store.db)]);
  return { currencies, byDonor };
}

/** One donor's pledge-to-payment tracker: its totals per currency and every pledge with its receipts. */
export async function donorTracker(
  store: Store,
  org: string,
): Promise<{
  org: string;
  name: { en: string; ar: string };
  totals: DonorPosition[];
  pledges: PledgeView[];
}> {
  const o = await findOrg(store.db, org);
  if (!o) throw new AmanahError('NOT_FOUND', `no organisation "${org}"`);
  const [totals, pledges] = await Promise.all([donorPositions(store.db, org), pledgesOf(store.db, org)]);
  return { org, name: o.name, totals, pledges };
}

/** Committed, disbursed, spent and refunded per governorate or per sector, from the maintained totals. */
export async function positionByScope(
  store: Store,
  by: 'governorate' | 'sector',
): Promise<{ by: 'governorate' | 'sector'; items: ScopePosition[] }> {
  return { by, items: await positionBy(store.db, by) };
}

/** The fund month by month in one currency: the whole fund, or one governorate, or one sector. */
export async function fundHistoryOf(
  store: Store,
  q: { currency: Currency; governorate?: string | undefined; sector?: Sector | undefined },
): Promise<{ currency: Currency; scope: string; months: HistoryPoint[] }> {
  if (q.governorate !== undefined && q.sector !== undefined) {
    throw new AmanahError('VALIDATION_FAILED', 'ask for one governorate or one sector, not both', [
      { path: 'sector', message: 'leave out when a governorate is given' },
    ]);
  }
  const scope =
    q.governorate !== undefined
      ? `governorate:${q.governorate}`
      : q.sector !== undefined
        ? `sector:${q.sector}`
        : 'fund';
  return {
    currency: q.currency,
    scope,
    months: await fundHistory(store.db, { currency: q.currency, scope }),
  };
}

/** Where the money went against need, in one currency (default: the approval policy's currency). */
export async function needsReportOf(store: Store, currency: Currency | undefined): Promise<NeedsReport> {
  const cur =
    currency ?? ((await findCurrentPolicy(store.db))?.policy.currency as Currency | undefined) ?? 'USD';
  return needsReport(store.db, cur);
}
