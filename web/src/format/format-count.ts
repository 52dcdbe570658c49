/** Formats a count; a count sent as a decimal string is formatted exactly, through BigInt. */
export function formatCount(value: number | string, locale: string): string {
  const format = new Intl.NumberFormat(locale);
  if (typeof value === 'number') return format.format(value);
  return /^-?\d+$/.test(value) ? format.format(BigInt(value)) : value;
}
