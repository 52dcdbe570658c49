import { AmanahError } from '../errors.js';

/*
 * Reads the governorate-level series of edarin/Gaza_displacement_analytics (the files in
 * ../shared/data/displacement-damage-by-governorate) into indicator payloads. Pure: text in, payloads
 * out; the CLI reads the files and signs the payloads.
 */

export interface IndicatorPayload {
  indicatorId: string;
  series: string;
  governorate: string;
  date: string;
  value: string;
  unit: string;
  source: string;
  confidence: 'high' | 'medium' | 'low';
}

const SOURCE =
  'Darin, Gaza_displacement_analytics (github.com/edarin/Gaza_displacement_analytics, de26efa0), data/';

/** covariates.csv variables the formula can read; ACLED's are left out (its terms restrict redistribution). */
const COVARIATES: Record<
  string,
  { series: string; unit: string; what: string; confidence: 'medium' | 'low' }
> = {
  damaged: {
    series: 'damaged-buildings',
    unit: 'buildings',
    what: 'variable "damaged" (SAR building damage, Conflict Ecology)',
    confidence: 'medium',
  },
  prop_damaged: {
    series: 'damaged-share',
    unit: 'share of buildings (0–1)',
    what: 'variable "prop_damaged" (SAR building damage, Conflict Ecology)',
    confidence: 'medium',
  },
  pwtt: {
    series: 'damage-index-pwtt',
    unit: 'PWTT damage index',
    what: 'variable "pwtt" (PWTT damage index)',
    confidence: 'medium',
  },
  evacuationOrders: {
    series: 'evacuation-order-area',
    unit: 'square metres under evacuation orders',
    what: 'variable "evacuationOrders" (Forensic Architecture)',
    confidence: 'medium',
  },
  operationArea: {
    series: 'operation-area',
    unit: 'square metres of declared operation area',
    what: 'variable "operationArea" (Forensic Architecture)',
    confidence: 'medium',
  },
};

/** Splits one CSV line, with double-quoted fields ("" is a quote inside one). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function rows(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new AmanahError('VALIDATION_FAILED', 'the file is empty');
  return { header: csvFields(lines[0]!), rows: lines.slice(1).map(csvFields) };
}

/** A non-negative decimal with at most 6 decimals (rounded half to even at the 6th), as signed. */
export function decimalOf(raw: string, digits = 6): string | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(raw.trim());
  if (!m) return undefined;
  // Exact decimal arithmetic on the digits (no floating point): value = int.frac × 10^exp.
  const exp = Number(m[3] ?? 0);
  const frac = m[2] ?? '';
  let digitsAll = BigInt(`${m[1]}${frac}`);
  let scale = frac.length - exp; // value = digitsAll / 10^scale
  if (scale < 0) {
    digitsAll *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (scale > digits) {
    const d = 10n ** BigInt(scale - digits);
    const q = digitsAll / d;
    const r2 = (digitsAll % d) * 2n;
    digitsAll = r2 > d || (r2 === d && q % 2n === 1n) ? q + 1n : q;
    scale = digits;
  }
  const s = digitsAll.toString().padStart(scale + 1, '0');
  const int = s.slice(0, s.length - scale).replace(/^0+(?=\d)/, '') || '0';
  const dec = s.slice(s.length - scale).replace(/0+$/, '');
  return dec === '' ? int : `${int}.${dec}`;
}

const id = (series: string, g: string, date: string) => `ind-${series}-${g.toLowerCase()}-${date}`;

/**
 * Indicator payloads from one file of the series, recognised by its header. `latest` keeps only the
 * last date of each series in each governorate.
 */
export function indicatorsFromCsv(name: string, text: string, opts: { latest: boolean }): IndicatorPayload[] {
  const { header, rows: body } = rows(text);
  const h = header.join(',');
  if (h === 'ADM2_PCODE,t,collection_date,ADM2_EN,variable,raw') {
    const out: IndicatorPayload[] = [];
    for (const [pcode, , date, , variable, raw] of body) {
      const c = COVARIATES[variable!];
      if (!c || raw === 'NA' || raw === undefined) continue;
      const value = decimalOf(raw);
      if (value === undefined) {
        throw new AmanahError(
          'VALIDATION_FAILED',
          `${name}: "${raw}" (${pcode} ${date} ${variable}) is not a number`,
        );
      }
      out.push({
        indicatorId: id(c.series, pcode!, date!),
        series: c.series,
        governorate: pcode!,
        date: date!,
        value,
        unit: c.unit,
        source: `${SOURCE}covariates.csv, ${c.what}`,
        confidence: c.confidence,
      });
    }
    return opts.latest ? latestOnly(out) : out;
  }
  if (h === 'ADM2_PCODE,ADM2_EN,collection_date,agesex,mau_lower,pop_mau_lower') {
    // The adult population before displacement (first date), and its net fall to the last date.
    const by = new Map<string, Array<{ date: string; value: bigint }>>();
    for (const [pcode, , date, agesex, , pop] of body) {
      if (agesex !== 'T_18Plus') continue;
      const v = decimalOf(pop!, 0);
      if (v === undefined) throw new AmanahError('VALIDATION_FAILED', `${name}: "${pop}" is not a number`);
      const list = by.get(pcode!) ?? [];
      list.push({ date: date!, value: BigInt(v) });
      by.set(pcode!, list);
    }
    const out: IndicatorPayload[] = [];
    for (const [g, list] of [...by.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      list.sort((a, b) => a.date.localeCompare(b.date));
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const fall = first.value > last.value ? first.value - last.value : 0n;
      out.push(
        {
          indicatorId: id('population', g, first.date),
          series: 'population',
          governorate: g,
          date: first.date,
          value: String(first.value),
          unit: 'people (18+)',
          source: `${SOURCE}population_gaza_base.csv, T_18Plus pop_mau_lower (advertising-audience estimate)`,
          confidence: 'low',
        },
        {
          indicatorId: id('displaced-population', g, last.date),
          series: 'displaced-population',
          governorate: g,
          date: last.date,
          value: String(fall),
          unit: `people (18+), net decrease since ${first.date}`,
          source: `${SOURCE}population_gaza_base.csv, fall of T_18Plus pop_mau_lower from ${first.date} to ${last.date}`,
          confidence: 'low',
        },
      );
    }
    return out;
  }
  if (header.includes('collection_date') && !header.some((c) => /PCODE/i.test(c))) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `${name} has no governorate column (P-code): the needs formula reads series per governorate; Gaza-wide series such as UNRWA's displacement counts are not imported`,
    );
  }
  throw new AmanahError(
    'VALIDATION_FAILED',
    `${name} is not a recognised series file: expected the header of covariates.csv or population_gaza_base.csv, found "${h.slice(0, 120)}"`,
  );
}

function latestOnly(xs: IndicatorPayload[]): IndicatorPayload[] {
  const m = new Map<string, IndicatorPayload>();
  for (const x of xs) {
    const k = `${x.series}|${x.governorate}`;
    const prev = m.get(k);
    if (!prev || x.date >= prev.date) m.set(k, x);
  }
  return [...m.values()];
}
