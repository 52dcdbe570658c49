import { createHash } from 'node:crypto';
import { beneficiaryCommitment, householdKey } from '../../domain/access/beneficiaries.js';
import type { ItemCategory } from '../../domain/access/events.js';
import type { DemoArea, DemoContext, Step } from '../area.js';
import { GOVERNORATES } from '../facts.js';
import type { Random } from '../random.js';

/**
 * The shape of the demo's daily truck counts: trucks entering through the land crossings per day, 1
 * March – 29 April 2024, from the COGAT line list (../shared/data/aid-access/cogat). The demo scales it
 * so its mean is the 600-a-day floor: the same rhythm (the weekly near-closures included), some days
 * above the floor and many below.
 */
const COGAT_SHAPE = [
  130, 7, 281, 236, 168, 264, 266, 94, 4, 232, 153, 214, 93, 248, 96, 7, 243, 229, 240, 196, 208, 130, 4, 110,
  232, 266, 278, 210, 123, 7, 210, 250, 270, 224, 240, 163, 4, 330, 423, 475, 302, 155, 217, 8, 320, 244, 377,
  349, 280, 146, 4, 365, 188, 7, 360, 338, 185, 4, 180, 8,
];
const SHAPE_MEAN = COGAT_SHAPE.reduce((a, b) => a + b, 0) / COGAT_SHAPE.length;
/** The demo's days: 60 from 5 January 2025, around the 19 January 2025 level the floor is set at. */
const FIRST_DAY = Date.UTC(2025, 0, 5);
const DAY_MS = 86_400_000;
const HOUR = 3_600_000;

/** Crossings and their share of the trucks (UNRWA's list: Kerem Shalom about 63 %, Rafah 30 %, the rest by Erez). */
const CROSSING_SHARES: ReadonlyArray<[string, number]> = [
  ['kerem-shalom', 0.63],
  ['rafah', 0.25],
  ['zikim', 0.05],
  ['kissufim', 0.04],
  ['erez', 0.03],
];

const CARGO: ReadonlyArray<{
  item: string;
  category: ItemCategory;
  unit: string;
  kgPerTruck: number;
  weight: number;
}> = [
  { item: 'Wheat flour', category: 'food', unit: 'pallet', kgPerTruck: 18_000, weight: 30 },
  { item: 'Food parcels', category: 'food', unit: 'parcel', kgPerTruck: 15_000, weight: 25 },
  { item: 'Ready-to-eat meals', category: 'food', unit: 'carton', kgPerTruck: 12_000, weight: 10 },
  { item: 'Medicines', category: 'medical', unit: 'pallet', kgPerTruck: 6_000, weight: 7 },
  { item: 'Tents', category: 'shelter', unit: 'piece', kgPerTruck: 8_000, weight: 8 },
  { item: 'Tarpaulins', category: 'shelter', unit: 'piece', kgPerTruck: 9_000, weight: 3 },
  { item: 'Bottled water', category: 'water-sanitation', unit: 'pallet', kgPerTruck: 20_000, weight: 5 },
  { item: 'Hygiene kits', category: 'water-sanitation', unit: 'kit', kgPerTruck: 7_000, weight: 3 },
  { item: 'Diesel', category: 'fuel', unit: 'litre', kgPerTruck: 30_000, weight: 3 },
  { item: 'Cement', category: 'construction-material', unit: 'tonne', kgPerTruck: 25_000, weight: 4 },
  { item: 'Steel rebar', category: 'construction-material', unit: 'tonne', kgPerTruck: 24_000, weight: 2 },
];
const CARGO_WEIGHT = CARGO.reduce((a, c) => a + c.weight, 0);
const DONORS = [
  'WFP',
  'UNICEF',
  'WHO',
  'UNRWA',
  'Egyptian Red Crescent',
  'Jordan Hashemite Charity Organization',
  'Qatar Fund for Development',
  'Türkiye (AFAD)',
  'Saudi KSrelief',
  'Indonesia',
];

