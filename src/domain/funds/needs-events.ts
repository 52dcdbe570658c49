import { z } from 'zod';
import { cleanText, slugId } from '../common.js';
import { defineEvent } from '../event-type.js';
import { isoDate } from './money.js';
import { indicatorValue, needsFormulaSchema, seriesId } from './needs-formula.js';

/** How far a figure can be relied on: as its source states it, or as the secretariat judges it. */
export const CONFIDENCE = ['high', 'medium', 'low'] as const;

export const indicatorRecorded = defineEvent(
  'indicator.recorded',
  1,
  z.strictObject({
    indicatorId: slugId,
    series: seriesId,
    governorate: z.string().regex(/^PS\d{2,6}$/, 'an OCHA P-code such as "PS0270"'),
    /** the day the figure describes (the source's collection date) */
    date: isoDate,
    value: indicatorValue,
    /** what the value counts: "buildings", "people (18+)" … */
    unit: cleanText(80),
    /** who published it, and where */
    source: cleanText(500),
    confidence: z.enum(CONFIDENCE),
  }),
  'Records one value of a needs indicator (damage, population, displacement …) for a governorate, with its source, date and confidence.',
);

export const needsFormulaAdopted = defineEvent(
  'needs-formula.adopted',
  1,
  z.strictObject({
    /** the executed policy-change decision whose proposal carries exactly this formula */
    proposalId: slugId,
    formula: needsFormulaSchema,
  }),
  'Puts in force a version of the needs formula that the members adopted by a policy-change decision.',
);
