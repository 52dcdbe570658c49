const integerMinorUnits = /^(-?)(\d+)$/;

function currencyFormat(locale: string, currency: string, minorUnits: number): Intl.NumberFormat | undefined {
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: minorUnits,
      maximumFractionDigits: minorUnits,
    });
  } catch {
    return undefined; // not an ISO 4217 code this browser knows
  }
}

/**
 * Formats an amount given in integer minor units (a decimal string, as the API sends it) as currency,
 * exactly: the whole units go to Intl.NumberFormat as a BigInt and the fraction digits are copied over
 * one by one, so no amount ever passes through a floating-point number.
 *
 * Returns the parts, so that a page can isolate the currency symbol for bidirectional text (see
 * MoneyValue). A value that is not an integer string comes back as one literal part, as it came,
 * rather than as a wrong number.
 */
export function formatMoneyToParts(
  minor: string,
  currency: string,
  minorUnits: number,
  locale: string,
): Intl.NumberFormatPart[] {
  const match = integerMinorUnits.exec(minor.trim());
  if (match === null || !Number.isInteger(minorUnits) || minorUnits < 0 || minorUnits > 20) {
    return [{ type: 'literal', value: minor }];
  }
  const [, sign, digits] = match;
  const padded = digits.padStart(minorUnits + 1, '0');
  const whole = BigInt(padded.slice(0, padded.length - minorUnits));
  const fraction = padded.slice(padded.length - minorUnits);
  const negative = sign === '-' && /[1-9]/.test(digits);

  const withCurrency = currencyFormat(locale, currency, minorUnits);
  const format =
    withCurrency ??
    new Intl.NumberFormat(locale, { minimumFractionDigits: minorUnits, maximumFractionDigits: minorUnits });
  // -0 keeps the sign of amounts between -1 and 0 (a BigInt has no negative zero).
  const parts = format.formatToParts(negative ? (whole === 0n ? -0 : -whole) : whole);
  const digitFormat = new Intl.NumberFormat(locale, { useGrouping: false });
  const localisedFraction = Array.from(fraction, (digit) => digitFormat.format(Number(digit))).join('');
  const exact = parts.map((part) =>
    part.type === 'fraction' ? { ...part, value: localisedFraction } : part,
  );
  return withCurrency === undefined
    ? [...exact, { type: 'literal', value: ' ' }, { type: 'currency', value: currency }]
    : exact;
}

/** {@link formatMoneyToParts} as one string: `formatMoney('125000000', 'USD', 2, 'en')` → `"$1,250,000.00"`. */
export function formatMoney(minor: string, currency: string, minorUnits: number, locale: string): string {
  return formatMoneyToParts(minor, currency, minorUnits, locale)
    .map((part) => part.value)
    .join('');
}