const POINTS = [
  {
    id: 'dp-kitchen-khan-younis-1',
    kind: 'community-kitchen',
    en: 'Community kitchen, Khan Younis centre',
    ar: 'مطبخ مجتمعي، وسط خان يونس',
    gov: 'PS0270',
  },
  {
    id: 'dp-kitchen-deir-al-balah-1',
    kind: 'community-kitchen',
    en: 'Community kitchen, Deir al-Balah',
    ar: 'مطبخ مجتمعي، دير البلح',
    gov: 'PS0265',
  },
  {
    id: 'dp-parcels-gaza-1',
    kind: 'food-parcels',
    en: 'Food parcel point, Gaza City',
    ar: 'نقطة توزيع الطرود الغذائية، مدينة غزة',
    gov: 'PS0260',
  },
  {
    id: 'dp-water-rafah-1',
    kind: 'water-point',
    en: 'Water point, Rafah',
    ar: 'نقطة مياه، رفح',
    gov: 'PS0275',
  },
  {
    id: 'dp-water-north-1',
    kind: 'water-point',
    en: 'Water point, Jabalia',
    ar: 'نقطة مياه، جباليا',
    gov: 'PS0255',
  },
  {
    id: 'dp-clinic-khan-younis-1',
    kind: 'clinic',
    en: 'Clinic, Khan Younis',
    ar: 'عيادة، خان يونس',
    gov: 'PS0270',
  },
] as const;
const REPORTS_PER_POINT = 8;
const DAYS = COGAT_SHAPE.length;
const STATUS_CHANGES = 8;
const APPEALS = 4;
const BASE_STEPS = STATUS_CHANGES + 2 + DAYS + 1 + 2 * APPEALS + POINTS.length * (1 + REPORTS_PER_POINT);
const EXTRA_PER_SCALE = 250;

const iso = (t: number) => new Date(t).toISOString();
/** when the demo's dual-use list version 2 takes effect */
const LIST_V2_FROM = Date.parse('2025-02-01T00:00:00Z');
const dayOf = (i: number) => FIRST_DAY + i * DAY_MS;

function pickCargo(rnd: Random) {
  let x = rnd.next() * CARGO_WEIGHT;
  for (const c of CARGO) if ((x -= c.weight) < 0) return c;
  return CARGO[0]!;
}

interface DemoConsignment {
  id: string;
  payload: Record<string, unknown>;
  fate: 'delivered' | 'denied' | 'intercepted' | 'in-transit';
  deliveredTo?: string;
  deniedAt?: number;
  item: string;
  quantity: number;
}

/**
 * One day's consignments: the day's trucks split over crossings and convoys of 10–50 trucks, each with
 * its journey — requested two days before, cleared (or, for about 3 %, denied), arrived, inspected
 * (about one in 37 carrying a few restricted items, refused there with the list version applied),
 * entered, collected and delivered to a warehouse or a distribution point; about 1 % intercepted.
 * Convoys of the last two days are still on their way.
 */
