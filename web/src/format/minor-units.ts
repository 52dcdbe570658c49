/** Digits after the decimal point of an ISO 4217 currency (2 for USD, 3 for JOD, 0 for JPY), per CLDR. */
export function minorUnitsOf(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}
