import { z } from 'zod';
import { cleanText, slugId } from '../common.js';
import { AmanahError } from '../errors.js';
import { beneficiaryCommitment, householdKey } from './beneficiaries.js';

/**
 * Requests to the private store of beneficiary records. They are signed like commands — the same
 * envelope, an agency's registered key — but for a different scope than the log: the signed message
 * names `<origin> private-store` where a log event names `<origin>`, so a signed request can never be
 * replayed into the log, nor a log event into the private store. Nothing here is ever appended to the
 * log; a request only reads or changes the private store.
 */
export const PRIVATE_REQUEST_TYPES = [
  'beneficiaries.store',
  'beneficiaries.open',
  'beneficiaries.erase',
  'beneficiaries.find-household',
] as const;
export type PrivateRequestType = (typeof PRIVATE_REQUEST_TYPES)[number];

/** How far a request's signing time may be from the server's clock: a short window against replays. */
export const PRIVATE_REQUEST_MAX_SKEW_MS = 5 * 60_000;

/** The scope a private-store request is signed for (see the module comment). */
export function privateStoreScope(origin: string): string {
  return `${origin} private-store`;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 / HMAC-SHA-256 value, 64 lower-case hex digits');

/**
 * A beneficiary record as an agency keeps it. Personal: it lives in the private store only. The
 * commitment on the log is SHA-256(salt ‖ JCS(record)), so the record is stored exactly as committed.
 */
export const beneficiaryRecord = z.strictObject({
  /** the agency's household identifier (registration card, UNRWA family number …) */
  householdId: cleanText(64),
  /** the name of the head of household or of the person served */
  name: cleanText(200),
  members: z.number().int().min(1).max(100).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ]{6,20}$/, 'digits and spaces, optionally starting with "+"')
    .optional(),
  /** where the household lives or shelters, as precisely as the agency records it */
  address: cleanText(300).optional(),
  note: cleanText(500).optional(),
});
export type BeneficiaryRecord = z.infer<typeof beneficiaryRecord>;

export const storeBeneficiariesPayload = z.strictObject({
  /** the distribution report on the log whose commitments these records open */
  reportId: slugId,
  records: z
    .array(
      z.strictObject({
        record: beneficiaryRecord,
        /** the random salt, 32 bytes as 64 hex digits */
        salt: hex64,
        commitment: hex64,
        /** HMAC-SHA-256 of the household id under the agencies' shared key (computed by the agency) */
        householdKey: hex64,
      }),
    )
    .min(1)
    .max(300),
});
export type StoreBeneficiariesPayload = z.infer<typeof storeBeneficiariesPayload>;

export const openBeneficiaryPayload = z.strictObject({ commitment: hex64 });

export const eraseBeneficiaryPayload = z.strictObject({
  commitment: hex64,
  /** why the record is erased (a request by the person, end of retention …); kept, without personal data */
  reason: cleanText(500),
});

export const findHouseholdPayload = z.strictObject({ householdKey: hex64 });

export const PRIVATE_PAYLOADS = {
  'beneficiaries.store': storeBeneficiariesPayload,
  'beneficiaries.open': openBeneficiaryPayload,
  'beneficiaries.erase': eraseBeneficiaryPayload,
  'beneficiaries.find-household': findHouseholdPayload,
} as const satisfies Record<PrivateRequestType, z.ZodType>;

/**
 * True when `record` with `saltHex` is what `commitment` commits to: SHA-256(salt ‖ JCS(record)).
 * This is the check an authorised holder makes when a commitment on the log is opened.
 */
export function commitmentOpens(record: BeneficiaryRecord, saltHex: string, commitment: string): boolean {
  return beneficiaryCommitment(record, Buffer.from(saltHex, 'hex')) === commitment;
}

/**
 * Checks records an agency stores against the distribution report on the log: each record opens its
 * commitment, and each commitment and household key is one the report carries. Throws naming the first
 * record that does not fit; returns nothing when all do.
 */
export function checkRecordsAgainstReport(
  records: StoreBeneficiariesPayload['records'],
  report: { reportId: string; commitments: readonly string[]; householdKeys: readonly string[] },
): void {
  const commitments = new Set(report.commitments);
  const keys = new Set(report.householdKeys);
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const path = `payload.records.${i}`;
    if (seen.has(r.commitment))
      throw new AmanahError('VALIDATION_FAILED', `record ${i + 1} repeats commitment ${r.commitment}`, [
        { path: `${path}.commitment`, message: 'appears twice in this request' },
      ]);
    seen.add(r.commitment);
    if (!commitmentOpens(r.record, r.salt, r.commitment))
      throw new AmanahError(
        'COMMITMENT_MISMATCH',
        `record ${i + 1}: SHA-256(salt ‖ canonical JSON of the record) is not the commitment given; send the record exactly as it was committed, with its salt`,
        [{ path: `${path}.commitment`, message: 'does not match the record and salt' }],
      );
    if (!commitments.has(r.commitment))
      throw new AmanahError(
        'COMMITMENT_MISMATCH',
        `record ${i + 1}: report ${report.reportId} on the log does not carry commitment ${r.commitment}`,
        [{ path: `${path}.commitment`, message: 'not among the report’s commitments' }],
      );
    if (!keys.has(r.householdKey))
      throw new AmanahError(
        'COMMITMENT_MISMATCH',
        `record ${i + 1}: report ${report.reportId} on the log does not carry household key ${r.householdKey}`,
        [{ path: `${path}.householdKey`, message: 'not among the report’s household keys' }],
      );
  });
}

/**
 * What an agency computes for one beneficiary before it reports a distribution: the commitment that
 * goes on the log, the household key that goes on the log, and the record with its salt that go to the
 * private store. `salt` must be fresh random bytes (32), never reused.
 */
export function sealBeneficiary(
  record: BeneficiaryRecord,
  salt: Uint8Array,
  sharedKey: Uint8Array,
): { record: BeneficiaryRecord; salt: string; commitment: string; householdKey: string } {
  if (salt.length !== 32) throw new Error('a beneficiary salt is 32 random bytes');
  return {
    record,
    salt: Buffer.from(salt).toString('hex'),
    commitment: beneficiaryCommitment(record, salt),
    householdKey: householdKey(sharedKey, record.householdId),
  };
}
