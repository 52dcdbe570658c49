/**
 * Per-governorate figures the demo's needs formula reads, derived from the public series in
 * ../shared/data/displacement-damage-by-governorate (Édith Darin, "Gaza_displacement_analytics",
 * MIT licence; repository edarin/Gaza_displacement_analytics at de26efa0):
 *
 * - `damaged-buildings`: buildings detected as damaged by satellite radar (SAR) by 31 May 2024, the
 *   last date of the `damaged` variable in covariates.csv (Conflict Ecology's damage estimates);
 * - `population`: the adult (18+) population estimated for 13 October 2023, the first date of
 *   population_gaza_base.csv (`T_18Plus`, `pop_mau_lower`, rounded to whole people): estimates
 *   derived from advertising-audience data, hence the low confidence;
 * - `displaced-population`: the fall of that estimate between 13 October 2023 and 14 May 2024, the
 *   first and last dates of the same file, where it fell (0 where it rose: Deir al-Balah and Rafah
 *   received displaced people in that period). A net figure: it is not a count of displaced people.
 *
 * `amanah import indicators` reads the same files and derives the same figures; a test checks that
 * these match when the files are present.
 */

export const NEEDS_SOURCE =
  'Darin, Gaza_displacement_analytics (github.com/edarin/Gaza_displacement_analytics, de26efa0), data/';

export interface NeedsFact {
  series: 'damaged-buildings' | 'population' | 'displaced-population';
  governorate: string;
  date: string;
  value: string;
  unit: string;
  source: string;
  confidence: 'high' | 'medium' | 'low';
}

const DAMAGE = { PS0255: '14078', PS0260: '20469', PS0265: '10457', PS0270: '21562', PS0275: '8544' };
const POPULATION = {
  PS0255: '142431',
  PS0260: '561092',
  PS0265: '92796',
  PS0270: '231990',
  PS0275: '154300',
};
const DISPLACED = { PS0255: '125743', PS0260: '367508', PS0265: '0', PS0270: '51756', PS0275: '0' };

export const NEEDS_FACTS: readonly NeedsFact[] = [
  ...Object.entries(DAMAGE).map(([g, value]) => ({
    series: 'damaged-buildings' as const,
    governorate: g,
    date: '2024-05-31',
    value,
    unit: 'buildings',
    source: `${NEEDS_SOURCE}covariates.csv, variable "damaged" (SAR building damage, Conflict Ecology)`,
    confidence: 'medium' as const,
  })),
  ...Object.entries(POPULATION).map(([g, value]) => ({
    series: 'population' as const,
    governorate: g,
    date: '2023-10-13',
    value,
    unit: 'people (18+)',
    source: `${NEEDS_SOURCE}population_gaza_base.csv, T_18Plus pop_mau_lower (advertising-audience estimate)`,
    confidence: 'low' as const,
  })),
  ...Object.entries(DISPLACED).map(([g, value]) => ({
    series: 'displaced-population' as const,
    governorate: g,
    date: '2024-05-14',
    value,
    unit: 'people (18+), net decrease since 2023-10-13',
    source: `${NEEDS_SOURCE}population_gaza_base.csv, fall of T_18Plus pop_mau_lower from 2023-10-13 to 2024-05-14`,
    confidence: 'low' as const,
  })),
];

/**
 * The demo's first needs formula: half damage, three tenths displacement, a fifth population. The
 * weights, the sector split and the threshold are the demo members' choices, not figures from a source.
 */
export const DEMO_NEEDS_FORMULA = {
  version: 1,
  title: {
    en: 'Needs formula 1: damage, displacement and population by governorate',
    ar: 'صيغة الاحتياجات 1: الأضرار والنزوح والسكان حسب المحافظة',
  },
  indicators: [
    { series: 'damaged-buildings', weightPpm: 500_000 },
    { series: 'displaced-population', weightPpm: 300_000 },
    { series: 'population', weightPpm: 200_000 },
  ],
  sectors: [
    { sector: 'housing', weightPpm: 350_000 },
    { sector: 'education', weightPpm: 100_000 },
    { sector: 'health', weightPpm: 100_000 },
    { sector: 'water-sanitation', weightPpm: 120_000 },
    { sector: 'energy', weightPpm: 80_000 },
    { sector: 'roads-infrastructure', weightPpm: 80_000 },
    { sector: 'livelihoods', weightPpm: 70_000 },
    { sector: 'rubble-removal', weightPpm: 100_000 },
  ],
  deviationThresholdPpm: 100_000,
};
