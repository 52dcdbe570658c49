import { requireRole, type Actor } from '../actor.js';
import type { SignedEvent } from '../envelope.js';
import { AmanahError, isAmanahError } from '../errors.js';
import { instantMs } from '../time.js';
import type { PayloadOf } from '../event-type.js';
import { consignmentsOfRows, withRowPaths } from './imported-rows.js';
import type {
  appealDecided,
  Consignment,
  consignmentsImported,
  consignmentStagesRecorded,
  consignmentsRecorded,
  crossingStatusChanged,
  denialAppealed,
  distributionPointRegistered,
  distributionReported,
  dualUseListPublished,
  ItemCategory,
  Stage,
  StageRecord,
} from './events.js';

/*
 * The rules of humanitarian access. A consignment's stages follow one order; timestamps never run
 * backwards, never precede the request and never lie after the moment the record is signed; what is
 * delivered never exceeds what entered. A batch is decided whole: one bad consignment refuses the
 * entry, with the path of the offending line, and nothing of it is written.
 */

const RANK: Record<Stage, number> = {
  cleared: 1,
  denied: 1,
  arrived: 2,
  inspected: 3,
  returned: 4,
  entered: 5,
  collected: 6,
  delivered: 7,
  intercepted: 7,
  looted: 7,
};
/** After these a consignment's journey is over. */
export const TERMINAL: ReadonlySet<Stage> = new Set<Stage>(['denied', 'returned', 'intercepted', 'looted']);
/** These happen inside Gaza, so the consignment must have entered first. */
const AFTER_ENTRY: ReadonlySet<Stage> = new Set<Stage>(['collected', 'delivered', 'intercepted', 'looted']);

/** What the rules need to know of a consignment already recorded. */
export interface ConsignmentState {
  requestedAt: string;
  /** the last stage reached, and when; undefined while only requested */
  stage: Stage | undefined;
  stageAt: string;
  enteredAt: string | undefined;
  /** per manifest line: quantity, rejected at inspection, delivered/intercepted/looted so far */
  lines: Map<string, { quantity: bigint; rejected: bigint; settled: bigint }>;
}

const ACCESS_ROLES = ['access-officer', 'secretariat'] as const;

function refuse(code: ConstructorParameters<typeof AmanahError>[0], path: string, message: string): never {
  throw new AmanahError(code, message, [{ path, message }]);
}

/** The state of a consignment as its record creates it (before its stages). */
export function initialState(
  c: PayloadOf<typeof consignmentsRecorded>['consignments'][number],
): ConsignmentState {
  return {
    requestedAt: c.requestedAt,
    stage: undefined,
    stageAt: c.requestedAt,
    enteredAt: undefined,
    lines: new Map(c.items.map((i) => [i.item, { quantity: BigInt(i.quantity), rejected: 0n, settled: 0n }])),
  };
}

/**
 * Advances `state` by one stage, or refuses with the precise reason. `signedAt` is the signing time of
 * the event: nothing can have happened after it. Mutates and returns `state`.
 */
