// Shapes of the access area's answers (src/http/routes/access.ts) that the consignment and
// distribution-point pages read, checked as far as the pages rely on them.
import type { LocalisedName } from './places';
import { listOf, localName, minorUnits, nullableString, type Paged } from './project-records';
import { asArray, asInteger, asObject, asString, type JsonObject } from './read-json';

export interface ConsignmentSummary {
  readonly id: string;
  readonly crossing: string;
  readonly requestedAt: string;
  readonly donor: string | null;
  readonly sender: string | null;
  readonly trucks: number;
  readonly weightKg: string | null;
  readonly category: string;
  readonly stage: string;
  readonly stageAt: string;
  readonly enteredAt: string | null;
  readonly logIndex: number;
}

const summary = (raw: JsonObject, what: string): ConsignmentSummary => ({
  id: asString(raw.id, `${what}.id`),
  crossing: asString(raw.crossing, `${what}.crossing`),
  requestedAt: asString(raw.requestedAt, `${what}.requestedAt`),
  donor: nullableString(raw.donor, `${what}.donor`),
  sender: nullableString(raw.sender, `${what}.sender`),
  trucks: asInteger(raw.trucks, `${what}.trucks`),
  weightKg: raw.weightKg === null ? null : minorUnits(raw.weightKg, `${what}.weightKg`),
  category: asString(raw.category, `${what}.category`),
  stage: asString(raw.stage, `${what}.stage`),
  stageAt: asString(raw.stageAt, `${what}.stageAt`),
  enteredAt: nullableString(raw.enteredAt, `${what}.enteredAt`),
  logIndex: asInteger(raw.logIndex, `${what}.logIndex`),
});

/** `GET /api/v1/access/consignments`. */
export function parseConsignments(json: unknown): Paged<ConsignmentSummary> {
  const object = asObject(json, 'consignments');
  return {
    items: listOf(object.items, 'consignments.items', summary),
    total: asInteger(object.total, 'consignments.total'),
  };
}

export interface Rejection {
  readonly item: string;
  readonly quantity: string;
  readonly reason: string;
  /** The dual-use list version the inspection applied, when it says. */
  readonly listVersion: number | null;
}

export interface ConsignmentDetail extends ConsignmentSummary {
  readonly items: readonly {
    readonly item: string;
    readonly category: string;
    readonly unit: string;
    readonly quantity: string;
    readonly rejected: string;
    readonly entered: string;
    readonly delivered: string;
    readonly lost: string;
  }[];
  readonly stages: readonly {
    readonly stage: string;
    readonly at: string;
    readonly secondsSincePrevious: number;
    readonly reason: string | null;
    readonly rejected: readonly Rejection[];
    readonly destination: { readonly kind: string; readonly id: string } | null;
    readonly logIndex: number;
  }[];
  readonly deliveries: readonly {
    readonly item: string;
    readonly destination: { readonly kind: string; readonly id: string };
    readonly quantity: string;
  }[];
  readonly appeals: readonly {
    readonly id: string;
    readonly grounds: string;
    readonly filedAt: string;
    readonly deadline: string;
    readonly status: string;
    readonly outcome: string | null;
    readonly decidedAt: string | null;
    readonly reason: string | null;
    readonly logIndex: number;
  }[];
}

const destination = (raw: unknown, what: string): { kind: string; id: string } => {
  const object = asObject(raw, what);
  return { kind: asString(object.kind, `${what}.kind`), id: asString(object.id, `${what}.id`) };
};

