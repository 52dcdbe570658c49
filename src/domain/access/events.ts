import { z } from 'zod';
import { ITEM_CATEGORIES, STAGES } from './vocabulary.js';
import { cleanText, i18nText, point, slugId } from '../common.js';
import { utcInstant } from '../envelope.js';
import { defineEvent } from '../event-type.js';
import { CROSSING_STATUSES } from '../places/events.js';
import { isoDate } from '../funds/money.js';

export { ITEM_CATEGORIES, STAGES, type ItemCategory, type Stage } from './vocabulary.js';

/** A whole, positive count or quantity as a decimal string (never a JSON number): "14". */
export const quantity = z
  .string()
  .regex(
    /^[1-9][0-9]{0,14}$/,
    'a positive whole number as a decimal string, e.g. "14" (no sign, no decimals)',
  );
/** A whole number ≥ 0 as a decimal string. */
export const count = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,14})$/, 'a whole number ≥ 0 as a decimal string, e.g. "0" or "250"');

const itemName = cleanText(200);

export const manifestLine = z.strictObject({
  item: itemName,
  category: z.enum(ITEM_CATEGORIES),
  quantity,
  /** pallets, trucks, kg, litres, pieces … as the sender counts them */
  unit: cleanText(40),
  weightKg: quantity.optional(),
});
export type ManifestLine = z.infer<typeof manifestLine>;

const itemQuantity = z.strictObject({ item: itemName, quantity });

export const stageRecord = z.strictObject({
  stage: z.enum(STAGES),
  at: utcInstant,
  /** required for denied and returned; the ground given */
  reason: cleanText(1000).optional(),
  /** at inspection: lines refused entry, with the reason and the dual-use list version applied */
  rejected: z
    .array(
      z.strictObject({
        item: itemName,
        quantity,
        reason: cleanText(500),
        listVersion: z.number().int().min(1).max(1_000_000).optional(),
      }),
    )
    .max(50)
    .optional(),
  /** for delivered, intercepted, looted: which lines and how much (all that is left when omitted) */
  items: z.array(itemQuantity).min(1).max(50).optional(),
  /** for delivered: where it went */
  destination: z
    .strictObject({ kind: z.enum(['warehouse', 'distribution-point', 'project-site']), id: slugId })
    .optional(),
});
export type StageRecord = z.infer<typeof stageRecord>;

export const consignment = z.strictObject({
  consignmentId: slugId,
  crossing: slugId,
  requestedAt: utcInstant,
  donor: cleanText(200).optional(),
  sender: cleanText(200).optional(),
  /** trucks (or truck-equivalents) the consignment fills; 0 for an airdrop */
  trucks: z.number().int().min(0).max(10_000),
  items: z.array(manifestLine).min(1).max(50),
  /** stages already passed when it is recorded (an import records the whole journey at once) */
  stages: z.array(stageRecord).max(20),
  /** for an imported row: its line in the source file (1 = the first line) */
  row: z.number().int().min(1).max(100_000_000).optional(),
});
export type Consignment = z.infer<typeof consignment>;

/** The file a batch of consignments was imported from: its kind and its SHA-256. */
const importSource = z.strictObject({
  kind: z.enum(['cogat', 'unrwa', 'csv']),
  file: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest of the file'),
});

export const consignmentsRecorded = defineEvent(
  'consignments.recorded',
  1,
  z.strictObject({
    /** for an import: the kind of file and its SHA-256, so each row can be traced to its file and line */
    source: importSource.optional(),
    consignments: z.array(consignment).min(1).max(1000),
  }),
  'Records consignments for Gaza: manifest, crossing, request time and the stages passed so far; one signed entry may carry a batch.',
);

export { IMPORTED_ROW_COLUMNS } from './vocabulary.js';

/**
 * A row of an imported line list: one consignment with a single manifest line and the stages it
 * passed, its values in the order of IMPORTED_ROW_COLUMNS (absent ones as null). It says what a
 * {@link consignment} says of such a consignment in little more than half the bytes: a line list
 * repeats the same member names thousands of times, and its rows are the bulk of the log.
 */
export const importedRow = z.tuple([
  z.number().int().min(1).max(100_000_000).describe('row'),
  slugId.describe('consignmentId'),
  slugId.describe('crossing'),
  utcInstant.describe('requestedAt'),
  z.number().int().min(0).max(10_000).describe('trucks'),
  cleanText(200).nullable().describe('donor'),
  cleanText(200).nullable().describe('sender'),
  itemName.describe('item'),
  z.enum(ITEM_CATEGORIES).describe('category'),
  quantity.describe('quantity'),
  cleanText(40).describe('unit'),
  quantity.nullable().describe('weightKg'),
  z
    .array(z.tuple([z.enum(STAGES).describe('stage'), utcInstant.describe('at')]))
    .max(20)
    .describe('stages'),
]);
export type ImportedRow = z.infer<typeof importedRow>;