export function advanceStage(
  state: ConsignmentState,
  s: StageRecord,
  signedAt: string,
  path: string,
  listVersions: ReadonlySet<number>,
): ConsignmentState {
  const at = instantMs(s.at);
  if (at > instantMs(signedAt))
    refuse(
      'TIMESTAMP_IN_FUTURE',
      `${path}.at`,
      `${s.stage} at ${s.at} is later than the record itself (signed ${signedAt}); record a stage once it has happened`,
    );
  if (at < instantMs(state.requestedAt))
    refuse(
      'TIMESTAMP_BEFORE_REQUEST',
      `${path}.at`,
      `${s.stage} at ${s.at} is before the consignment was requested (${state.requestedAt})`,
    );
  if (at < instantMs(state.stageAt))
    refuse(
      'STAGE_OUT_OF_ORDER',
      `${path}.at`,
      `${s.stage} at ${s.at} is before the previous stage (${state.stage ?? 'requested'} at ${state.stageAt}); stage times never run backwards`,
    );
  const last = state.stage;
  if (last && TERMINAL.has(last))
    refuse(
      'STAGE_OUT_OF_ORDER',
      `${path}.stage`,
      `the consignment was ${last} at ${state.stageAt}: no stage can follow`,
    );
  const repeat = last !== undefined && RANK[last] === RANK.delivered && RANK[s.stage] === RANK.delivered;
  if (last && RANK[s.stage] <= RANK[last] && !(repeat && last === 'delivered'))
    refuse(
      'STAGE_OUT_OF_ORDER',
      `${path}.stage`,
      `${s.stage} cannot follow ${last}; the order is cleared or denied → arrived → inspected → entered (or returned) → collected → delivered, intercepted or looted`,
    );
  if (AFTER_ENTRY.has(s.stage) && state.enteredAt === undefined)
    refuse(
      'STAGE_OUT_OF_ORDER',
      `${path}.stage`,
      `${s.stage} needs the consignment to have entered Gaza first; record the entered stage before it`,
    );
  if ((s.stage === 'denied' || s.stage === 'returned') && s.reason === undefined)
    refuse('VALIDATION_FAILED', `${path}.reason`, `a ${s.stage} stage needs the reason given`);
  if (s.rejected && s.stage !== 'inspected')
    refuse(
      'VALIDATION_FAILED',
      `${path}.rejected`,
      'rejected items are recorded at the inspected stage only',
    );
  if (s.destination && s.stage !== 'delivered')
    refuse('VALIDATION_FAILED', `${path}.destination`, 'a destination belongs to a delivered stage only');
  if (s.items && !['delivered', 'intercepted', 'looted'].includes(s.stage))
    refuse(
      'VALIDATION_FAILED',
      `${path}.items`,
      'items are given for delivered, intercepted or looted stages only',
    );
  if (s.stage === 'delivered' && !s.destination)
    refuse(
      'VALIDATION_FAILED',
      `${path}.destination`,
      'a delivered stage names where it went (warehouse, distribution point or project site)',
    );

  for (const [i, r] of (s.rejected ?? []).entries()) {
    const line = state.lines.get(r.item);
    if (!line)
      refuse(
        'ITEM_NOT_IN_MANIFEST',
        `${path}.rejected.${i}.item`,
        `"${r.item}" is not a line of the manifest (${[...state.lines.keys()].join(', ')})`,
      );
    if (r.listVersion !== undefined && !listVersions.has(r.listVersion))
      refuse(
        'DUAL_USE_VERSION_UNKNOWN',
        `${path}.rejected.${i}.listVersion`,
        `dual-use list version ${r.listVersion} has not been published`,
      );
    const left = line.quantity - line.rejected;
    if (BigInt(r.quantity) > left)
      refuse(
        'OVER_REJECTED',
        `${path}.rejected.${i}.quantity`,
        `${r.quantity} of "${r.item}" rejected, but only ${left} are on the manifest`,
      );
    line.rejected += BigInt(r.quantity);
  }
  if (s.stage === 'delivered' || s.stage === 'intercepted' || s.stage === 'looted') {
    const items =
      s.items ??
      [...state.lines]
        .map(([item, l]) => ({ item, quantity: String(l.quantity - l.rejected - l.settled) }))
        .filter((x) => x.quantity !== '0');
    if (items.length === 0)
      refuse(
        'OVER_DELIVERED',
        `${path}.items`,
        'everything that entered has already been delivered or lost: nothing is left',
      );
    for (const [i, it] of items.entries()) {
      const line = state.lines.get(it.item);
      if (!line)
        refuse(
          'ITEM_NOT_IN_MANIFEST',
          `${path}.items.${i}.item`,
          `"${it.item}" is not a line of the manifest (${[...state.lines.keys()].join(', ')})`,
        );
      const left = line.quantity - line.rejected - line.settled;
      if (BigInt(it.quantity) > left)
        refuse(
          'OVER_DELIVERED',
          `${path}.items.${i}.quantity`,
          `${it.quantity} of "${it.item}" ${s.stage}, but only ${left} entered and remain (entered ${line.quantity - line.rejected}, already delivered or lost ${line.settled})`,
        );
      line.settled += BigInt(it.quantity);
    }
  }
  if (s.stage === 'entered') state.enteredAt = s.at;
  state.stage = s.stage;
  state.stageAt = s.at;
  return state;
}

