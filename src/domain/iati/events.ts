import { z } from 'zod';
import { cleanText, point } from '../common.js';
import { eventId } from '../envelope.js';
import { defineEvent } from '../event-type.js';
import { isoDate } from '../funds/money.js';

/*
 * Activities other organisations publish in IATI (https://iatistandard.org), recorded as they reported
 * them: who reported what, for which places and sectors, with which budgets and money flows. They are
 * third-party reports, not decisions of the fund: they sit beside Amanah's own projects, are never
 * counted in the fund's figures, and carry the file (SHA-256) and line they were read from.
 */

/** An IATI identifier as published: the reporting organisation's identifier, a hyphen, its own code. */
export const iatiIdentifier = cleanText(200).regex(
  /^[^\s/?#]+$/,
  'an IATI identifier without spaces, "/", "?" or "#"',
);

/** A decimal amount as IATI writes it (may be negative: IATI records reversals as negative values). */
export const iatiValue = z
  .string()
  .regex(/^-?\d{1,15}(\.\d{1,6})?$/, 'a decimal such as "1000000.99" (at most 15 digits before the point)');

const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code, e.g. "EUR"');
const code = cleanText(40);

/** Text in one or more languages: IATI narratives, first the activity's default language. */
const narratives = z
  .array(
    z.strictObject({
      lang: z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 language code'),
      text: cleanText(4000),
    }),
  )
  .min(1)
  .max(8);

const orgRef = z.strictObject({
  ref: cleanText(200).optional(),
  type: code.optional(),
  name: cleanText(500).optional(),
});

const percentage = z.number().min(0).max(100);

export const iatiActivityRecorded = defineEvent(
  'iati.activity.recorded',
  1,
  z.strictObject({
    identifier: iatiIdentifier,
    /** where it was read from: the file's SHA-256, its name and the activity's line */
    source: z.strictObject({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256'),
      file: cleanText(300),
      line: z.number().int().min(1),
    }),
    /** IATI's last-updated-datetime of the activity, if the publisher gave one */
    lastUpdated: cleanText(40).optional(),
    reportingOrg: orgRef,
    title: narratives,
    description: narratives.optional(),
    /** ActivityStatus code: 1 pipeline … 6 suspended */
    status: z.enum(['1', '2', '3', '4', '5', '6']),
    humanitarian: z.boolean(),
    defaultCurrency: currencyCode.optional(),
    dates: z.array(z.strictObject({ type: z.enum(['1', '2', '3', '4']), date: isoDate })).max(8),
    participants: z.array(orgRef.extend({ role: z.enum(['1', '2', '3', '4']) })).max(50),
    recipientCountries: z
      .array(z.strictObject({ code: z.string().regex(/^[A-Z]{2}$/), percentage: percentage.optional() }))
      .max(50),
    sectors: z.array(z.strictObject({ vocabulary: code, code, percentage: percentage.optional() })).max(50),
    locations: z.array(z.strictObject({ name: cleanText(500).optional(), point: point.optional() })).max(50),
    budgets: z
      .array(
        z.strictObject({
          start: isoDate,
          end: isoDate,
          value: iatiValue,
          currency: currencyCode,
          valueDate: isoDate,
        }),
      )
      .max(50),
    /** how many transactions the activity reports (they follow in iati.transactions.recorded events) */
    transactionCount: z.number().int().min(0).max(100_000),
  }),
  'Records an activity as another organisation published it in IATI, with the file and line it was read from.',
);

export const iatiTransactionsRecorded = defineEvent(
  'iati.transactions.recorded',
  1,
  z.strictObject({
    identifier: iatiIdentifier,
    /** the id of the iati.activity.recorded event (the activity's version) these transactions belong to */
    activityEventId: eventId,
    /** position of the first transaction of this part among the activity's transactions */
    first: z.number().int().min(0),
    transactions: z
      .array(
        z.strictObject({
          /** TransactionType code: 1 incoming funds, 2 outgoing commitment, 3 disbursement, 4 expenditure … */
          type: z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13']),
          date: isoDate,
          value: iatiValue,
          currency: currencyCode,
          ref: cleanText(200).optional(),
          description: cleanText(2000).optional(),
          provider: orgRef.optional(),
          receiver: orgRef.optional(),
          line: z.number().int().min(1),
        }),
      )
      .min(1)
      .max(200),
  }),
  'Records money flows (IATI transactions) of an activity another organisation published, in the order of its file.',
);
