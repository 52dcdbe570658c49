import type { z } from 'zod';
import type { Role } from '../domain/actor.js';
import { requireRole } from '../domain/actor.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { assertEventSignature, envelopeSchema, type SignedEvent } from '../domain/envelope.js';
import { AmanahError } from '../domain/errors.js';
import { publicKeyObject } from '../domain/keys.js';
import { parseOrThrow } from '../domain/validation.js';
import {
  checkRecordsAgainstReport,
  commitmentOpens,
  PRIVATE_PAYLOADS,
  PRIVATE_REQUEST_MAX_SKEW_MS,
  PRIVATE_REQUEST_TYPES,
  privateStoreScope,
  type BeneficiaryRecord,
  type PrivateRequestType,
} from '../domain/access/private-requests.js';
import type { PrivateStore } from '../store/access-private-store.js';
import * as priv from '../store/access-private-repository.js';
import { findPointReport } from '../store/access-repository.js';
import type { Store } from '../store/database.js';
import { findActorKey } from '../store/governance-repository.js';
import { getEntry } from '../store/log-repository.js';
import type { Clock } from './clock.js';

/** The keys that may use the private store: agencies that report distributions. */
const AGENCY_ROLES: readonly Role[] = ['partner', 'access-officer', 'secretariat'];

export interface PrivateStoreDeps {
  /** the log's database: keys, and the distribution reports the records belong to */
  store: Store;
  /** the separate store of personal data */
  privateStore: PrivateStore;
  origin: string;
  clock: Clock;
}

interface Caller {
  keyId: string;
  org: string;
}

/**
 * Checks a signed private-store request: envelope, type, payload, the key (registered, active, an
 * agency role), the signing time (within five minutes) and the signature over the private-store scope.
 * Refuses with the first thing that is wrong; reads nothing from the private store.
 */
async function authorise(
  deps: PrivateStoreDeps,
  raw: unknown,
  expected: PrivateRequestType,
): Promise<{ request: SignedEvent; caller: Caller }> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new AmanahError('VALIDATION_FAILED', 'a private-store request is a signed JSON envelope', [
      { path: '(root)', message: 'expected an object' },
    ]);
  const sig = (raw as { sig?: unknown }).sig;
  if (sig === undefined || sig === '')
    throw new AmanahError(
      'SIGNATURE_MISSING',
      'the private store answers signed requests only: sign the request with an agency key ("sig")',
      [{ path: 'sig', message: 'required' }],
    );
  const request = parseOrThrow(envelopeSchema, raw, 'the request envelope') as SignedEvent;
  if (request.type !== expected)
    throw new AmanahError(
      'VALIDATION_FAILED',
      `this route takes a "${expected}" request, not "${request.type}" (private-store requests: ${PRIVATE_REQUEST_TYPES.join(', ')})`,
      [{ path: 'type', message: `must be "${expected}"` }],
    );
  if (request.sv !== 1)
    throw new AmanahError('UNSUPPORTED_SCHEMA_VERSION', `"${expected}" requests have version 1`, [
      { path: 'sv', message: 'must be 1' },
    ]);
  parseOrThrow(
    PRIVATE_PAYLOADS[expected] as z.ZodType,
    request.payload,
    `the "${expected}" request`,
    'payload',
  );
  const key = await findActorKey(deps.store.db, request.actor);
  if (!key)
    throw new AmanahError('KEY_UNKNOWN', `key ${request.actor} is not registered in this log`, [
      { path: 'actor', message: 'unknown key' },
    ]);
  if (key.status !== 'active')
    throw new AmanahError('KEY_REVOKED', `key ${request.actor} has been revoked`, [
      { path: 'actor', message: 'revoked' },
    ]);
  const skew = Date.parse(request.time) - deps.clock.now().getTime();
  if (Math.abs(skew) > PRIVATE_REQUEST_MAX_SKEW_MS)
    throw new AmanahError(
      'EVENT_TIME_SKEW',
      `the request is signed for ${request.time}, ${Math.round(Math.abs(skew) / 1000)} s from the server's clock; private-store requests are accepted within ${PRIVATE_REQUEST_MAX_SKEW_MS / 60_000} minutes`,
      [{ path: 'time', message: 'too far from the current time' }],
    );
  assertEventSignature(privateStoreScope(deps.origin), request, publicKeyObject(key.publicKey));
  requireRole(
    { keyId: key.keyId, org: key.org, roles: key.roles },
    AGENCY_ROLES,
    'using the private store of beneficiary records',
  );
  return { request, caller: { keyId: key.keyId, org: key.org } };
}