export const consignmentsImported = defineEvent(
  'consignments.imported',
  1,
  z.strictObject({
    /** the kind of file and its SHA-256: each row can be traced to its file and line */
    source: importSource,
    rows: z.array(importedRow).min(1).max(2000),
  }),
  'Records the rows of an imported line list: one consignment a row, with its manifest line and the stages passed, in a fixed column order.',
);

export const consignmentStagesRecorded = defineEvent(
  'consignment-stages.recorded',
  1,
  z.strictObject({
    stages: z
      .array(z.strictObject({ consignmentId: slugId, ...stageRecord.shape }))
      .min(1)
      .max(1000),
  }),
  'Records consignments passing stages (cleared, denied, arrived, inspected, entered, collected, delivered …) with their time.',
);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day "HH:MM" (UTC)');

export const crossingStatusChanged = defineEvent(
  'crossing.status-changed',
  1,
  z.strictObject({
    crossing: slugId,
    status: z.enum(CROSSING_STATUSES),
    effectiveFrom: utcInstant,
    /** opening hours from then on, in UTC; absent when the crossing has none (closed, or open round the clock) */
    hours: z.strictObject({ opens: hhmm, closes: hhmm }).optional(),
    note: cleanText(1000).optional(),
  }),
  "Records a change of a crossing's status or opening hours, from a given instant.",
);

export const dualUseListPublished = defineEvent(
  'dual-use-list.published',
  1,
  z.strictObject({
    version: z.number().int().min(1).max(1_000_000),
    effectiveFrom: isoDate,
    /** who issued the list and where it was published */
    source: cleanText(500),
    items: z
      .array(
        z.strictObject({
          item: itemName,
          category: z.enum(ITEM_CATEGORIES),
          note: cleanText(500).optional(),
        }),
      )
      .max(500),
  }),
  'Publishes a version of the list of restricted ("dual-use") items, in force from a date.',
);

export const denialAppealed = defineEvent(
  'denial.appealed',
  1,
  z.strictObject({
    appealId: slugId,
    consignmentId: slugId,
    filedAt: utcInstant,
    grounds: cleanText(2000),
    /** when a decision is due */
    deadline: isoDate,
  }),
  'Appeals a denied consignment or items rejected at inspection.',
);

export const appealDecided = defineEvent(
  'appeal.decided',
  1,
  z.strictObject({
    appealId: slugId,
    outcome: z.enum(['overturned', 'partly-overturned', 'upheld']),
    decidedAt: utcInstant,
    reason: cleanText(2000),
  }),
  'Records the decision on an appeal against a denial, with its reason.',
);

export const DISTRIBUTION_KINDS = ['community-kitchen', 'food-parcels', 'water-point', 'clinic'] as const;

export const distributionPointRegistered = defineEvent(
  'distribution-point.registered',
  1,
  z.strictObject({
    pointId: slugId,
    kind: z.enum(DISTRIBUTION_KINDS),
    name: i18nText,
    governorate: z.string().regex(/^PS\d{2,6}$/, 'an OCHA P-code such as "PS0270"'),
    /** the organisation that runs it */
    operator: slugId,
    location: point.optional(),
  }),
  'Registers a distribution point: a community kitchen, a food parcel point, a water point or a clinic.',
);

const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a SHA-256 / HMAC-SHA-256 value, 64 lower-case hex digits');

export const distributionReported = defineEvent(
  'distribution.reported',
  1,
  z.strictObject({
    reportId: slugId,
    pointId: slugId,
    date: isoDate,
    /** what arrived at the point, by consignment line */
    received: z
      .array(z.strictObject({ consignmentId: slugId, item: itemName, quantity }))
      .max(200)
      .optional(),
    served: z.strictObject({
      meals: count.optional(),
      parcels: count.optional(),
      litres: count.optional(),
      consultations: count.optional(),
    }),
    households: z.number().int().min(0).max(10_000_000),
    /**
     * Personal data stays in the private store. The log holds a salted SHA-256 commitment to each
     * beneficiary record, and a keyed hash (HMAC-SHA-256 under the agencies' shared key) of each
     * household's identifier, which lets agencies find the same household served twice without a name.
     */
    beneficiaries: z
      .strictObject({ commitments: z.array(sha256Hex).max(300), householdKeys: z.array(sha256Hex).max(300) })
      .optional(),
  }),
  'A distribution point reports what arrived, what it served (meals, parcels, litres, consultations) and how many households it reached.',
);