function dayConsignments(
  rnd: Random,
  day: number,
  trucksToday: number,
  tag: string,
  last: boolean,
): DemoConsignment[] {
  const out: DemoConsignment[] = [];
  let n = 0;
  for (const [crossing, share] of CROSSING_SHARES) {
    let left = Math.round(trucksToday * share);
    while (left > 0) {
      const trucks = Math.min(left, rnd.int(10, 50));
      left -= trucks;
      const cargo = pickCargo(rnd);
      const id = `cg-${tag}-${String(++n).padStart(3, '0')}`;
      const requested = day - 2 * DAY_MS + rnd.int(6, 16) * HOUR;
      const quantity =
        trucks * (cargo.unit === 'tonne' ? Math.round(cargo.kgPerTruck / 1000) : rnd.int(20, 30));
      const roll = rnd.next();
      const fate = last ? 'in-transit' : roll < 0.03 ? 'denied' : roll < 0.04 ? 'intercepted' : 'delivered';
      const stages: Array<Record<string, unknown>> = [];
      let deniedAt: number | undefined;
      // About one convoy in 37 that reaches inspection also carries a few restricted items, which are
      // refused there (chosen by position, not by the random stream, which the rest of the demo follows)
      const restricted =
        fate !== 'denied' && (Math.floor(day / DAY_MS) + n) % 37 === 0
          ? { item: 'Water pumps', quantity: String(2 + (n % 5)), kgEach: 150 }
          : undefined;
      let t = requested + rnd.int(4, 30) * HOUR;
      if (fate === 'denied') {
        stages.push({
          stage: 'denied',
          at: iso(t),
          reason: `${cargo.item}: listed as dual-use in list version 1`,
        });
        deniedAt = t;
      } else {
        stages.push({ stage: 'cleared', at: iso(t) });
        t = Math.max(t, day) + rnd.int(1, 5) * HOUR;
        stages.push({ stage: 'arrived', at: iso(t) });
        t += rnd.int(1, 8) * HOUR;
        stages.push({
          stage: 'inspected',
          at: iso(t),
          ...(restricted
            ? {
                rejected: [
                  {
                    item: restricted.item,
                    quantity: restricted.quantity,
                    reason: 'On the dual-use list in force: refused entry at inspection',
                    listVersion: t >= LIST_V2_FROM ? 2 : 1,
                  },
                ],
              }
            : {}),
        });
        t += rnd.int(1, 4) * HOUR;
        stages.push({ stage: 'entered', at: iso(t) });
        if (fate !== 'in-transit') {
          t += rnd.int(1, 6) * HOUR;
          stages.push({ stage: 'collected', at: iso(t) });
          t += rnd.int(2, 30) * HOUR;
          if (fate === 'intercepted') stages.push({ stage: 'intercepted', at: iso(t) });
        }
      }
      const deliveredTo =
        fate === 'delivered' ? (rnd.next() < 0.3 ? rnd.pick(POINTS).id : `wh-${crossing}`) : undefined;
      if (deliveredTo)
        stages.push({
          stage: 'delivered',
          at: iso(t),
          destination: deliveredTo.startsWith('dp-')
            ? { kind: 'distribution-point', id: deliveredTo }
            : { kind: 'warehouse', id: deliveredTo },
        });
      out.push({
        id,
        fate,
        item: cargo.item,
        quantity,
        ...(deliveredTo ? { deliveredTo } : {}),
        ...(deniedAt !== undefined ? { deniedAt } : {}),
        payload: {
          consignmentId: id,
          crossing,
          requestedAt: iso(requested),
          donor: rnd.pick(DONORS),
          trucks,
          items: [
            {
              item: cargo.item,
              category: cargo.category,
              quantity: String(quantity),
              unit: cargo.unit,
              weightKg: String(trucks * cargo.kgPerTruck),
            },
            ...(restricted
              ? [
                  {
                    item: restricted.item,
                    category: 'water-sanitation',
                    quantity: restricted.quantity,
                    unit: 'piece',
                    weightKg: String(Number(restricted.quantity) * restricted.kgEach),
                  },
                ]
              : []),
          ],
          stages,
        },
      });
    }
  }
  return out;
}

/** The demo's shared agency key for household keys (a real deployment keeps it off the server). */
const DEMO_AGENCY_KEY = createHash('sha256').update('amanah-demo-agency-key').digest();

/**
 * The humanitarian-access part of the demo (issue 6): crossings' status and hours over time, the dual-use list in two versions, 60 days of consignments whose daily truck
 * counts follow the shape of the real COGAT series around the 600-a-day floor, denials with appeals,
 * and distribution points reporting what they served. At scale > 1 it adds 250 × (scale − 1) further
 * days of consignments before the first.
 */