const replayed = (id: string) =>
  new AmanahError(
    'IDEMPOTENCY_CONFLICT',
    `request ${id} has already been served; sign a new request (each request id is used once)`,
    [{ path: 'id', message: 'already used' }],
  );

/** The report on the log, with the commitments and household keys its entry carries and who signed it. */
async function reportOnLog(deps: PrivateStoreDeps, reportId: string) {
  const report = await findPointReport(deps.store.db, reportId);
  if (!report) return undefined;
  const entry = await getEntry(deps.store.db, report.logIndex);
  const event = JSON.parse(entry.body) as SignedEvent<{
    beneficiaries?: { commitments: string[]; householdKeys: string[] };
  }>;
  const signer = await findActorKey(deps.store.db, event.actor);
  return {
    ...report,
    reportId,
    org: signer?.org,
    commitments: event.payload.beneficiaries?.commitments ?? [],
    householdKeys: event.payload.beneficiaries?.householdKeys ?? [],
  };
}

/**
 * `beneficiaries.store`: an agency keeps the records behind the commitments of a distribution report
 * it put on the log. Each record must open its commitment (SHA-256 of salt and record), and each
 * commitment and household key must be one the report carries; the report must be its own
 * organisation's. All records are stored, or none.
 */
export async function storeBeneficiaries(
  deps: PrivateStoreDeps,
  raw: unknown,
): Promise<{ reportId: string; stored: number; logIndex: number }> {
  const { request, caller } = await authorise(deps, raw, 'beneficiaries.store');
  const p = request.payload as {
    reportId: string;
    records: Array<{ record: BeneficiaryRecord; salt: string; commitment: string; householdKey: string }>;
  };
  const report = await reportOnLog(deps, p.reportId);
  if (!report)
    throw new AmanahError(
      'NOT_FOUND',
      `distribution report ${p.reportId} is not on the log; record the report first, then its beneficiaries`,
      [{ path: 'payload.reportId', message: 'no such report' }],
    );
  if (report.org !== caller.org)
    throw new AmanahError(
      'ROLE_REQUIRED',
      `report ${p.reportId} was recorded by ${report.org ?? 'an unknown organisation'}; only its own agency keeps its beneficiary records`,
      [{ path: 'payload.reportId', message: 'another organisation’s report' }],
    );
  checkRecordsAgainstReport(p.records, report);
  const now = deps.clock.now().toISOString();
  await deps.privateStore.db.transaction().execute(async (tx) => {
    const { stored, erased } = await priv.existingCommitments(
      tx,
      p.records.map((r) => r.commitment),
    );
    p.records.forEach((r, i) => {
      if (stored.has(r.commitment) || erased.has(r.commitment))
        throw new AmanahError(
          'ALREADY_EXISTS',
          `record ${i + 1}: commitment ${r.commitment} is already ${erased.has(r.commitment) ? 'erased' : 'stored'}; an erased record is not stored again under the same commitment`,
          [{ path: `payload.records.${i}.commitment`, message: 'already known' }],
        );
    });
    if (!(await priv.claimRequestId(tx, { ...reqRef(request), keyId: caller.keyId })))
      throw replayed(request.id);
    await priv.insertRecords(
      tx,
      p.records.map((r) => ({
        commitment: r.commitment,
        org_id: caller.org,
        report_id: p.reportId,
        point_id: report.pointId,
        date: report.date,
        household_key: r.householdKey,
        record: canonicalJson(r.record),
        salt: r.salt,
        log_index: report.logIndex,
        stored_at: now,
        stored_by: caller.keyId,
      })),
    );
  });
  return { reportId: p.reportId, stored: p.records.length, logIndex: report.logIndex };
}

const reqRef = (r: SignedEvent) => ({ id: r.id, type: r.type, at: r.time });

