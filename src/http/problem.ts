import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AmanahError, type ErrorCode, type FieldIssue } from '../domain/errors.js';

/** The one table from error code to HTTP status. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNKNOWN_EVENT_TYPE: 400,
  UNSUPPORTED_SCHEMA_VERSION: 400,
  ENTRY_TOO_LARGE: 413,
  SIGNATURE_MISSING: 401,
  SIGNATURE_INVALID: 401,
  KEY_UNKNOWN: 401,
  KEY_REVOKED: 403,
  KEY_MISMATCH: 400,
  EVENT_TIME_SKEW: 400,
  ROLE_REQUIRED: 403,
  GENESIS_REQUIRED: 409,
  GENESIS_ALREADY_RECORDED: 409,
  ALREADY_EXISTS: 409,
  NOT_FOUND: 404,
  ORG_UNKNOWN: 422,
  IDEMPOTENCY_CONFLICT: 409,
  POLICY_MISSING: 409,
  POLICY_UNMET: 403,
  PROPOSAL_CLOSED: 409,
  PROPOSAL_EXPIRED: 409,
  PROPOSAL_VERSION_MISMATCH: 409,
  ALREADY_SIGNED: 409,
  CURRENCY_MISMATCH: 422,
  AMOUNT_MISMATCH: 422,
  RATE_MISMATCH: 422,
  PROPOSAL_NOT_EXECUTED: 409,
  PLEDGE_OVERPAID: 409,
  PLEDGE_CLOSED: 409,
  FUND_INSUFFICIENT: 409,
  OVER_DISBURSED: 409,
  OVER_SPENT: 409,
  OVER_REFUNDED: 409,
  // needs-based allocation (issue 4)
  JUSTIFICATION_REQUIRED: 422,
  FORMULA_MISMATCH: 422,
  // member changes (issue 4)
  MEMBER_STATUS_CONFLICT: 409,
  NOT_A_MEMBER: 403,
  // projects (issue 5)
  PARTNER_NOT_CLEARED: 409,
  PROJECT_STATE_INVALID: 409,
  PROJECT_VERSION_MISMATCH: 409,
  MILESTONE_NOT_VERIFIED: 409,
  TRANCHE_NOT_RELEASED: 409,
  MONITOR_NOT_INDEPENDENT: 403,
  EVIDENCE_NOT_CITED: 422,
  EVIDENCE_HASH_MISMATCH: 422,
  CONTRACT_OVER_BUDGET: 409,
  IATI_SCHEMA_INVALID: 422,
  IATI_VERSION_SUPERSEDED: 409,
  IATI_TRANSACTIONS_OUT_OF_ORDER: 409,
  // humanitarian access (issue 6)
  CROSSING_UNKNOWN: 422,
  CONSIGNMENT_UNKNOWN: 422,
  STAGE_OUT_OF_ORDER: 409,
  TIMESTAMP_IN_FUTURE: 422,
  TIMESTAMP_BEFORE_REQUEST: 422,
  ITEM_NOT_IN_MANIFEST: 422,
  OVER_REJECTED: 409,
  OVER_DELIVERED: 409,
  DUAL_USE_VERSION_UNKNOWN: 422,
  DUAL_USE_VERSION_OUT_OF_ORDER: 409,
  APPEAL_NOT_ALLOWED: 409,
  APPEAL_CLOSED: 409,
  DISTRIBUTION_POINT_UNKNOWN: 422,
  COMMITMENT_MISMATCH: 422,
  BENEFICIARY_ERASED: 410,
  SHUTTING_DOWN: 503,
  CONFIG_INVALID: 500,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** RFC 9457 problem details, with Amanah's code and the offending fields. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  errors?: FieldIssue[];
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'The request is not valid',
  NOT_FOUND: 'Not found',
  INTERNAL: 'Internal error',
};

export function toProblem(e: AmanahError, requestId: string): Problem {
  const status = STATUS_BY_CODE[e.code];
  return {
    type: `/api/docs/problems#${e.code.toLowerCase().replace(/_/g, '-')}`,
    title:
      TITLES[e.code] ??
      e.code
        .toLowerCase()
        .replace(/_/g, ' ')
        .replace(/^./, (c) => c.toUpperCase()),
    status,
    detail: e.message,
    code: e.code,
    instance: `urn:amanah:request:${requestId}`,
    ...(e.issues.length > 0 ? { errors: [...e.issues] } : {}),
  };
}

/** Turns whatever a route threw into an AmanahError: framework errors get their specific code. */
export function asAmanahError(err: unknown): AmanahError {
  if (err instanceof AmanahError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'request';
    const issues = err.validation.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return new AmanahError(
      'VALIDATION_FAILED',
      `the ${where} is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const fe = err as Partial<FastifyError> & Error;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AmanahError(
        'BODY_TOO_LARGE',
        'the request body is larger than the server accepts (256 KiB)',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AmanahError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AmanahError('MALFORMED_JSON', 'the body is empty; a JSON document was expected');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AmanahError('MALFORMED_JSON', `the body is not valid JSON: ${fe.message}`);
  }
  if (fe instanceof SyntaxError || fe.statusCode === 400) {
    return new AmanahError('MALFORMED_JSON', `the body is not valid JSON: ${fe.message}`);
  }
  if (fe.statusCode === 404) return new AmanahError('NOT_FOUND', fe.message);
  return new AmanahError('INTERNAL', 'an internal error occurred; nothing was written');
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const e = asAmanahError(err);
  const problem = toProblem(e, req.id);
  if (problem.status >= 500) req.log.error({ err }, e.message);
  else req.log.info({ code: e.code }, e.message);
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
