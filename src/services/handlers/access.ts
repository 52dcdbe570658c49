import {
  decideAppealDecided,
  decideConsignmentsImported,
  decideConsignmentStagesRecorded,
  decideConsignmentsRecorded,
  decideCrossingStatusChanged,
  decideDenialAppealed,
  decideDistributionPointRegistered,
  decideDistributionReported,
  decideDualUseListPublished,
} from '../../domain/access/decide.js';
import {
  appealDecided,
  consignmentsImported,
  consignmentStagesRecorded,
  consignmentsRecorded,
  crossingStatusChanged,
  denialAppealed,
  distributionPointRegistered,
  distributionReported,
  dualUseListPublished,
} from '../../domain/access/events.js';
import * as access from '../../store/access-repository.js';
import * as governance from '../../store/governance-repository.js';
import * as places from '../../store/places-repository.js';
import { handler, type EventHandler } from './handler.js';

/** Humanitarian access: consignments and their stages, crossings' status, the dual-use list, appeals, distribution. */
export const ACCESS_HANDLERS = [
  handler({
    event: consignmentsRecorded,
    load: (db, e) =>
      access.consignmentRecordingState(
        db,
        e.payload.consignments.map((c) => c.consignmentId),
      ),
    decide: decideConsignmentsRecorded,
    apply: access.applyConsignmentsRecorded,
  }),
  handler({
    event: consignmentsImported,
    load: (db, e) =>
      access.consignmentRecordingState(
        db,
        e.payload.rows.map((r) => r[1]),
      ),
    decide: decideConsignmentsImported,
    apply: access.applyConsignmentsImported,
  }),
  handler({
    event: consignmentStagesRecorded,
    load: async (db, e) => ({
      consignments: await access.findConsignmentStates(
        db,
        e.payload.stages.map((s) => s.consignmentId),
      ),
      listVersions: await access.dualUseVersions(db),
    }),
    decide: decideConsignmentStagesRecorded,
    apply: access.applyConsignmentStagesRecorded,
  }),
  handler({
    event: crossingStatusChanged,
    load: async (db, e) => ({
      crossingExists: await places.crossingExists(db, e.payload.crossing),
      sameInstantExists: await access.crossingStatusExists(db, e.payload.crossing, e.payload.effectiveFrom),
    }),
    decide: decideCrossingStatusChanged,
    apply: access.applyCrossingStatusChanged,
  }),
  handler({
    event: dualUseListPublished,
    load: async (db) => ({ latestVersion: await access.latestDualUseVersion(db) }),
    decide: decideDualUseListPublished,
    apply: access.applyDualUseListPublished,
  }),
  handler({
    event: denialAppealed,
    load: async (db, e) => ({
      exists: await access.appealExists(db, e.payload.appealId),
      consignment: await access.consignmentForAppeal(db, e.payload.consignmentId),
    }),
    decide: decideDenialAppealed,
    apply: access.applyDenialAppealed,
  }),
  handler({
    event: appealDecided,
    load: async (db, e) => ({ appeal: await access.findAppealState(db, e.payload.appealId) }),
    decide: decideAppealDecided,
    apply: access.applyAppealDecided,
  }),
  handler({
    event: distributionPointRegistered,
    load: async (db, e) => ({
      exists: await access.pointExists(db, e.payload.pointId),
      governorateExists: await places.governorateExists(db, e.payload.governorate),
      operatorExists: (await governance.findOrg(db, e.payload.operator)) !== undefined,
    }),
    decide: decideDistributionPointRegistered,
    apply: access.applyDistributionPointRegistered,
  }),
  handler({
    event: distributionReported,
    load: async (db, e) => ({
      exists: await access.reportExists(db, e.payload.reportId),
      pointExists: await access.pointExists(db, e.payload.pointId),
      deliveredHere: await access.deliveredToPoint(db, e.payload.pointId),
    }),
    decide: decideDistributionReported,
    apply: access.applyDistributionReported,
  }),
] as unknown as readonly EventHandler[];
