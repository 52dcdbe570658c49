import { AmanahError } from '../domain/errors.js';
import type { Store } from '../store/database.js';
import {
  donorPositions,
  fundPosition,
  pledgesOf,
  type CurrencyPosition,
  type DonorPosition,
  type PledgeView,
} from '../store/fund-repository.js';
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