export interface RecordState {
  /** ids of the batch that are already recorded */
  existing: ReadonlySet<string>;
  crossings: ReadonlySet<string>;
  listVersions: ReadonlySet<number>;
}

/** One consignment of a batch, checked on its own (the importer runs it on each row before sending). */
export function checkConsignment(
  c: PayloadOf<typeof consignmentsRecorded>['consignments'][number],
  signedAt: string,
  path: string,
  state: Pick<RecordState, 'crossings' | 'listVersions'>,
): ConsignmentState {
  if (!state.crossings.has(c.crossing))
    refuse(
      'CROSSING_UNKNOWN',
      `${path}.crossing`,
      `crossing "${c.crossing}" is not registered; registered: ${[...state.crossings].sort().join(', ')}`,
    );
  if (instantMs(c.requestedAt) > instantMs(signedAt))
    refuse(
      'TIMESTAMP_IN_FUTURE',
      `${path}.requestedAt`,
      `requested at ${c.requestedAt}, later than the record itself (signed ${signedAt})`,
    );
  if (c.items.length > 1) {
    const seen = new Set<string>();
    for (const [i, line] of c.items.entries()) {
      if (seen.has(line.item))
        refuse(
          'VALIDATION_FAILED',
          `${path}.items.${i}.item`,
          `"${line.item}" appears twice in the manifest; give each line a distinct item name`,
        );
      seen.add(line.item);
    }
  }
  const st = initialState(c);
  c.stages.forEach((s, i) => advanceStage(st, s, signedAt, `${path}.stages.${i}`, state.listVersions));
  return st;
}

export function decideConsignmentsRecorded(
  e: SignedEvent<PayloadOf<typeof consignmentsRecorded>>,
  actor: Actor,
  state: RecordState,
): void {
  decideNewConsignments(e.payload.consignments, 'payload.consignments', e.time, actor, state);
}

/** The rows of an imported line list: decided as the consignments they stand for. */
export function decideConsignmentsImported(
  e: SignedEvent<PayloadOf<typeof consignmentsImported>>,
  actor: Actor,
  state: RecordState,
): void {
  try {
    decideNewConsignments(consignmentsOfRows(e.payload.rows), 'payload.rows', e.time, actor, state);
  } catch (err) {
    throw isAmanahError(err) ? withRowPaths(err) : err;
  }
}

/**
 * Consignments recorded for the first time, in one signed entry: each new, each on a registered
 * crossing, its stages in order and none after `signedAt`.
 */
function decideNewConsignments(
  consignments: readonly Consignment[],
  at: string,
  signedAt: string,
  actor: Actor,
  state: RecordState,
): void {
  requireRole(actor, ACCESS_ROLES, 'recording consignments');
  const inBatch = new Set<string>();
  consignments.forEach((c, i) => {
    const path = `${at}.${i}`;
    if (state.existing.has(c.consignmentId) || inBatch.has(c.consignmentId))
      refuse(
        'ALREADY_EXISTS',
        `${path}.consignmentId`,
        `consignment ${c.consignmentId} is already recorded; record further stages with consignment-stages.recorded`,
      );
    inBatch.add(c.consignmentId);
    checkConsignment(c, signedAt, path, state);
  });
}

export function decideConsignmentStagesRecorded(
  e: SignedEvent<PayloadOf<typeof consignmentStagesRecorded>>,
  actor: Actor,
  state: { consignments: Map<string, ConsignmentState>; listVersions: ReadonlySet<number> },
): void {
  requireRole(actor, ACCESS_ROLES, 'recording consignment stages');
  e.payload.stages.forEach((s, i) => {
    const c = state.consignments.get(s.consignmentId);
    if (!c)
      refuse(
        'CONSIGNMENT_UNKNOWN',
        `payload.stages.${i}.consignmentId`,
        `consignment ${s.consignmentId} is not recorded; record it with consignments.recorded first`,
      );
    advanceStage(c, s, e.time, `payload.stages.${i}`, state.listVersions);
  });
}

