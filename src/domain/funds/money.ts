import { z } from 'zod';

/**
 * The currencies the fund holds, with their ISO 4217 minor units (the number of decimal places of the
 * currency's minor unit: 2 for cents, 3 for the Jordanian dinar's fils). ISO 4217 lists the
 * Indonesian rupiah with 2 even though sen are no longer in use; we follow ISO.
 */
export const CURRENCIES = {
  USD: 2,
  EUR: 2,
  TRY: 2,
  PKR: 2,
  IDR: 2,
  EGP: 2,
  QAR: 2,
  SAR: 2,
  JOD: 3,
  ILS: 2,
} as const;
export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as [Currency, ...Currency[]];

export const currency = z.enum(CURRENCY_CODES);

/**
 * A positive amount in integer minor units, as a decimal string. At most 15 digits (under 10^15 minor
 * units, ten trillion dollars): any sum of up to 9,000 such amounts still fits a signed 64-bit column.
 */
export const positiveMinorUnits = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/, 'a positive amount in integer minor units, e.g. "1250000" for 12,500.00');

/** Money as signed: integer minor units (a string, never a JSON number) and its currency. */
export const amount = z.strictObject({ value: positiveMinorUnits, currency });
export type Amount = z.infer<typeof amount>;

/**
 * An exchange rate as an exact decimal string: how many units of the target currency one unit of the
 * source currency buys ("3.6400" ILS per USD). Up to 12 integer and 12 decimal digits, greater than 0.
 */
export const rate = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,11})(\.[0-9]{1,12})?$/, 'an exact decimal rate such as "3.6400"')
  .refine((r) => /[1-9]/.test(r), 'a rate is greater than zero');

/** The amount's value as a bigint. */
export function toMinor(a: { value: string }): bigint {
  return BigInt(a.value);
}

/** A decimal rate as the exact fraction `num / den` (den a power of ten). */
export function parseRate(r: string): { num: bigint; den: bigint } {
  const [int, frac = ''] = r.split('.');
  return { num: BigInt(`${int}${frac}`), den: 10n ** BigInt(frac.length) };
}

/**
 * `n / d` rounded to the nearest integer, ties to the even neighbour ("banker's rounding", IEEE 754
 * roundTiesToEven): unbiased over many conversions, and the rule any member can re-apply exactly.
 * `n` ≥ 0 and `d` > 0.
 */
export function divRoundHalfEven(n: bigint, d: bigint): bigint {
  if (n < 0n || d <= 0n) throw new RangeError('divRoundHalfEven needs n >= 0 and d > 0');
  const q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/**
 * Converts `minor` units of `from` at `rate` (target units per source unit) into minor units of `to`:
 * exactly minor × rate × 10^(minor units of to − minor units of from), rounded half to even. All in
 * bigint arithmetic: no floating point ever touches an amount.
 */
export function convertMinor(minor: bigint, from: Currency, r: string, to: Currency): bigint {
  const { num, den } = parseRate(r);
  return divRoundHalfEven(minor * num * 10n ** BigInt(CURRENCIES[to]), den * 10n ** BigInt(CURRENCIES[from]));
}

/** "25,000,000.00 USD": an amount for people (messages, not data). */
export function formatMoney(minor: bigint, cur: Currency): string {
  const digits = CURRENCIES[cur];
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(digits + 1, '0');
  const int = s.slice(0, s.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${int}${digits > 0 ? `.${s.slice(s.length - digits)}` : ''} ${cur}`;
}

/** A calendar date (YYYY-MM-DD) that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'not a calendar date');
