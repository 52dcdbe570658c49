import { z } from 'zod';
import { i18nText } from '../common.js';
import { SECTORS, type Sector } from './events.js';
import { divRoundHalfEven } from './money.js';

/*
 * The needs formula: how the fund's money would be shared if it followed need alone. It is published
 * data, versioned, and adopted by a decision like any policy. A governorate's needs share is the
 * weighted mean of its shares of each indicator series (its damaged buildings over all governorates'
 * damaged buildings, and so on); a governorate-and-sector cell's share is the governorate's share times
 * the sector's weight. Every share is an integer in parts per million (ppm), computed in bigint with
 * ties rounded to even, so any member re-computes exactly the same figures.
 */

/** One million: shares and weights are in parts per million. */
export const PPM = 1_000_000n;

const ppm = z.number().int().min(0).max(1_000_000);

/** An indicator series: "damaged-buildings", "population", "displaced" … */
export const seriesId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'a series name in lower case, e.g. "damaged-buildings"');

export const needsFormulaSchema = z
  .strictObject({
    /** 1 for the first formula; each later one is the next number */
    version: z.number().int().min(1).max(1_000_000),
    title: i18nText,
    /** the indicator series weighed, with their weights in ppm (they sum to 1,000,000) */
    indicators: z
      .array(z.strictObject({ series: seriesId, weightPpm: ppm }))
      .min(1)
      .max(20),
    /** how a governorate's needs divide among sectors, in ppm (they sum to 1,000,000); a sector not listed has none */
    sectors: z
      .array(z.strictObject({ sector: z.enum(SECTORS), weightPpm: ppm }))
      .min(1)
      .max(SECTORS.length),
    /**
     * An allocation that takes its governorate-and-sector beyond its needs share of the fund's
     * allocatable money by more than this many ppm needs a written justification signed with the decision.
     */
    deviationThresholdPpm: ppm,
  })
  .superRefine((f, ctx) => {
    const sum = (xs: Array<{ weightPpm: number }>) => xs.reduce((n, x) => n + x.weightPpm, 0);
    if (sum(f.indicators) !== 1_000_000)
      ctx.addIssue({ code: 'custom', path: ['indicators'], message: 'the weights must sum to 1000000 ppm' });
    if (sum(f.sectors) !== 1_000_000)
      ctx.addIssue({ code: 'custom', path: ['sectors'], message: 'the weights must sum to 1000000 ppm' });
    if (new Set(f.indicators.map((i) => i.series)).size !== f.indicators.length)
      ctx.addIssue({ code: 'custom', path: ['indicators'], message: 'a series appears once' });
    if (new Set(f.sectors.map((s) => s.sector)).size !== f.sectors.length)
      ctx.addIssue({ code: 'custom', path: ['sectors'], message: 'a sector appears once' });
  });
export type NeedsFormula = z.infer<typeof needsFormulaSchema>;

/** An indicator value as signed: an exact decimal with up to 6 decimals, at least 0. */
export const indicatorValue = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/, 'an exact decimal of at least 0, e.g. "14078" or "0.1939"');

/** A decimal value in millionths, as a bigint. */
export function millionths(value: string): bigint {
  const [int, frac = ''] = value.split('.');
  return BigInt(int!) * PPM + BigInt(frac.padEnd(6, '0'));
}

export interface NeedsShares {
  /** the series that had values and counted (a series without any value is left out and the rest re-weighed) */
  seriesUsed: string[];
  byGovernorate: Map<string, bigint>;
  bySector: Map<Sector, bigint>;
  /** key `${governorate}|${sector}` */
  byCell: Map<string, bigint>;
}

/**
 * Each governorate's and each cell's needs share under `formula`, from the latest value of each series
 * in each governorate (a governorate without a value for a series counts 0 for it). Undefined when no
 * series of the formula has any value above 0: then there is no needs share to compare with.
 */
export function needsShares(
  formula: NeedsFormula,
  governorates: readonly string[],
  latest: ReadonlyMap<string, ReadonlyMap<string, string>>,
): NeedsShares | undefined {
  const used: Array<{ series: string; weight: bigint; total: bigint; values: Map<string, bigint> }> = [];
  for (const ind of formula.indicators) {
    if (ind.weightPpm === 0) continue;
    const values = new Map<string, bigint>();
    for (const g of governorates) values.set(g, millionths(latest.get(ind.series)?.get(g) ?? '0'));
    const total = [...values.values()].reduce((a, b) => a + b, 0n);
    if (total > 0n) used.push({ series: ind.series, weight: BigInt(ind.weightPpm), total, values });
  }
  if (used.length === 0) return undefined;
  const weights = used.reduce((n, u) => n + u.weight, 0n);
  const SCALE = 10n ** 12n;
  const byGovernorate = new Map<string, bigint>();
  for (const g of governorates) {
    let num = 0n;
    for (const u of used) num += (u.weight * u.values.get(g)! * SCALE) / u.total;
    byGovernorate.set(g, divRoundHalfEven(num, weights * (SCALE / PPM)));
  }
  const bySector = new Map<Sector, bigint>(formula.sectors.map((s) => [s.sector, BigInt(s.weightPpm)]));
  const byCell = new Map<string, bigint>();
  for (const [g, gp] of byGovernorate) {
    for (const [s, sp] of bySector) byCell.set(`${g}|${s}`, divRoundHalfEven(gp * sp, PPM));
  }
  return { seriesUsed: used.map((u) => u.series), byGovernorate, bySector, byCell };
}

/** `part` of `whole` in ppm, ties to even; 0 when the whole is 0. */
export function shareOf(part: bigint, whole: bigint): bigint {
  return whole === 0n ? 0n : divRoundHalfEven(part * PPM, whole);
}

/**
 * How far an allocation takes its cell from its needs share. The base is the fund's allocatable money in
 * the allocation's currency — everything already committed plus the uncommitted cash — which the
 * allocation itself does not change (it moves money from one to the other). The deviation is the cell's
 * share of that base once the allocation is counted, minus the cell's needs share: positive when the
 * cell gets more than need alone would give it. Early allocations are therefore not flagged merely for
 * being first; one that gives a cell more than its needs share of the whole fund is.
 */
export function allocationDeviation(input: {
  needPpm: bigint;
  cellCommitted: bigint;
  currencyCommitted: bigint;
  uncommitted: bigint;
  amount: bigint;
}): { sharePpm: bigint; deviationPpm: bigint } {
  const base = input.currencyCommitted + input.uncommitted;
  const sharePpm = shareOf(input.cellCommitted + input.amount, base);
  return { sharePpm, deviationPpm: sharePpm - input.needPpm };
}

/** "12.5 %" from ppm, for people. */
export function formatPpm(v: bigint): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const tenths = divRoundHalfEven(a, 1000n); // 0.1 % steps
  return `${neg ? '-' : ''}${tenths / 10n}.${tenths % 10n} %`;
}