export function decideCrossingStatusChanged(
  e: SignedEvent<PayloadOf<typeof crossingStatusChanged>>,
  actor: Actor,
  state: { crossingExists: boolean; sameInstantExists: boolean },
): void {
  requireRole(actor, ACCESS_ROLES, "recording a crossing's status");
  const p = e.payload;
  if (!state.crossingExists)
    refuse('CROSSING_UNKNOWN', 'payload.crossing', `crossing "${p.crossing}" is not registered`);
  if (instantMs(p.effectiveFrom) > instantMs(e.time) + 366 * 86_400_000)
    refuse(
      'TIMESTAMP_IN_FUTURE',
      'payload.effectiveFrom',
      'a status change can be announced at most a year ahead',
    );
  if (state.sameInstantExists)
    refuse(
      'ALREADY_EXISTS',
      'payload.effectiveFrom',
      `crossing "${p.crossing}" already has a status change from ${p.effectiveFrom}`,
    );
  if (p.hours && p.status === 'closed')
    refuse('VALIDATION_FAILED', 'payload.hours', 'a closed crossing has no opening hours; leave hours out');
}

export function decideDualUseListPublished(
  e: SignedEvent<PayloadOf<typeof dualUseListPublished>>,
  actor: Actor,
  state: { latestVersion: number },
): void {
  requireRole(actor, ACCESS_ROLES, 'publishing the dual-use list');
  const want = state.latestVersion + 1;
  if (e.payload.version !== want)
    refuse(
      'DUAL_USE_VERSION_OUT_OF_ORDER',
      'payload.version',
      `the next version of the dual-use list is ${want}, not ${e.payload.version}`,
    );
  const seen = new Set<string>();
  e.payload.items.forEach((it, i) => {
    if (seen.has(it.item))
      refuse('VALIDATION_FAILED', `payload.items.${i}.item`, `"${it.item}" is listed twice`);
    seen.add(it.item);
  });
}

export function decideDenialAppealed(
  e: SignedEvent<PayloadOf<typeof denialAppealed>>,
  actor: Actor,
  state: {
    exists: boolean;
    consignment: { stage: Stage | undefined; stageAt: string; rejected: bigint } | undefined;
  },
): void {
  requireRole(actor, ['access-officer', 'secretariat', 'partner'], 'appealing a denial');
  const p = e.payload;
  if (state.exists) refuse('ALREADY_EXISTS', 'payload.appealId', `appeal ${p.appealId} is already recorded`);
  if (!state.consignment)
    refuse('CONSIGNMENT_UNKNOWN', 'payload.consignmentId', `consignment ${p.consignmentId} is not recorded`);
  if (state.consignment.stage !== 'denied' && state.consignment.rejected === 0n)
    refuse(
      'APPEAL_NOT_ALLOWED',
      'payload.consignmentId',
      `consignment ${p.consignmentId} was neither denied nor had items rejected: there is nothing to appeal`,
    );
  if (instantMs(p.filedAt) > instantMs(e.time))
    refuse(
      'TIMESTAMP_IN_FUTURE',
      'payload.filedAt',
      `filed at ${p.filedAt}, later than the record itself (signed ${e.time})`,
    );
  if (instantMs(p.filedAt) < instantMs(state.consignment.stageAt))
    refuse(
      'TIMESTAMP_BEFORE_REQUEST',
      'payload.filedAt',
      `filed at ${p.filedAt}, before the decision appealed (${state.consignment.stageAt})`,
    );
  if (p.deadline < p.filedAt.slice(0, 10))
    refuse(
      'VALIDATION_FAILED',
      'payload.deadline',
      `the deadline ${p.deadline} is before the appeal was filed (${p.filedAt})`,
    );
}

