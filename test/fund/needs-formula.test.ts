import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minorUnitsOf } from '../../src/cli/fund-command.js';
import { DEMO_NEEDS_FORMULA, NEEDS_FACTS } from '../../src/demo/needs-facts.js';
import type { Actor } from '../../src/domain/actor.js';
import type { SignedEvent } from '../../src/domain/envelope.js';
import { decideNeedsFormulaAdopted } from '../../src/domain/funds/needs-decide.js';
import {
  allocationDeviation,
  formatPpm,
  millionths,
  needsFormulaSchema,
  needsShares,
  PPM,
  type NeedsFormula,
} from '../../src/domain/funds/needs-formula.js';
import { decimalOf, indicatorsFromCsv } from '../../src/domain/funds/needs-import.js';

const GOVS = ['PS0255', 'PS0260', 'PS0265', 'PS0270', 'PS0275'];
const formula = needsFormulaSchema.parse(DEMO_NEEDS_FORMULA);

function latestOf(facts: ReadonlyArray<{ series: string; governorate: string; value: string }>) {
  const m = new Map<string, Map<string, string>>();
  for (const f of facts) {
    if (!m.has(f.series)) m.set(f.series, new Map());
    m.get(f.series)!.set(f.governorate, f.value);
  }
  return m;
}