/** A stored record, or the refusal that says it was erased or never stored. */
async function heldRecord(db: PrivateStore['db'], commitment: string, caller: Caller) {
  const rec = await priv.findRecord(db, commitment);
  if (!rec) {
    const erased = await priv.findErasure(db, commitment);
    if (erased)
      throw new AmanahError(
        'BENEFICIARY_ERASED',
        `the record behind commitment ${commitment} was erased on ${erased.erasedAt} (${erased.reason}); the commitment stays on the log but can no longer be opened`,
        [{ path: 'payload.commitment', message: 'erased' }],
      );
    throw new AmanahError('NOT_FOUND', `no record is stored for commitment ${commitment}`, [
      { path: 'payload.commitment', message: 'unknown commitment' },
    ]);
  }
  if (rec.orgId !== caller.org)
    throw new AmanahError(
      'ROLE_REQUIRED',
      `the record behind commitment ${commitment} is held by ${rec.orgId}; only that agency's keys open or erase it`,
      [{ path: 'payload.commitment', message: 'held by another organisation' }],
    );
  return rec;
}

/**
 * `beneficiaries.open`: the holding agency reads a record and its salt, with the check that they open
 * the commitment its distribution report carries on the log.
 */
export async function openBeneficiary(deps: PrivateStoreDeps, raw: unknown) {
  const { request, caller } = await authorise(deps, raw, 'beneficiaries.open');
  const { commitment } = request.payload as { commitment: string };
  const rec = await heldRecord(deps.privateStore.db, commitment, caller);
  const report = await reportOnLog(deps, rec.reportId);
  const record = JSON.parse(rec.record) as BeneficiaryRecord;
  await deps.privateStore.db.transaction().execute(async (tx) => {
    if (!(await priv.claimRequestId(tx, { ...reqRef(request), keyId: caller.keyId })))
      throw replayed(request.id);
  });
  return {
    commitment,
    reportId: rec.reportId,
    pointId: rec.pointId,
    date: rec.date,
    logIndex: rec.logIndex,
    householdKey: rec.householdKey,
    record,
    salt: rec.salt,
    /** SHA-256(salt ‖ JCS(record)) equals the commitment */
    opens: commitmentOpens(record, rec.salt, commitment),
    /** the report's entry on the log carries this commitment */
    onLog: report?.commitments.includes(commitment) ?? false,
  };
}

/**
 * `beneficiaries.erase`: the holding agency removes a record and its salt. The commitment on the log is
 * untouched — the log stays complete and verifiable — but without the salt it can no longer be opened.
 */
export async function eraseBeneficiary(deps: PrivateStoreDeps, raw: unknown) {
  const { request, caller } = await authorise(deps, raw, 'beneficiaries.erase');
  const { commitment, reason } = request.payload as { commitment: string; reason: string };
  const now = deps.clock.now().toISOString();
  let reportId = '';
  let logIndex = 0;
  await deps.privateStore.db.transaction().execute(async (tx) => {
    const rec = await heldRecord(tx, commitment, caller);
    if (!(await priv.claimRequestId(tx, { ...reqRef(request), keyId: caller.keyId })))
      throw replayed(request.id);
    await priv.eraseRecord(tx, rec, { keyId: caller.keyId, at: now, reason });
    reportId = rec.reportId;
    logIndex = rec.logIndex;
  });
  await deps.privateStore.afterErasure();
  return { commitment, reportId, logIndex, erasedAt: now };
}

/**
 * `beneficiaries.find-household`: which agencies served a household, found by its keyed hash (the
 * agencies' shared key turns a household id into the same key everywhere). It answers where, when and
 * by whom — never another agency's record.
 */
export async function findHousehold(deps: PrivateStoreDeps, raw: unknown) {
  const { request, caller } = await authorise(deps, raw, 'beneficiaries.find-household');
  const { householdKey } = request.payload as { householdKey: string };
  const [records, erased] = await Promise.all([
    priv.recordsOfHousehold(deps.privateStore.db, householdKey),
    priv.erasuresOfHousehold(deps.privateStore.db, householdKey),
  ]);
  await deps.privateStore.db.transaction().execute(async (tx) => {
    if (!(await priv.claimRequestId(tx, { ...reqRef(request), keyId: caller.keyId })))
      throw replayed(request.id);
  });
  const agencies = [...new Set(records.map((r) => r.orgId))].sort();
  return {
    householdKey,
    agencies,
    /** served by more than one agency: a possible double registration to look into */
    duplicate: agencies.length > 1,
    records,
    erasedRecords: erased,
  };
}
