// Shapes of the projects area's answers (src/http/routes/projects.ts, src/services/projects.ts),
// checked as far as the project pages rely on them: an answer that does not match is shown as an
// error, never as a wrong number.
import type { LocalisedName } from './places';
import { asArray, asInteger, asObject, asString, type JsonObject } from './read-json';

export const minorUnits = (value: unknown, what: string): string => {
  const text = asString(value, what);
  if (!/^-?\d+$/.test(text)) throw new TypeError(`${what}: integer minor units expected`);
  return text;
};
export const nullableString = (value: unknown, what: string): string | null =>
  value === null || value === undefined ? null : asString(value, what);
const nullableInteger = (value: unknown, what: string): number | null =>
  value === null || value === undefined ? null : asInteger(value, what);
export const localName = (value: unknown, what: string): LocalisedName => {
  const out: Record<string, string> = {};
  for (const [language, text] of Object.entries(asObject(value, what))) {
    if (typeof text === 'string') out[language] = text;
  }
  return out;
};
export function listOf<T>(json: unknown, what: string, item: (raw: JsonObject, what: string) => T): T[] {
  return asArray(json, what).map((raw, i) => item(asObject(raw, `${what}[${i}]`), `${what}[${i}]`));
}
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export interface Amount {
  readonly value: string;
  readonly currency: string;
}
export const amount = (value: unknown, what: string): Amount => {
  const object = asObject(value, what);
  return {
    value: minorUnits(object.value, `${what}.value`),
    currency: asString(object.currency, `${what}.currency`),
  };
};

export interface ProjectSummary {
  readonly id: string;
  readonly title: LocalisedName;
  readonly partner: string;
  readonly sector: string;
  readonly governorate: string;
  readonly status: string;
  readonly budget: Amount;
  readonly beneficiaries: number;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly version: number;
  /** A point, or the first corner of an outline; null when the project has no usable position. */
  readonly position: { readonly lat: number; readonly lon: number } | null;
  readonly logIndex: number;
}

function position(raw: unknown): { lat: number; lon: number } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const location = raw as { lat?: unknown; lon?: unknown; ring?: unknown };
  if (isNumber(location.lat) && isNumber(location.lon)) return { lat: location.lat, lon: location.lon };
  if (Array.isArray(location.ring) && location.ring.length > 0) {
    // The centre of the outline's corners (the closing corner repeats the first).
    const corners = (location.ring as unknown[])
      .slice(0, -1)
      .filter((c): c is [number, number] => Array.isArray(c) && isNumber(c[0]) && isNumber(c[1]));
    if (corners.length === 0) return null;
    const sum = corners.reduce((acc, [lon, lat]) => ({ lat: acc.lat + lat, lon: acc.lon + lon }), {
      lat: 0,
      lon: 0,
    });
    return { lat: sum.lat / corners.length, lon: sum.lon / corners.length };
  }
  return null;
}

const projectSummary = (raw: JsonObject, what: string): ProjectSummary => ({
  id: asString(raw.id, `${what}.id`),
  title: localName(raw.title, `${what}.title`),
  partner: asString(raw.partner, `${what}.partner`),
  sector: asString(raw.sector, `${what}.sector`),
  governorate: asString(raw.governorate, `${what}.governorate`),
  status: asString(raw.status, `${what}.status`),
  budget: amount(raw.budget, `${what}.budget`),
  beneficiaries: asInteger(raw.beneficiaries, `${what}.beneficiaries`),
  plannedStart: asString(raw.plannedStart, `${what}.plannedStart`),
  plannedEnd: asString(raw.plannedEnd, `${what}.plannedEnd`),
  version: asInteger(raw.version, `${what}.version`),
  position: position(raw.location),
  logIndex: asInteger(raw.logIndex, `${what}.logIndex`),
});

export interface Paged<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/** `GET /api/v1/projects`. */
export function parseProjects(json: unknown): Paged<ProjectSummary> {
  const object = asObject(json, 'projects');
  return {
    items: listOf(object.items, 'projects.items', projectSummary),
    total: asInteger(object.total, 'projects.total'),
  };
}

export interface Partner {
  readonly id: string;
  readonly name: LocalisedName;
}

