import { z } from 'zod';
import { cleanText, slugId } from '../common.js';
import { defineEvent } from '../event-type.js';
import { amount, isoDate, rate } from './money.js';

/** The sectors an allocation can fund (the reconstruction plan's headings). */
export const SECTORS = [
  'housing',
  'education',
  'health',
  'water-sanitation',
  'energy',
  'roads-infrastructure',
  'livelihoods',
  'rubble-removal',
] as const;
export type Sector = (typeof SECTORS)[number];

const governorateCode = z.string().regex(/^PS\d{2,6}$/, 'an OCHA P-code such as "PS0270"');

export const pledgeRecorded = defineEvent(
  'pledge.recorded',
  1,
  z.strictObject({
    pledgeId: slugId,
    /** the pledging organisation: a member state or a donor */
    donor: slugId,
    amount,
    date: isoDate,
    conditions: cleanText(2000).optional(),
  }),
  'Records a pledge to the fund: who pledged how much, in which currency, on which date.',
);

export const receiptRecorded = defineEvent(
  'receipt.recorded',
  1,
  z.strictObject({
    receiptId: slugId,
    pledgeId: slugId,
    /** in the pledge's currency */
    amount,
    date: isoDate,
    /** the bank's reference for the transfer */
    reference: cleanText(200),
  }),
  "Records money received into the fund's account against a pledge.",
);

export const conversionRecorded = defineEvent(
  'conversion.recorded',
  1,
  z.strictObject({
    conversionId: slugId,
    from: amount,
    to: amount,
    /** units of `to.currency` per unit of `from.currency`; `to` is `from` × rate, rounded half to even */
    rate,
    date: isoDate,
    /** where the rate comes from: the bank's deal ticket, a central bank fixing */
    source: cleanText(300),
  }),
  'Records an exchange of fund cash from one currency into another, with the rate, its date and its source.',
);

export const allocationCommitted = defineEvent(
  'allocation.committed',
  1,
  z.strictObject({
    allocationId: slugId,
    /** the executed 'allocation' decision this commitment carries out */
    proposalId: slugId,
    /** equal to the decision's amount and currency */
    amount,
    governorate: governorateCode,
    sector: z.enum(SECTORS),
    date: isoDate,
  }),
  "Commits fund cash to an allocation the members decided: it leaves the fund's uncommitted cash.",
);

export const disbursementMade = defineEvent(
  'disbursement.made',
  1,
  z.strictObject({
    disbursementId: slugId,
    allocationId: slugId,
    /** the implementing partner that receives the money */
    partner: slugId,
    amount,
    date: isoDate,
  }),
  'Records money paid from an allocation to an implementing partner.',
);

export const expenditureReported = defineEvent(
  'expenditure.reported',
  1,
  z.strictObject({
    expenditureId: slugId,
    disbursementId: slugId,
    amount,
    date: isoDate,
    description: cleanText(1000),
  }),
  'An implementing partner reports what it spent of a disbursement, signed with its own key.',
);

export const refundRecorded = defineEvent(
  'refund.recorded',
  1,
  z.strictObject({ refundId: slugId, disbursementId: slugId, amount, date: isoDate }),
  'Records unspent money a partner paid back; it returns to the allocation it came from.',
);

export const pledgeCancelled = defineEvent(
  'pledge.cancelled',
  1,
  z.strictObject({ pledgeId: slugId, reason: cleanText(2000) }),
  'Cancels the unpaid remainder of a pledge, with the reason; what was received stays received.',
);