export const accessDemoArea: DemoArea = {
  name: 'access',
  size: (scale) => BASE_STEPS + EXTRA_PER_SCALE * (scale - 1),
  *steps(ctx: DemoContext): Iterable<Step> {
    const officer = ctx.signer('secretariat-access');
    const rnd = ctx.rnd;
    const step = (type: string, payload: Record<string, unknown>): Step => ({
      signer: officer,
      type,
      payload,
    });

    const changes: Array<[string, string, string, { opens: string; closes: string } | undefined, string]> = [
      [
        'kerem-shalom',
        '2025-01-05T05:00:00.000Z',
        'open',
        { opens: '06:00', closes: '15:00' },
        'Open six days a week; closed on Saturdays',
      ],
      [
        'rafah',
        '2025-01-05T05:00:00.000Z',
        'restricted',
        { opens: '07:00', closes: '13:00' },
        'Open for medical evacuations and a limited number of trucks',
      ],
      [
        'zikim',
        '2025-01-19T05:00:00.000Z',
        'open',
        { opens: '07:00', closes: '14:00' },
        'Reopened for aid to the north',
      ],
      [
        'kissufim',
        '2025-01-19T05:00:00.000Z',
        'open',
        { opens: '07:00', closes: '14:00' },
        'Reopened with the ceasefire',
      ],
      [
        'erez',
        '2025-01-27T05:00:00.000Z',
        'restricted',
        { opens: '08:00', closes: '12:00' },
        'Trucks to the north on set days',
      ],
      [
        'kerem-shalom',
        '2025-02-01T05:00:00.000Z',
        'open',
        { opens: '05:00', closes: '18:00' },
        'Hours extended',
      ],
      ['zikim', '2025-02-20T05:00:00.000Z', 'closed', undefined, 'Closed until further notice'],
      ['rafah', '2025-03-02T05:00:00.000Z', 'closed', undefined, 'Closed'],
    ];
    for (const [crossing, effectiveFrom, status, hours, note] of changes)
      yield step('crossing.status-changed', {
        crossing,
        effectiveFrom,
        status,
        ...(hours ? { hours } : {}),
        note,
      });

    yield step('dual-use-list.published', {
      version: 1,
      effectiveFrom: '2024-12-01',
      source: 'Restricted items list as notified to the UN 2720 mechanism (demo data)',
      items: [
        { item: 'Generators', category: 'other' },
        {
          item: 'Steel rebar',
          category: 'construction-material',
          note: 'Entry only for registered projects',
        },
        { item: 'Water pumps', category: 'water-sanitation' },
        { item: 'Solar panels', category: 'other' },
      ],
    });
    yield step('dual-use-list.published', {
      version: 2,
      effectiveFrom: '2025-02-01',
      source: 'Restricted items list, revised (demo data)',
      items: [
        { item: 'Generators', category: 'other' },
        { item: 'Water pumps', category: 'water-sanitation' },
      ],
    });

    const mean = 600 / SHAPE_MEAN;
    const denied: Array<{ id: string; at: number }> = [];
    const toPoints = new Map<string, Array<{ consignmentId: string; item: string; quantity: number }>>();
    for (let i = 0; i < DAYS; i++) {
      const list = dayConsignments(
        rnd,
        dayOf(i),
        Math.round(COGAT_SHAPE[i]! * mean),
        `2025-${String(i + 1).padStart(3, '0')}`,
        i >= DAYS - 2,
      );
      for (const c of list) {
        if (c.fate === 'denied') denied.push({ id: c.id, at: c.deniedAt! });
        if (c.deliveredTo?.startsWith('dp-')) {
          const l = toPoints.get(c.deliveredTo) ?? [];
          l.push({ consignmentId: c.id, item: c.item, quantity: c.quantity });
          toPoints.set(c.deliveredTo, l);
        }
      }
      yield step('consignments.recorded', { consignments: list.map((c) => c.payload) });
    }
    // The last two days' convoys go on: collected and delivered to warehouses, in one batch of stages.
    const lastDay = dayOf(DAYS - 1);
    yield step('consignment-stages.recorded', {
      stages: [1, 2, 3].map((n) => ({
        consignmentId: `cg-2025-${String(DAYS).padStart(3, '0')}-00${n}`,
        stage: 'collected',
        at: iso(lastDay + 20 * HOUR),
      })),
    });

    for (let a = 0; a < APPEALS; a++) {
      const d = denied[a % Math.max(1, denied.length)];
      if (!d) throw new Error('the demo has no denied consignment to appeal');
      const filedAt = d.at + DAY_MS;
      yield step('denial.appealed', {
        appealId: `appeal-2025-${a + 1}`,
        consignmentId: d.id,
        filedAt: iso(filedAt),
        grounds:
          'The items are for civilian use and on no list in force on the day; we ask for the denial to be reviewed.',
        deadline: iso(filedAt + 14 * DAY_MS).slice(0, 10),
      });
      yield step('appeal.decided', {
        appealId: `appeal-2025-${a + 1}`,
        outcome: a % 2 === 0 ? 'overturned' : 'upheld',
        decidedAt: iso(filedAt + (a === 3 ? 20 : 5) * DAY_MS),
        reason:
          a % 2 === 0
            ? 'The items are not on the list in force; the consignment may be requested again.'
            : 'The denial stands under list version 1.',
      });
    }

    for (const p of POINTS) {
      const gov = GOVERNORATES.find((g) => g.code === p.gov)!;
      yield step('distribution-point.registered', {
        pointId: p.id,
        kind: p.kind,
        name: { en: p.en, ar: p.ar },
        governorate: p.gov,
        operator: 'secretariat',
        location: {
          lat: Math.round((gov.lat + (rnd.next() - 0.5) * 0.02) * 1e5) / 1e5,
          lon: Math.round((gov.lon + (rnd.next() - 0.5) * 0.02) * 1e5) / 1e5,
        },
      });
      const received = toPoints.get(p.id) ?? [];
      for (let r = 0; r < REPORTS_PER_POINT; r++) {
        const households = rnd.int(40, 120);
        // households served: some come back (the same key), most are new
        const keys = Array.from({ length: Math.min(households, 60) }, () =>
          householdKey(DEMO_AGENCY_KEY, `HH-${p.gov}-${rnd.int(1, 400)}`),
        );
        const unique = [...new Set(keys)];
        const salt = createHash('sha256').update(`${p.id}-${r}`).digest();
        const line = received[r];
        yield step('distribution.reported', {
          reportId: `${p.id}-r${r + 1}`,
          pointId: p.id,
          date: new Date(dayOf(2 + r * 7)).toISOString().slice(0, 10),
          ...(line && r < received.length
            ? {
                received: [
                  { consignmentId: line.consignmentId, item: line.item, quantity: String(line.quantity) },
                ],
              }
            : {}),
          served:
            p.kind === 'community-kitchen'
              ? { meals: String(households * rnd.int(4, 7)) }
              : p.kind === 'food-parcels'
                ? { parcels: String(households) }
                : p.kind === 'water-point'
                  ? { litres: String(households * rnd.int(60, 120)) }
                  : { consultations: String(households + rnd.int(0, 40)) },
          households,
          beneficiaries: {
            commitments: unique.map((k) => beneficiaryCommitment({ household: k }, salt)),
            householdKeys: unique,
          },
        });
      }
    }

    // Larger scales: further days of consignments before the first, one batch a day.
    for (let i = 1; i <= EXTRA_PER_SCALE * (ctx.scale - 1); i++) {
      const day = FIRST_DAY - i * DAY_MS - 2 * DAY_MS;
      const shape = COGAT_SHAPE[i % DAYS]!;
      const list = dayConsignments(rnd, day, Math.max(5, Math.round(shape * mean * 0.5)), `x${i}`, false);
      yield step('consignments.recorded', { consignments: list.map((c) => c.payload) });
    }
  },
};