/** `GET /api/v1/partners`: the names the project list's filter offers. */
export function parsePartners(json: unknown): Paged<Partner> {
  const object = asObject(json, 'partners');
  return {
    items: listOf(object.items, 'partners.items', (raw, what) => ({
      id: asString(raw.id, `${what}.id`),
      name: localName(raw.name, `${what}.name`),
    })),
    total: asInteger(object.total, 'partners.total'),
  };
}

export interface MaterialLine {
  readonly item: string;
  readonly category: string;
  readonly unit: string;
  readonly quantity: string;
}
const materialLine = (raw: JsonObject, what: string): MaterialLine => ({
  item: asString(raw.item, `${what}.item`),
  category: asString(raw.category, `${what}.category`),
  unit: asString(raw.unit, `${what}.unit`),
  quantity: minorUnits(raw.quantity, `${what}.quantity`),
});

export interface ChainFlag {
  readonly kind: string;
  readonly message: LocalisedName;
  /** For a materials flag: the item whose quantities do not reconcile. */
  readonly item: string | null;
}
const flag = (raw: JsonObject, what: string): ChainFlag => ({
  kind: asString(raw.kind, `${what}.kind`),
  message: localName(raw.message, `${what}.message`),
  item: nullableString(raw.item, `${what}.item`),
});

export interface ProjectDetail extends ProjectSummary {
  readonly partnerName: LocalisedName | null;
  readonly proposalId: string;
  readonly approvedIndex: number | null;
  readonly dacCode: string;
  readonly versions: readonly {
    readonly version: number;
    readonly fields: readonly string[];
    readonly reason: string | null;
    readonly logIndex: number;
  }[];
  readonly funding: {
    readonly allocation: {
      readonly id: string;
      readonly decision: string;
      readonly amount: Amount;
      readonly disbursed: string;
      readonly date: string;
      readonly logIndex: number;
    } | null;
    readonly pooledFrom: readonly {
      readonly donor: string;
      readonly pledgeId: string;
      readonly received: string;
    }[];
    readonly tranches: readonly {
      readonly milestoneId: string;
      readonly disbursementId: string;
      readonly amount: Amount;
      readonly releasedAt: string;
      readonly payment: string;
      readonly logIndex: number;
    }[];
    readonly disbursements: readonly {
      readonly id: string;
      readonly amount: Amount;
      readonly spent: string;
      readonly date: string;
      readonly logIndex: number;
    }[];
    readonly expenditures: readonly {
      readonly id: string;
      readonly disbursementId: string;
      readonly amount: Amount;
      readonly date: string;
      readonly description: string;
      readonly logIndex: number;
    }[];
  };
  readonly milestones: readonly {
    readonly id: string;
    readonly title: LocalisedName;
    readonly due: string;
    readonly tranche: Amount;
    readonly status: string;
    readonly reported: { readonly date: string; readonly statement: string } | null;
    readonly verifications: readonly {
      readonly id: string;
      readonly finding: string;
      readonly monitorOrg: string;
      readonly observedAt: string;
      readonly statement: string;
      readonly evidence: readonly {
        readonly sha256: string;
        readonly mediaType: string;
        readonly bytes: number;
        readonly stored: boolean;
      }[];
      readonly logIndex: number;
    }[];
    readonly release: { readonly proposalId: string; readonly logIndex: number } | null;
  }[];
  readonly procurement: readonly {
    readonly tenderId: string;
    readonly title: string;
    readonly method: string;
    readonly category: string;
    readonly value: Amount;
    readonly status: string;
    readonly logIndex: number;
    readonly bids: readonly {
      readonly id: string;
      readonly supplier: string;
      readonly supplierName: LocalisedName | null;
      readonly value: string;
      readonly logIndex: number;
    }[];
    readonly awards: readonly {
      readonly id: string;
      readonly bidId: string;
      readonly supplier: string;
      readonly value: string;
      readonly date: string;
      readonly logIndex: number;
    }[];
    readonly contracts: readonly {
      readonly id: string;
      readonly supplier: string;
      readonly value: Amount;
      readonly originalValue: string;
      readonly date: string;
      readonly logIndex: number;
      readonly amendments: readonly {
        readonly id: string;
        readonly previousValue: string;
        readonly value: string;
        readonly date: string;
        readonly rationale: string;
        readonly logIndex: number;
      }[];
    }[];
  }[];
  readonly materials: readonly {
    readonly receiptId: string;
    readonly consignmentId: string | null;
    readonly warehouse: string | null;
    readonly date: string;
    readonly logIndex: number;
    readonly entered: readonly MaterialLine[] | null;
    readonly warehoused: readonly MaterialLine[];
    readonly deliveries: readonly {
      readonly deliveryId: string;
      readonly date: string;
      readonly logIndex: number;
      readonly items: readonly MaterialLine[];
    }[];
    readonly flags: readonly ChainFlag[];
  }[];
  readonly assets: readonly {
    readonly id: string;
    readonly kind: string;
    readonly work: string;
    readonly count: number;
    readonly value: Amount;
    readonly valueLost: string;
    readonly date: string;
    readonly status: string;
    readonly logIndex: number;
    readonly damage: readonly {
      readonly id: string;
      readonly date: string;
      readonly extent: string;
      readonly source: string;
      readonly confidence: string;
      readonly description: string;
      readonly valueLost: string;
      readonly logIndex: number;
    }[];
    readonly rebuiltThenDestroyed: { readonly valueLost: Amount; readonly donors: readonly string[] } | null;
  }[];
  readonly flags: readonly ChainFlag[];
}

