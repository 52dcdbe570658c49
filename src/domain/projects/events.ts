import { z } from 'zod';
import { cleanText, i18nText, point, slugId } from '../common.js';
import { utcInstant } from '../envelope.js';
import { defineEvent } from '../event-type.js';
import { SECTORS, type Sector } from '../funds/events.js';
import { amount, isoDate } from '../funds/money.js';

/*
 * Palestinian-led reconstruction (mechanism M3): implementing partners are vetted, propose projects
 * that the members approve through the policy, report milestones that field monitors verify on the
 * ground, and receive each milestone's tranche only once it is verified and a tranche-release decision
 * cites the verification. Procurement follows OCDS; what a project built is recorded as assets, and
 * damage reports mark them damaged or destroyed. Large content (photos) stays off the log: the log
 * holds its SHA-256.
 */

/**
 * The OECD DAC / CRS purpose code each sector is reported under in IATI (codelist "Sector",
 * vocabulary 1). Rubble removal is reported as immediate post-emergency reconstruction.
 */
export const DAC_PURPOSE_CODES: Record<Sector, string> = {
  housing: '16040', // Low-cost housing
  education: '11120', // Education facilities and training
  health: '12230', // Basic health infrastructure
  'water-sanitation': '14020', // Water supply and sanitation - large systems
  energy: '23630', // Electric power transmission and distribution (centralised grids)
  'roads-infrastructure': '21020', // Road transport
  livelihoods: '16020', // Employment creation
  'rubble-removal': '73010', // Immediate post-emergency reconstruction and rehabilitation
};

export const governorateCode = z.string().regex(/^PS\d{2,6}$/, 'an OCHA P-code such as "PS0270"');
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash, 64 lower-case hex digits');

/** A closed ring of WGS 84 positions [lon, lat] (GeoJSON order), first equal to last. */
const ring = z
  .array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]))
  .min(4)
  .max(200)
  .refine((r) => {
    // zod runs this even when `min` has failed: an empty ring is left to that message
    if (r.length === 0) return true;
    const a = r[0]!;
    const b = r[r.length - 1]!;
    return a[0] === b[0] && a[1] === b[1];
  }, 'a polygon ring is closed: its last position equals its first');

export const projectLocation = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('point'),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  }),
  z.strictObject({ type: z.literal('polygon'), ring }),
]);
export type ProjectLocation = z.infer<typeof projectLocation>;

/** A whole quantity as a decimal string (materials are counted in whole units: tonnes, bags, bars). */
export const quantity = z.string().regex(/^[1-9][0-9]{0,14}$/, 'a positive whole quantity, e.g. "120"');

export const VETTING_STATUSES = ['cleared', 'conditional', 'suspended', 'rejected'] as const;
export type VettingStatus = (typeof VETTING_STATUSES)[number];

export const partnerVetted = defineEvent(
  'partner.vetted',
  1,
  z.strictObject({
    partner: slugId,
    status: z.enum(VETTING_STATUSES),
    date: isoDate,
    /** what was checked and what was found */
    reason: cleanText(2000),
  }),
  "Records the outcome of vetting an implementing partner; the partner's history keeps every outcome.",
);

export const milestoneSpec = z.strictObject({
  milestoneId: slugId,
  title: i18nText,
  due: isoDate,
  /** what the milestone releases once verified */
  tranche: amount,
});

export const projectProposed = defineEvent(
  'project.proposed',
  1,
  z.strictObject({
    projectId: slugId,
    /** the project-approval decision the partner put to the members for this project */
    proposalId: slugId,
    partner: slugId,
    title: i18nText,
    sector: z.enum(SECTORS),
    governorate: governorateCode,
    location: projectLocation,
    /** equal to the sum of the milestones' tranches, and to the decision's amount */
    budget: amount,
    beneficiaries: z.number().int().min(0).max(10_000_000),
    plannedStart: isoDate,
    plannedEnd: isoDate,
    milestones: z.array(milestoneSpec).min(1).max(20),
  }),
  'An implementing partner proposes a reconstruction project, with its milestones and the tranche each releases.',
);

export const projectApproved = defineEvent(
  'project.approved',
  1,
  z.strictObject({
    projectId: slugId,
    /** the allocation of the fund that pays the project's tranches */
    allocationId: slugId,
  }),
  "Records that the members' project-approval decision took effect and names the allocation that funds it.",
);

