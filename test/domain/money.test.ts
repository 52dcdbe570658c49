import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amount,
  convertMinor,
  CURRENCIES,
  CURRENCY_CODES,
  divRoundHalfEven,
  formatMoney,
  isoDate,
  parseRate,
  rate,
} from '../../src/domain/funds/money.js';

describe('money', () => {
  it('knows the ISO 4217 minor units of the fund currencies', () => {
    expect(CURRENCIES).toEqual({
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
    });
  });

  it('accepts amounts as positive integer minor-unit strings and returns them untouched', () => {
    const a = { value: '2500000000', currency: 'USD' };
    expect(amount.parse(a)).toEqual(a);
    for (const bad of [
      { value: '0', currency: 'USD' },
      { value: '012', currency: 'USD' },
      { value: '12.50', currency: 'USD' },
      { value: '-5', currency: 'USD' },
      { value: 1250, currency: 'USD' },
      { value: '1'.repeat(16), currency: 'USD' },
      { value: '100', currency: 'XYZ' },
      { value: '100', currency: 'usd' },
      { value: '100', currency: 'USD', note: 'x' },
    ]) {
      expect(amount.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('accepts exact decimal rates only, greater than zero', () => {
    for (const good of ['3.6400', '0.709', '1', '0.000001', '41000'])
      expect(rate.safeParse(good).success).toBe(true);
    for (const bad of ['0', '0.0000', '-1', '1e3', '3,64', '.5', '3.', ' 3.64', '3.6400000000001'])
      expect(rate.safeParse(bad).success, bad).toBe(false);
    expect(parseRate('3.6400')).toEqual({ num: 36400n, den: 10000n });
    expect(parseRate('2')).toEqual({ num: 2n, den: 1n });
  });

  it('checks calendar dates', () => {
    expect(isoDate.safeParse('2026-02-28').success).toBe(true);
    expect(isoDate.safeParse('2026-02-29').success).toBe(false);
    expect(isoDate.safeParse('2026-2-1').success).toBe(false);
  });

  it('rounds half to even', () => {
    expect([1n, 3n, 5n, 7n, 9n].map((n) => divRoundHalfEven(n, 2n))).toEqual([0n, 2n, 2n, 4n, 4n]);
    expect(divRoundHalfEven(2n, 3n)).toBe(1n);
    expect(divRoundHalfEven(1n, 3n)).toBe(0n);
    expect(divRoundHalfEven(0n, 7n)).toBe(0n);
    expect(() => divRoundHalfEven(-1n, 2n)).toThrow(RangeError);
  });

  it('rounds to the nearest integer, ties to even (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        (n, d) => {
          const q = divRoundHalfEven(n, d);
          const twiceError = 2n * (n - q * d); // 2 × (n/d − q) × d
          expect(twiceError <= d && twiceError >= -d).toBe(true);
          if (twiceError === d || twiceError === -d) expect(q % 2n).toBe(0n);
        },
      ),
    );
  });

  it('converts between currencies with their minor units, exactly', () => {
    expect(convertMinor(10_000n, 'USD', '3.6400', 'ILS')).toBe(36_400n); // 100.00 USD → 364.00 ILS
    expect(convertMinor(10_000n, 'USD', '0.709', 'JOD')).toBe(70_900n); // → 70.900 JOD
    expect(convertMinor(1_000n, 'JOD', '1.4104', 'USD')).toBe(141n); // 1.000 JOD → 1.41 USD (1.4104)
    expect(convertMinor(1n, 'USD', '0.5', 'EUR')).toBe(0n); // 0.005 → 0.00 (tie, to even)
    expect(convertMinor(3n, 'USD', '0.5', 'EUR')).toBe(2n); // 0.015 → 0.02 (tie, to even)
    expect(convertMinor(2_500_000_000n, 'QAR', '0.2747', 'USD')).toBe(686_750_000n);
  });

  it('converts within half a minor unit of the exact product (property)', () => {
    const cur = fc.constantFrom(...CURRENCY_CODES);
    const r = fc
      .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 9_999 }))
      .filter(([i, f]) => i + f > 0)
      .map(([i, f]) => `${i}.${String(f).padStart(4, '0')}`);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }), cur, r, cur, (minor, from, rt, to) => {
        const got = convertMinor(minor, from, rt, to);
        const { num, den } = parseRate(rt);
        const n = minor * num * 10n ** BigInt(CURRENCIES[to]);
        const d = den * 10n ** BigInt(CURRENCIES[from]);
        const twiceError = 2n * (n - got * d);
        expect(twiceError <= d && twiceError >= -d).toBe(true);
      }),
    );
  });

  it('formats amounts for people', () => {
    expect(formatMoney(2_500_000_000n, 'USD')).toBe('25,000,000.00 USD');
    expect(formatMoney(5n, 'JOD')).toBe('0.005 JOD');
    expect(formatMoney(-1234n, 'EUR')).toBe('-12.34 EUR');
  });
});