/** `GET /api/v1/projects/:id`: the whole chain of one project. */
export function parseProjectDetail(json: unknown): ProjectDetail {
  const raw = asObject(json, 'project');
  const funding = asObject(raw.funding, 'funding');
  const allocation = funding.allocation === null ? null : asObject(funding.allocation, 'funding.allocation');
  return {
    ...projectSummary(raw, 'project'),
    partnerName: raw.partnerName === null ? null : localName(raw.partnerName, 'partnerName'),
    proposalId: asString(raw.proposalId, 'proposalId'),
    approvedIndex: nullableInteger(raw.approvedIndex, 'approvedIndex'),
    dacCode: asString(raw.dacCode, 'dacCode'),
    versions: listOf(raw.versions, 'versions', (v, w) => ({
      version: asInteger(v.version, `${w}.version`),
      fields: Object.keys(asObject(v.changes, `${w}.changes`)).sort(),
      reason: nullableString(v.reason, `${w}.reason`),
      logIndex: asInteger(v.logIndex, `${w}.logIndex`),
    })),
    funding: {
      allocation:
        allocation === null
          ? null
          : {
              id: asString(allocation.id, 'allocation.id'),
              decision: asString(allocation.decision, 'allocation.decision'),
              amount: amount(allocation.amount, 'allocation.amount'),
              disbursed: minorUnits(allocation.disbursed, 'allocation.disbursed'),
              date: asString(allocation.date, 'allocation.date'),
              logIndex: asInteger(allocation.logIndex, 'allocation.logIndex'),
            },
      pooledFrom: listOf(funding.pooledFrom, 'pooledFrom', (p, w) => ({
        donor: asString(p.donor, `${w}.donor`),
        pledgeId: asString(p.pledgeId, `${w}.pledgeId`),
        received: minorUnits(p.received, `${w}.received`),
      })),
      tranches: listOf(funding.tranches, 'tranches', (t, w) => ({
        milestoneId: asString(t.milestoneId, `${w}.milestoneId`),
        disbursementId: asString(t.disbursementId, `${w}.disbursementId`),
        amount: amount(t.amount, `${w}.amount`),
        releasedAt: asString(t.releasedAt, `${w}.releasedAt`),
        payment: asString(t.payment, `${w}.payment`),
        logIndex: asInteger(t.logIndex, `${w}.logIndex`),
      })),
      disbursements: listOf(funding.disbursements, 'disbursements', (d, w) => ({
        id: asString(d.id, `${w}.id`),
        amount: amount(d.amount, `${w}.amount`),
        spent: minorUnits(d.spent, `${w}.spent`),
        date: asString(d.date, `${w}.date`),
        logIndex: asInteger(d.logIndex, `${w}.logIndex`),
      })),
      expenditures: listOf(funding.expenditures, 'expenditures', (x, w) => ({
        id: asString(x.id, `${w}.id`),
        disbursementId: asString(x.disbursementId, `${w}.disbursementId`),
        amount: amount(x.amount, `${w}.amount`),
        date: asString(x.date, `${w}.date`),
        description: asString(x.description, `${w}.description`),
        logIndex: asInteger(x.logIndex, `${w}.logIndex`),
      })),
    },
    milestones: listOf(raw.milestones, 'milestones', (m, w) => {
      const reported = m.reported === null ? null : asObject(m.reported, `${w}.reported`);
      const release = m.release === null ? null : asObject(m.release, `${w}.release`);
      return {
        id: asString(m.id, `${w}.id`),
        title: localName(m.title, `${w}.title`),
        due: asString(m.due, `${w}.due`),
        tranche: amount(m.tranche, `${w}.tranche`),
        status: asString(m.status, `${w}.status`),
        reported:
          reported === null
            ? null
            : {
                date: asString(reported.date, `${w}.reported.date`),
                statement: asString(reported.statement, `${w}.reported.statement`),
              },
        verifications: listOf(m.verifications, `${w}.verifications`, (v, vw) => ({
          id: asString(v.id, `${vw}.id`),
          finding: asString(v.finding, `${vw}.finding`),
          monitorOrg: asString(asObject(v.monitor, `${vw}.monitor`).org, `${vw}.monitor.org`),
          observedAt: asString(v.observedAt, `${vw}.observedAt`),
          statement: asString(v.statement, `${vw}.statement`),
          evidence: listOf(v.evidence, `${vw}.evidence`, (e, ew) => {
            const sha256 = asString(e.sha256, `${ew}.sha256`);
            if (!/^[0-9a-f]{64}$/.test(sha256)) throw new TypeError(`${ew}.sha256: SHA-256 hex expected`);
            return {
              sha256,
              mediaType: asString(e.mediaType, `${ew}.mediaType`),
              bytes: asInteger(e.bytes, `${ew}.bytes`),
              stored: e.stored === true,
            };
          }),
          logIndex: asInteger(v.logIndex, `${vw}.logIndex`),
        })),
        release:
          release === null
            ? null
            : {
                proposalId: asString(release.proposalId, `${w}.release.proposalId`),
                logIndex: asInteger(release.logIndex, `${w}.release.logIndex`),
              },
      };
    }),
    procurement: listOf(raw.procurement, 'procurement', (t, w) => ({
      tenderId: asString(t.tenderId, `${w}.tenderId`),
      title: asString(t.title, `${w}.title`),
      method: asString(t.method, `${w}.method`),
      category: asString(t.category, `${w}.category`),
      value: amount(t.value, `${w}.value`),
      status: asString(t.status, `${w}.status`),
      logIndex: asInteger(t.logIndex, `${w}.logIndex`),
      bids: listOf(t.bids, `${w}.bids`, (b, bw) => ({
        id: asString(b.id, `${bw}.id`),
        supplier: asString(b.supplier, `${bw}.supplier`),
        supplierName: b.supplierName === null ? null : localName(b.supplierName, `${bw}.supplierName`),
        value: minorUnits(b.value, `${bw}.value`),
        logIndex: asInteger(b.logIndex, `${bw}.logIndex`),
      })),
      awards: listOf(t.awards, `${w}.awards`, (a, aw) => ({
        id: asString(a.id, `${aw}.id`),
        bidId: asString(a.bidId, `${aw}.bidId`),
        supplier: asString(a.supplier, `${aw}.supplier`),
        value: minorUnits(a.value, `${aw}.value`),
        date: asString(a.date, `${aw}.date`),
        logIndex: asInteger(a.logIndex, `${aw}.logIndex`),
      })),
      contracts: listOf(t.contracts, `${w}.contracts`, (c, cw) => ({
        id: asString(c.id, `${cw}.id`),
        supplier: asString(c.supplier, `${cw}.supplier`),
        value: amount(c.value, `${cw}.value`),
        originalValue: minorUnits(c.originalValue, `${cw}.originalValue`),
        date: asString(c.date, `${cw}.date`),
        logIndex: asInteger(c.logIndex, `${cw}.logIndex`),
        amendments: listOf(c.amendments, `${cw}.amendments`, (x, xw) => ({
          id: asString(x.id, `${xw}.id`),
          previousValue: minorUnits(x.previousValue, `${xw}.previousValue`),
          value: minorUnits(x.value, `${xw}.value`),
          date: asString(x.date, `${xw}.date`),
          rationale: asString(x.rationale, `${xw}.rationale`),
          logIndex: asInteger(x.logIndex, `${xw}.logIndex`),
        })),
      })),
    })),
    materials: listOf(raw.materials, 'materials', (m, w) => ({
      receiptId: asString(m.receiptId, `${w}.receiptId`),
      consignmentId: nullableString(m.consignmentId, `${w}.consignmentId`),
      warehouse: nullableString(m.warehouse, `${w}.warehouse`),
      date: asString(m.date, `${w}.date`),
      logIndex: asInteger(m.logIndex, `${w}.logIndex`),
      entered: m.entered === null ? null : listOf(m.entered, `${w}.entered`, materialLine),
      warehoused: listOf(m.warehoused, `${w}.warehoused`, materialLine),
      deliveries: listOf(m.deliveries, `${w}.deliveries`, (d, dw) => ({
        deliveryId: asString(d.deliveryId, `${dw}.deliveryId`),
        date: asString(d.date, `${dw}.date`),
        logIndex: asInteger(d.logIndex, `${dw}.logIndex`),
        items: listOf(d.items, `${dw}.items`, materialLine),
      })),
      flags: listOf(m.flags, `${w}.flags`, flag),
    })),
    assets: listOf(raw.assets, 'assets', (a, w) => {
      const again =
        a.rebuiltThenDestroyed === null
          ? null
          : asObject(a.rebuiltThenDestroyed, `${w}.rebuiltThenDestroyed`);
      return {
        id: asString(a.id, `${w}.id`),
        kind: asString(a.kind, `${w}.kind`),
        work: asString(a.work, `${w}.work`),
        count: asInteger(a.count, `${w}.count`),
        value: amount(a.value, `${w}.value`),
        valueLost: minorUnits(a.valueLost, `${w}.valueLost`),
        date: asString(a.date, `${w}.date`),
        status: asString(a.status, `${w}.status`),
        logIndex: asInteger(a.logIndex, `${w}.logIndex`),
        damage: listOf(a.damage, `${w}.damage`, (d, dw) => ({
          id: asString(d.id, `${dw}.id`),
          date: asString(d.date, `${dw}.date`),
          extent: asString(d.extent, `${dw}.extent`),
          source: asString(d.source, `${dw}.source`),
          confidence: asString(d.confidence, `${dw}.confidence`),
          description: asString(d.description, `${dw}.description`),
          valueLost: minorUnits(d.valueLost, `${dw}.valueLost`),
          logIndex: asInteger(d.logIndex, `${dw}.logIndex`),
        })),
        rebuiltThenDestroyed:
          again === null
            ? null
            : {
                valueLost: amount(again.valueLost, `${w}.rebuiltThenDestroyed.valueLost`),
                donors: asArray(asObject(again.fundedBy, `${w}.fundedBy`).donors, `${w}.fundedBy.donors`).map(
                  (d, i) => asString(d, `${w}.fundedBy.donors[${i}]`),
                ),
              },
      };
    }),
    flags: listOf(raw.flags, 'flags', flag),
  };
}

