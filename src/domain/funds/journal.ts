import type { Currency } from './money.js';

/**
 * The fund's double-entry journal. Every money event writes lines that balance in each currency
 * (Σ debits = Σ credits), so the books can be checked by anyone who replays the log.
 *
 * Accounts (one ledger per currency; `:` separates an account's kind from what it is about):
 * - `pledges:<donor>` — what a donor has pledged, net of cancellations (credit balance);
 * - `receivable:<donor>` — pledged and not yet received (debit balance);
 * - `cash:uncommitted` — the fund's cash that no allocation holds;
 * - `cash:committed:<allocation>` — cash committed to an allocation and not yet disbursed;
 * - `advances:<disbursement>` — money with a partner, neither spent nor refunded yet;
 * - `spent:<disbursement>` — what a partner reported spent;
 * - `exchange` — the clearing account of conversions: money leaves one currency's ledger through it
 *   and enters another's.
 */
export interface JournalLine {
  account: string;
  currency: Currency;
  debit: bigint;
  credit: bigint;
}

export const account = {
  pledges: (donor: string): string => `pledges:${donor}`,
  receivable: (donor: string): string => `receivable:${donor}`,
  uncommitted: 'cash:uncommitted',
  committed: (allocation: string): string => `cash:committed:${allocation}`,
  advances: (disbursement: string): string => `advances:${disbursement}`,
  spent: (disbursement: string): string => `spent:${disbursement}`,
  exchange: 'exchange',
} as const;

/** One movement: `amount` from the `credit` account to the `debit` account. */
function move(currency: Currency, debit: string, credit: string, amount: bigint): JournalLine[] {
  return [
    { account: debit, currency, debit: amount, credit: 0n },
    { account: credit, currency, debit: 0n, credit: amount },
  ];
}

/** The journal lines of each money event. */
export const journal = {
  pledge: (donor: string, currency: Currency, amount: bigint): JournalLine[] =>
    move(currency, account.receivable(donor), account.pledges(donor), amount),
  receipt: (donor: string, currency: Currency, amount: bigint): JournalLine[] =>
    move(currency, account.uncommitted, account.receivable(donor), amount),
  /** the unpaid remainder leaves both the pledge and what is receivable */
  cancellation: (donor: string, currency: Currency, remainder: bigint): JournalLine[] =>
    remainder === 0n ? [] : move(currency, account.pledges(donor), account.receivable(donor), remainder),
  conversion: (from: { currency: Currency; amount: bigint }, to: { currency: Currency; amount: bigint }) => [
    ...move(from.currency, account.exchange, account.uncommitted, from.amount),
    ...move(to.currency, account.uncommitted, account.exchange, to.amount),
  ],
  allocation: (allocation: string, currency: Currency, amount: bigint): JournalLine[] =>
    move(currency, account.committed(allocation), account.uncommitted, amount),
  disbursement: (allocation: string, disbursement: string, currency: Currency, amount: bigint) =>
    move(currency, account.advances(disbursement), account.committed(allocation), amount),
  expenditure: (disbursement: string, currency: Currency, amount: bigint): JournalLine[] =>
    move(currency, account.spent(disbursement), account.advances(disbursement), amount),
  /** a refund returns to the allocation the money came from */
  refund: (allocation: string, disbursement: string, currency: Currency, amount: bigint) =>
    move(currency, account.committed(allocation), account.advances(disbursement), amount),
};

/** Σ debits − Σ credits per currency: all zero when the lines balance. */
export function imbalance(lines: readonly JournalLine[]): Map<Currency, bigint> {
  const out = new Map<Currency, bigint>();
  for (const l of lines) out.set(l.currency, (out.get(l.currency) ?? 0n) + l.debit - l.credit);
  return out;
}