/** `GET /api/v1/access/consignments/:id`. */
export function parseConsignmentDetail(json: unknown): ConsignmentDetail {
  const raw = asObject(json, 'consignment');
  return {
    ...summary(raw, 'consignment'),
    items: listOf(raw.items, 'items', (i, w) => ({
      item: asString(i.item, `${w}.item`),
      category: asString(i.category, `${w}.category`),
      unit: asString(i.unit, `${w}.unit`),
      quantity: minorUnits(i.quantity, `${w}.quantity`),
      rejected: minorUnits(i.rejected, `${w}.rejected`),
      entered: minorUnits(i.entered, `${w}.entered`),
      delivered: minorUnits(i.delivered, `${w}.delivered`),
      lost: minorUnits(i.lost, `${w}.lost`),
    })),
    stages: listOf(raw.stages, 'stages', (s, w) => ({
      stage: asString(s.stage, `${w}.stage`),
      at: asString(s.at, `${w}.at`),
      secondsSincePrevious: asInteger(s.secondsSincePrevious, `${w}.secondsSincePrevious`),
      reason: nullableString(s.reason, `${w}.reason`),
      rejected:
        s.rejected === undefined
          ? []
          : listOf(s.rejected, `${w}.rejected`, (r, rw) => ({
              item: asString(r.item, `${rw}.item`),
              quantity: minorUnits(r.quantity, `${rw}.quantity`),
              reason: asString(r.reason, `${rw}.reason`),
              listVersion: r.listVersion === undefined ? null : asInteger(r.listVersion, `${rw}.listVersion`),
            })),
      destination: s.destination === undefined ? null : destination(s.destination, `${w}.destination`),
      logIndex: asInteger(s.logIndex, `${w}.logIndex`),
    })),
    deliveries: listOf(raw.deliveries, 'deliveries', (d, w) => ({
      item: asString(d.item, `${w}.item`),
      destination: destination(d.destination, `${w}.destination`),
      quantity: minorUnits(d.quantity, `${w}.quantity`),
    })),
    appeals: listOf(raw.appeals, 'appeals', (a, w) => ({
      id: asString(a.id, `${w}.id`),
      grounds: asString(a.grounds, `${w}.grounds`),
      filedAt: asString(a.filedAt, `${w}.filedAt`),
      deadline: asString(a.deadline, `${w}.deadline`),
      status: asString(a.status, `${w}.status`),
      outcome: nullableString(a.outcome, `${w}.outcome`),
      decidedAt: nullableString(a.decidedAt, `${w}.decidedAt`),
      reason: nullableString(a.reason, `${w}.reason`),
      logIndex: asInteger(a.logIndex, `${w}.logIndex`),
    })),
  };
}

export interface AccessCrossing {
  readonly code: string;
  readonly name: LocalisedName;
}

/** `GET /api/v1/access/crossings`: the names the consignment pages show for crossing codes. */
export function parseAccessCrossings(json: unknown): readonly AccessCrossing[] {
  return listOf(json, 'crossings', (c, w) => ({
    code: asString(c.code, `${w}.code`),
    name: localName(c.name, `${w}.name`),
  }));
}

export const SERVED_KINDS = ['meals', 'parcels', 'litres', 'consultations'] as const;
export type ServedKind = (typeof SERVED_KINDS)[number];

export interface DistributionPoint {
  readonly id: string;
  readonly kind: string;
  readonly name: LocalisedName;
  readonly governorate: string;
  readonly operator: string;
  readonly location: { readonly lat: number; readonly lon: number } | null;
  readonly reports: number;
  readonly served: Readonly<Record<ServedKind, string>>;
  readonly households: string;
  readonly logIndex: number;
}

/** `GET /api/v1/access/distribution-points`. */
export function parseDistributionPoints(json: unknown): readonly DistributionPoint[] {
  const object = asObject(json, 'distribution points');
  asArray(object.points, 'points');
  return listOf(object.points, 'points', (p, w) => {
    const served = asObject(p.served, `${w}.served`);
    const location = p.location === null ? null : asObject(p.location, `${w}.location`);
    return {
      id: asString(p.id, `${w}.id`),
      kind: asString(p.kind, `${w}.kind`),
      name: localName(p.name, `${w}.name`),
      governorate: asString(p.governorate, `${w}.governorate`),
      operator: asString(p.operator, `${w}.operator`),
      location:
        location !== null && typeof location.lat === 'number' && typeof location.lon === 'number'
          ? { lat: location.lat, lon: location.lon }
          : null,
      reports: asInteger(p.reports, `${w}.reports`),
      served: {
        meals: minorUnits(served.meals, `${w}.served.meals`),
        parcels: minorUnits(served.parcels, `${w}.served.parcels`),
        litres: minorUnits(served.litres, `${w}.served.litres`),
        consultations: minorUnits(served.consultations, `${w}.served.consultations`),
      },
      households: minorUnits(p.households, `${w}.households`),
      logIndex: asInteger(p.logIndex, `${w}.logIndex`),
    };
  });
}
