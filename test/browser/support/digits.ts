/**
 * The digits of a formatted number as Latin digits without leading zeros, so "$1,250,000.00",
 * "١٬٢٥٠٬٠٠٠٫٠٠ US$" and the API's minor units "125000000" all read "125000000".
 */
export function digitsOf(text: string): string {
  const latin = text
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[^0-9]/g, '');
  return latin.replace(/^0+(?=\d)/, '');
}

export const arabicIndicDigit = /[\u0660-\u0669]/;
export const latinDigit = /[0-9]/;
