import type { JournalLine } from '../api/records';

export type FundMeasure = 'pledged' | 'received' | 'allocated' | 'disbursed' | 'spent';
export const fundMeasures: readonly FundMeasure[] = [
  'pledged',
  'received',
  'allocated',
  'disbursed',
  'spent',
];

/** One day of the fund: each measure's running total at the end of that day, in minor units. */
export interface FundDay {
  readonly date: string;
  readonly totals: Readonly<Record<FundMeasure, bigint>>;
}

const big = (value: string): bigint => BigInt(value);

/**
 * What a journal line adds to each running total (src/store/fund-repository.ts names the accounts):
 * pledges are credited to `pledges:<donor>` (a cancellation debits it), receipts credit
 * `receivable:<donor>`, allocations debit `cash:committed:<allocation>`, disbursements debit
 * `advances:<disbursement>`, expenditure debits `spent:<disbursement>`.
 */
function contribution(line: JournalLine): Partial<Record<FundMeasure, bigint>> {
  const [head, second] = line.account.split(':');
  if (head === 'pledges') return { pledged: big(line.credit) - big(line.debit) };
  if (head === 'receivable' && line.eventType === 'receipt.recorded') return { received: big(line.credit) };
  if (head === 'cash' && second === 'committed' && line.eventType === 'allocation.committed')
    return { allocated: big(line.debit) };
  if (head === 'advances' && line.eventType === 'disbursement.made') return { disbursed: big(line.debit) };
  if (head === 'spent') return { spent: big(line.debit) - big(line.credit) };
  return {};
}

/**
 * The fund over time in one currency, from its double-entry journal: one row per date on which
 * something was recorded, with running totals. Exact (BigInt), in the journal's dates' order.
 */
export function fundOverTime(lines: readonly JournalLine[], currency: string): FundDay[] {
  const running: Record<FundMeasure, bigint> = {
    pledged: 0n,
    received: 0n,
    allocated: 0n,
    disbursed: 0n,
    spent: 0n,
  };
  const byDate = new Map<string, Partial<Record<FundMeasure, bigint>>[]>();
  for (const line of lines) {
    if (line.currency !== currency) continue;
    const list = byDate.get(line.date) ?? [];
    list.push(contribution(line));
    byDate.set(line.date, list);
  }
  return [...byDate.keys()].sort().map((date) => {
    for (const change of byDate.get(date)!) {
      for (const measure of fundMeasures) running[measure] += change[measure] ?? 0n;
    }
    return { date, totals: { ...running } };
  });
}