export function decideAppealDecided(
  e: SignedEvent<PayloadOf<typeof appealDecided>>,
  actor: Actor,
  state: { appeal: { status: string; filedAt: string } | undefined },
): void {
  requireRole(actor, ACCESS_ROLES, 'recording the decision on an appeal');
  const p = e.payload;
  if (!state.appeal) refuse('NOT_FOUND', 'payload.appealId', `appeal ${p.appealId} is not recorded`);
  if (state.appeal.status !== 'open')
    refuse('APPEAL_CLOSED', 'payload.appealId', `appeal ${p.appealId} was already decided`);
  if (instantMs(p.decidedAt) > instantMs(e.time))
    refuse(
      'TIMESTAMP_IN_FUTURE',
      'payload.decidedAt',
      `decided at ${p.decidedAt}, later than the record itself (signed ${e.time})`,
    );
  if (instantMs(p.decidedAt) < instantMs(state.appeal.filedAt))
    refuse(
      'TIMESTAMP_BEFORE_REQUEST',
      'payload.decidedAt',
      `decided at ${p.decidedAt}, before the appeal was filed (${state.appeal.filedAt})`,
    );
}

export function decideDistributionPointRegistered(
  e: SignedEvent<PayloadOf<typeof distributionPointRegistered>>,
  actor: Actor,
  state: { exists: boolean; governorateExists: boolean; operatorExists: boolean },
): void {
  requireRole(actor, ['access-officer', 'secretariat', 'partner'], 'registering a distribution point');
  const p = e.payload;
  if (state.exists)
    refuse('ALREADY_EXISTS', 'payload.pointId', `distribution point ${p.pointId} is already registered`);
  if (!state.governorateExists)
    refuse('VALIDATION_FAILED', 'payload.governorate', `governorate ${p.governorate} is not registered`);
  if (!state.operatorExists)
    refuse('ORG_UNKNOWN', 'payload.operator', `organisation ${p.operator} is not registered`);
}

export function decideDistributionReported(
  e: SignedEvent<PayloadOf<typeof distributionReported>>,
  actor: Actor,
  state: {
    exists: boolean;
    pointExists: boolean;
    /** delivered to this point, and already reported received here, per consignment line "id|item" */
    deliveredHere: Map<string, { delivered: bigint; received: bigint }>;
  },
): void {
  requireRole(actor, ['access-officer', 'secretariat', 'partner'], 'reporting a distribution');
  const p = e.payload;
  if (state.exists) refuse('ALREADY_EXISTS', 'payload.reportId', `report ${p.reportId} is already recorded`);
  if (!state.pointExists)
    refuse(
      'DISTRIBUTION_POINT_UNKNOWN',
      'payload.pointId',
      `distribution point ${p.pointId} is not registered`,
    );
  if (p.date > e.time.slice(0, 10))
    refuse('TIMESTAMP_IN_FUTURE', 'payload.date', `the report is for ${p.date}, a day that has not come yet`);
  (p.received ?? []).forEach((r, i) => {
    const k = `${r.consignmentId}|${r.item}`;
    const d = state.deliveredHere.get(k) ?? { delivered: 0n, received: 0n };
    if (d.received + BigInt(r.quantity) > d.delivered)
      refuse(
        'OVER_DELIVERED',
        `payload.received.${i}.quantity`,
        `${r.quantity} of "${r.item}" from ${r.consignmentId} reported received, but ${d.delivered} were delivered here and ${d.received} already reported`,
      );
    d.received += BigInt(r.quantity);
    state.deliveredHere.set(k, d);
  });
  const b = p.beneficiaries;
  if (b && new Set(b.householdKeys).size !== b.householdKeys.length)
    refuse(
      'VALIDATION_FAILED',
      'payload.beneficiaries.householdKeys',
      'a household key appears twice in one report',
    );
  if (b && b.householdKeys.length > p.households)
    refuse(
      'VALIDATION_FAILED',
      'payload.households',
      `${b.householdKeys.length} household keys, but only ${p.households} households reported`,
    );
}

/** The category of a consignment for the metrics: its lines' one category, or 'mixed'. */
export function consignmentCategory(items: ReadonlyArray<{ category: ItemCategory }>): ItemCategory {
  const first = items[0]!.category;
  return items.every((i) => i.category === first) ? first : 'mixed';
}