/** An asset in the list across projects (`GET /api/v1/assets`), as far as the map shows it. */
export interface AssetSummary {
  readonly id: string;
  readonly kind: string;
  readonly count: number;
  readonly status: string;
  readonly position: { readonly lat: number; readonly lon: number } | null;
  readonly value: Amount;
  readonly valueLost: string;
  /** The latest damage report's date, if any. */
  readonly damagedOn: string | null;
  readonly logIndex: number;
  readonly project: { readonly id: string; readonly title: LocalisedName; readonly governorate: string };
}

/** `GET /api/v1/assets`. */
export function parseAssets(json: unknown): Paged<AssetSummary> {
  const object = asObject(json, 'assets');
  return {
    items: listOf(object.items, 'assets.items', (a, w) => {
      const project = asObject(a.project, `${w}.project`);
      const damage = listOf(a.damage, `${w}.damage`, (d, dw) => asString(d.date, `${dw}.date`));
      return {
        id: asString(a.id, `${w}.id`),
        kind: asString(a.kind, `${w}.kind`),
        count: asInteger(a.count, `${w}.count`),
        status: asString(a.status, `${w}.status`),
        position: position(a.location),
        value: amount(a.value, `${w}.value`),
        valueLost: minorUnits(a.valueLost, `${w}.valueLost`),
        damagedOn: damage.at(-1) ?? null,
        logIndex: asInteger(a.logIndex, `${w}.logIndex`),
        project: {
          id: asString(project.id, `${w}.project.id`),
          title: localName(project.title, `${w}.project.title`),
          governorate: asString(project.governorate, `${w}.project.governorate`),
        },
      };
    }),
    total: asInteger(object.total, 'assets.total'),
  };
}