describe('the needs formula', () => {
  it("gives each governorate the weighted mean of its shares of the demo's series", () => {
    const s = needsShares(formula, GOVS, latestOf(NEEDS_FACTS))!;
    expect(s.seriesUsed).toEqual(['damaged-buildings', 'displaced-population', 'population']);
    // Gaza: damage 20469/75110, displaced 367508/545007, population 561092/1182609
    const gaza = 0.5 * (20469 / 75110) + 0.3 * (367508 / 545007) + 0.2 * (561092 / 1182609);
    expect(Number(s.byGovernorate.get('PS0260'))).toBeCloseTo(gaza * 1e6, 0);
    // Deir al-Balah and Rafah: no net fall of population, so nothing from the displacement series
    const rafah = 0.5 * (8544 / 75110) + 0.2 * (154300 / 1182609);
    expect(Number(s.byGovernorate.get('PS0275'))).toBeCloseTo(rafah * 1e6, 0);
    const total = [...s.byGovernorate.values()].reduce((a, b) => a + b, 0n);
    expect(total >= PPM - 3n && total <= PPM + 3n).toBe(true);
    expect(s.byCell.get('PS0260|housing')).toBe((s.byGovernorate.get('PS0260')! * 350_000n + 500_000n) / PPM);
  });

  it('leaves out a series without data and weighs the rest again; gives nothing without any data', () => {
    const onlyDamage = latestOf(NEEDS_FACTS.filter((f) => f.series === 'damaged-buildings'));
    const s = needsShares(formula, GOVS, onlyDamage)!;
    expect(s.seriesUsed).toEqual(['damaged-buildings']);
    expect(s.byGovernorate.get('PS0270')).toBe((21562n * PPM * 2n + 75110n) / (2n * 75110n));
    expect(needsShares(formula, GOVS, new Map())).toBeUndefined();
  });

  it('keeps shares between 0 and 1, summing to 1, and never lowers a governorate for more need (property)', () => {
    const value = fc.integer({ min: 0, max: 5_000_000 }).map(String);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (rows, who, more) => {
          const facts = rows.flatMap(([d, x, p], i) => [
            { series: 'damaged-buildings', governorate: GOVS[i]!, value: d },
            { series: 'displaced-population', governorate: GOVS[i]!, value: x },
            { series: 'population', governorate: GOVS[i]!, value: p },
          ]);
          const s = needsShares(formula, GOVS, latestOf(facts));
          if (!s) return rows.every((r) => r.every((v) => v === '0'));
          const total = [...s.byGovernorate.values()].reduce((a, b) => a + b, 0n);
          expect(total >= PPM - 5n && total <= PPM + 5n).toBe(true);
          for (const v of s.byGovernorate.values()) expect(v >= 0n && v <= PPM).toBe(true);
          const bumped = facts.map((f) =>
            f.governorate === GOVS[who] && f.series === 'damaged-buildings'
              ? { ...f, value: String(Number(f.value) + more) }
              : f,
          );
          const after = needsShares(formula, GOVS, latestOf(bumped))!;
          // rounding may move a share by one part per million either way
          expect(after.byGovernorate.get(GOVS[who]!)! + 1n >= s.byGovernorate.get(GOVS[who]!)!).toBe(true);
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('measures an allocation against the whole of the allocatable money', () => {
    expect(
      allocationDeviation({
        needPpm: 100_000n,
        cellCommitted: 0n,
        currencyCommitted: 25_000n,
        uncommitted: 75_000n,
        amount: 30_000n,
      }),
    ).toEqual({ sharePpm: 300_000n, deviationPpm: 200_000n });
    expect(formatPpm(-45_455n)).toBe('-4.5 %');
    expect(formatPpm(100_000n)).toBe('10.0 %');
  });

  it('refuses malformed formulas: weights that do not sum to one million, a series twice', () => {
    const bad = (f: unknown) => needsFormulaSchema.safeParse(f).success;
    expect(bad({ ...DEMO_NEEDS_FORMULA, deviationThresholdPpm: -1 })).toBe(false);
    expect(bad({ ...DEMO_NEEDS_FORMULA, indicators: [{ series: 'population', weightPpm: 999_999 }] })).toBe(
      false,
    );
    expect(
      bad({
        ...DEMO_NEEDS_FORMULA,
        indicators: [
          { series: 'population', weightPpm: 500_000 },
          { series: 'population', weightPpm: 500_000 },
        ],
      }),
    ).toBe(false);
    expect(bad(DEMO_NEEDS_FORMULA)).toBe(true);
    expect(millionths('0.1939')).toBe(193_900n);
  });

  it('puts in force only the next version', () => {
    const actor: Actor = { keyId: 'k', org: 'secretariat', roles: ['secretariat'] };
    const f2: NeedsFormula = { ...formula, version: 3 };
    const e = { payload: { proposalId: 'p', formula: f2 } } as SignedEvent<{
      proposalId: string;
      formula: NeedsFormula;
    }>;
    expect(() =>
      decideNeedsFormulaAdopted(e, actor, {
        proposal: { decisionType: 'policy-change', status: 'executed', formula: f2 },
        currentVersion: 1,
        adoptedAs: undefined,
      }),
    ).toThrow(/the next one is version 2, not 3/);
  });
});

describe('amounts on the command line', () => {
  it('converts decimals into minor units and refuses fractions of a minor unit, negatives and zero', () => {
    expect(minorUnitsOf('12500.50', 'USD')).toEqual({ value: '1250050', currency: 'USD' });
    expect(minorUnitsOf('1,000', 'JOD')).toEqual({ value: '1000000', currency: 'JOD' });
    expect(minorUnitsOf('12.345', 'JOD')).toEqual({ value: '12345', currency: 'JOD' });
    expect(() => minorUnitsOf('12.345', 'USD')).toThrow(/fraction of a minor unit: USD has 2 decimal places/);
    expect(() => minorUnitsOf('-5', 'USD')).toThrow(/not an amount/);
    expect(() => minorUnitsOf('0.00', 'USD')).toThrow(/greater than zero/);
    expect(() => minorUnitsOf('5', 'XAU')).toThrow(/not a currency the fund holds/);
  });
});

const DATA = '../shared/data/displacement-damage-by-governorate';

describe('the indicator importer', () => {
  it('reads exact decimals, with exponents, rounding half to even at the sixth decimal', () => {
    expect(decimalOf('14078')).toBe('14078');
    expect(decimalOf('0.193885139787908')).toBe('0.193885');
    expect(decimalOf('5736674.457113735')).toBe('5736674.457114');
    expect(decimalOf('1.5e3')).toBe('1500');
    expect(decimalOf('0.0000005')).toBe('0');
    expect(decimalOf('0.0000015')).toBe('0.000002');
    expect(decimalOf('NA')).toBeUndefined();
    expect(() => indicatorsFromCsv('x.csv', 'a,b\n1,2\n', { latest: true })).toThrow(
      /not a recognised series file/,
    );
    expect(() =>
      indicatorsFromCsv('unrwa.csv', 'collection_date,displacement,shelter\n2023-10-09,1,x\n', {
        latest: true,
      }),
    ).toThrow(/no governorate column/);
  });

  it.skipIf(!existsSync(DATA))(
    "derives from the public series exactly the demo's figures (skipped without ../shared/data)",
    () => {
      const cov = indicatorsFromCsv('covariates.csv', readFileSync(`${DATA}/covariates.csv`, 'utf8'), {
        latest: true,
      });
      const pop = indicatorsFromCsv(
        'population_gaza_base.csv',
        readFileSync(`${DATA}/population_gaza_base.csv`, 'utf8'),
        { latest: true },
      );
      expect(cov.filter((c) => c.series.startsWith('acled'))).toEqual([]);
      const imported = [...cov, ...pop].filter((i) =>
        ['damaged-buildings', 'population', 'displaced-population'].includes(i.series),
      );
      const key = (x: { series: string; governorate: string }) => `${x.series}|${x.governorate}`;
      expect(new Map(imported.map((i) => [key(i), [i.date, i.value]]))).toEqual(
        new Map(NEEDS_FACTS.map((f) => [key(f), [f.date, f.value]])),
      );
      const all = indicatorsFromCsv('covariates.csv', readFileSync(`${DATA}/covariates.csv`, 'utf8'), {
        latest: false,
      });
      expect(all.length).toBeGreaterThan(4000);
      expect(new Set(all.map((i) => i.indicatorId)).size).toBe(all.length);
    },
  );
});
