import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';

/**
 * Beneficiary data is personal: the record itself stays in the private store; the log holds only
 *  - a commitment: SHA-256(salt ‖ JCS(record)), with a random 32-byte salt kept beside the record, so
 *    the record can later be shown to match without the log revealing it (nor allowing a guess to be
 *    checked, as the salt is secret);
 *  - a household key: HMAC-SHA-256(shared agency key, normalised household identifier), the same for
 *    the same household at every agency that holds the shared key, so double registrations are found
 *    across agencies without exchanging names; without the key it cannot be recomputed from an id.
 */

/** The salted commitment to a beneficiary record (hex). */
export function beneficiaryCommitment(record: Record<string, unknown>, salt: Uint8Array): string {
  if (salt.length < 16) throw new Error('a commitment salt has at least 16 random bytes');
  return createHash('sha256').update(salt).update(canonicalJson(record)).digest('hex');
}

/** The keyed hash that lets agencies recognise the same household (hex). */
export function householdKey(sharedKey: Uint8Array, householdId: string): string {
  if (sharedKey.length < 32) throw new Error('the shared agency key has at least 32 bytes');
  const normalised = householdId.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  return createHmac('sha256', sharedKey).update(normalised).digest('hex');
}