/** What an amendment may change; anything left out stays as it was. */
export const projectChanges = z
  .strictObject({
    title: i18nText.optional(),
    location: projectLocation.optional(),
    beneficiaries: z.number().int().min(0).max(10_000_000).optional(),
    plannedStart: isoDate.optional(),
    plannedEnd: isoDate.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'an amendment changes at least one field');

export const projectAmended = defineEvent(
  'project.amended',
  1,
  z.strictObject({
    projectId: slugId,
    /** the version this amendment creates: the current version + 1 */
    version: z.number().int().min(2).max(10_000),
    changes: projectChanges,
    reason: cleanText(2000),
  }),
  'Amends a project; every version is kept with the reason it was changed.',
);

export const milestoneReported = defineEvent(
  'milestone.reported',
  1,
  z.strictObject({
    projectId: slugId,
    milestoneId: slugId,
    date: isoDate,
    statement: cleanText(2000),
  }),
  'The implementing partner reports a milestone as reached; a field monitor then verifies it on site.',
);

export const evidencePhoto = z.strictObject({
  sha256: sha256Hex,
  mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  bytes: z
    .number()
    .int()
    .min(1)
    .max(20 * 2 ** 20),
});

export const milestoneVerified = defineEvent(
  'milestone.verified',
  1,
  z.strictObject({
    verificationId: slugId,
    projectId: slugId,
    milestoneId: slugId,
    /** `confirmed`: the milestone is reached as reported; `not-confirmed`: it is not (the partner may report again) */
    finding: z.enum(['confirmed', 'not-confirmed']),
    /** where and when the monitor observed it */
    position: point,
    observedAt: utcInstant,
    statement: cleanText(2000),
    /**
     * photos kept off the log: the log holds their SHA-256, size and type; the files are uploaded to
     * the evidence store afterwards (monitors often sign offline), which accepts only cited files
     */
    photos: z.array(evidencePhoto).min(1).max(20),
  }),
  'A field monitor records what was found on site for a reported milestone, with photos by hash, position and time.',
);

export const trancheReleased = defineEvent(
  'tranche.released',
  1,
  z.strictObject({
    projectId: slugId,
    milestoneId: slugId,
    /** the verification that confirmed the milestone */
    verificationId: slugId,
    /** the executed tranche-release decision; its justification cites the verification id */
    proposalId: slugId,
    /** the id under which the fund records (or recorded) the payment to the partner */
    disbursementId: slugId,
  }),
  "Releases a milestone's tranche: it cites the verification and the members' tranche-release decision.",
);

// --- procurement, shaped as OCDS -------------------------------------------------------------------

export const PROCUREMENT_METHODS = ['open', 'selective', 'limited', 'direct'] as const;

export const tenderPublished = defineEvent(
  'tender.published',
  1,
  z.strictObject({
    tenderId: slugId,
    projectId: slugId,
    title: cleanText(300),
    description: cleanText(2000).optional(),
    method: z.enum(PROCUREMENT_METHODS),
    category: z.enum(['goods', 'works', 'services']),
    value: amount,
    /** the period in which bids are received */
    tenderPeriod: z.strictObject({ start: utcInstant, end: utcInstant }),
  }),
  'The implementing partner publishes a tender for a project (OCDS tender).',
);

export const bidSubmitted = defineEvent(
  'bid.submitted',
  1,
  z.strictObject({
    bidId: slugId,
    tenderId: slugId,
    /** the bidding supplier: a registered implementing partner (a contractor) */
    supplier: slugId,
    value: amount,
  }),
  "A supplier's bid for a tender, signed with the supplier's own key.",
);

export const awardMade = defineEvent(
  'award.made',
  1,
  z.strictObject({ awardId: slugId, tenderId: slugId, bidId: slugId, date: isoDate }),
  'The implementing partner awards a tender to one bid (OCDS award).',
);

export const contractSigned = defineEvent(
  'contract.signed',
  1,
  z.strictObject({
    contractId: slugId,
    awardId: slugId,
    value: amount,
    date: isoDate,
    period: z.strictObject({ start: isoDate, end: isoDate }),
  }),
  'The contract that follows an award; its value fits within what the project has not yet contracted.',
);

export const contractAmended = defineEvent(
  'contract.amended',
  1,
  z.strictObject({
    contractId: slugId,
    amendmentId: slugId,
    value: amount,
    date: isoDate,
    rationale: cleanText(2000),
  }),
  'Amends a contract’s value, with the rationale (OCDS amendment).',
);

// --- assets and damage -------------------------------------------------------------------------------

export const ASSET_KINDS = [
  'housing-unit',
  'classroom',
  'clinic-bed',
  'health-facility',
  'water-connection',
  'water-facility',
  'power-connection',
  'road-km',
  'workshop',
  'cleared-site',
] as const;

export const assetRecorded = defineEvent(
  'asset.recorded',
  1,
  z.strictObject({
    assetId: slugId,
    projectId: slugId,
    kind: z.enum(ASSET_KINDS),
    work: z.enum(['built', 'repaired']),
    count: z.number().int().min(1).max(100_000),
    location: point,
    /** what the work on it cost */
    value: amount,
    date: isoDate,
  }),
  'Records what a project built or repaired, where, and what it cost.',
);

export const damageReported = defineEvent(
  'damage.reported',
  1,
  z.strictObject({
    reportId: slugId,
    assetId: slugId,
    date: isoDate,
    extent: z.enum(['damaged', 'destroyed']),
    /** who reports it, e.g. "UNOSAT imagery 2026-03-04" or "field visit" */
    source: cleanText(500),
    confidence: z.enum(['low', 'medium', 'high']),
    /** for partial damage: the estimated value lost (destroyed means the whole remaining value) */
    estimatedLoss: amount.optional(),
    description: cleanText(2000).optional(),
  }),
  'Reports damage to a recorded asset, with its source and a confidence level.',
);

// --- construction materials ------------------------------------------------------------------------

export const materialLine = z.strictObject({
  item: cleanText(120),
  category: cleanText(120),
  unit: cleanText(40),
  quantity,
});
export type MaterialLine = z.infer<typeof materialLine>;

export const materialsWarehoused = defineEvent(
  'materials.warehoused',
  1,
  z.strictObject({
    receiptId: slugId,
    projectId: slugId,
    /** the consignment that brought the materials in through a crossing (access area), if known */
    consignmentId: slugId.optional(),
    warehouse: cleanText(200),
    date: isoDate,
    items: z.array(materialLine).min(1).max(50),
  }),
  'Records construction materials received into a warehouse for a project, with the consignment that brought them.',
);

export const materialsDelivered = defineEvent(
  'materials.delivered',
  1,
  z.strictObject({
    deliveryId: slugId,
    projectId: slugId,
    /** the warehouse receipt the materials came from */
    receiptId: slugId,
    date: isoDate,
    items: z.array(materialLine).min(1).max(50),
  }),
  'Records construction materials delivered from the warehouse to the project site.',
);
