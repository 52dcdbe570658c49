/**
 * The one error type of Amanah. Use cases, rules and repositories throw it with a code from a closed
 * union; the HTTP layer maps each code to a status (src/http/problem.ts) and the CLI prints its message.
 * A refused command changes nothing, so every refusal says what was wrong and what would be accepted.
 */

export type ErrorCode =
  // input
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNKNOWN_EVENT_TYPE'
  | 'UNSUPPORTED_SCHEMA_VERSION'
  | 'ENTRY_TOO_LARGE'
  // signatures and keys
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_INVALID'
  | 'KEY_UNKNOWN'
  | 'KEY_REVOKED'
  | 'KEY_MISMATCH'
  | 'EVENT_TIME_SKEW'
  // authorisation and rules
  | 'ROLE_REQUIRED'
  | 'GENESIS_REQUIRED'
  | 'GENESIS_ALREADY_RECORDED'
  | 'ALREADY_EXISTS'
  | 'NOT_FOUND'
  | 'ORG_UNKNOWN'
  | 'IDEMPOTENCY_CONFLICT'
  // decisions
  | 'POLICY_MISSING'
  | 'POLICY_UNMET'
  | 'PROPOSAL_CLOSED'
  | 'PROPOSAL_EXPIRED'
  | 'PROPOSAL_VERSION_MISMATCH'
  | 'ALREADY_SIGNED'
  | 'CURRENCY_MISMATCH'
  // the fund
  | 'AMOUNT_MISMATCH'
  | 'RATE_MISMATCH'
  | 'PROPOSAL_NOT_EXECUTED'
  | 'PLEDGE_OVERPAID'
  | 'PLEDGE_CLOSED'
  | 'FUND_INSUFFICIENT'
  | 'OVER_DISBURSED'
  | 'OVER_SPENT'
  | 'OVER_REFUNDED'
  // needs-based allocation (issue 4)
  | 'JUSTIFICATION_REQUIRED'
  | 'FORMULA_MISMATCH'
  // member changes (issue 4)
  | 'MEMBER_STATUS_CONFLICT'
  | 'NOT_A_MEMBER'
  // projects (issue 5)
  | 'PARTNER_NOT_CLEARED'
  | 'PROJECT_STATE_INVALID'
  | 'PROJECT_VERSION_MISMATCH'
  | 'MILESTONE_NOT_VERIFIED'
  | 'TRANCHE_NOT_RELEASED'
  | 'MONITOR_NOT_INDEPENDENT'
  | 'EVIDENCE_NOT_CITED'
  | 'EVIDENCE_HASH_MISMATCH'
  | 'CONTRACT_OVER_BUDGET'
  // IATI activities published by others
  | 'IATI_SCHEMA_INVALID'
  | 'IATI_VERSION_SUPERSEDED'
  | 'IATI_TRANSACTIONS_OUT_OF_ORDER'
  // humanitarian access (issue 6)
  | 'CROSSING_UNKNOWN'
  | 'CONSIGNMENT_UNKNOWN'
  | 'STAGE_OUT_OF_ORDER'
  | 'TIMESTAMP_IN_FUTURE'
  | 'TIMESTAMP_BEFORE_REQUEST'
  | 'ITEM_NOT_IN_MANIFEST'
  | 'OVER_REJECTED'
  | 'OVER_DELIVERED'
  | 'DUAL_USE_VERSION_UNKNOWN'
  | 'DUAL_USE_VERSION_OUT_OF_ORDER'
  | 'APPEAL_NOT_ALLOWED'
  | 'APPEAL_CLOSED'
  | 'DISTRIBUTION_POINT_UNKNOWN'
  | 'COMMITMENT_MISMATCH'
  | 'BENEFICIARY_ERASED'
  // system
  | 'SHUTTING_DOWN'
  | 'CONFIG_INVALID'
  | 'DATABASE_UNAVAILABLE'
  | 'INTERNAL';

/** One problem with one field of the input, addressed by its path (`payload.name.en`). */
export interface FieldIssue {
  path: string;
  message: string;
}

export class AmanahError extends Error {
  override readonly name = 'AmanahError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Type guard that also narrows to a given code when one is passed. */
export function isAmanahError(e: unknown, code?: ErrorCode): e is AmanahError {
  return e instanceof AmanahError && (code === undefined || e.code === code);
}
