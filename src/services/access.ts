import { AmanahError } from '../domain/errors.js';
import type { AmanahClient } from '../client/client.js';
import type { ImportTarget, WorkerSigning } from '../import/importer.js';
import type { Store } from '../store/database.js';
import {
  categoryDays,
  crossingCodes,
  crossingStatusHistory,
  dailyByCategory,
  dailyByCrossing,
  dualUseVersions,
  existingConsignmentIds,
  lastDayWithTrucks,
  stageDurations,
} from '../store/access-repository.js';
import { listCrossings } from '../store/places-repository.js';

/** The agreed floor: the 19 January 2025 level, about 600 trucks a day into the Strip as a whole. */
export const TRUCK_FLOOR = 600;
/** The longest range a metrics query covers. */
export const MAX_RANGE_DAYS = 3660;

function days(from: string, to: string): string[] {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a)
    throw new AmanahError(
      'VALIDATION_FAILED',
      `the range ${from} – ${to} is not a range of days (from ≤ to, YYYY-MM-DD)`,
      [{ path: 'to', message: 'must be a day on or after from' }],
    );
  const n = (b - a) / 86_400_000 + 1;
  if (n > MAX_RANGE_DAYS)
    throw new AmanahError(
      'VALIDATION_FAILED',
      `the range covers ${n} days; at most ${MAX_RANGE_DAYS} at once`,
      [{ path: 'to', message: `at most ${MAX_RANGE_DAYS} days after from` }],
    );
  return Array.from({ length: n }, (_, i) => new Date(a + i * 86_400_000).toISOString().slice(0, 10));
}

const ratio = (num: bigint, den: bigint): number | null =>
  den === 0n ? null : Number((num * 1_000_000n) / den) / 1_000_000;

export interface DayMetrics {
  day: string;
  trucks: number;
  /** kilograms, as a decimal string */
  weightKg: string;
  floor: number;
  /** trucks ÷ floor */
  shareOfFloor: number;
  belowFloor: boolean;
  denied: number;
  lost: number;
  /**
   * The access index, 0–100: 100 × min(1, trucks ÷ floor) × (1 − denial rate) × (1 − loss rate), where
   * the denial rate is the day's denials over its clearance decisions and the loss rate the day's
   * interceptions and lootings over its entries (each 0 on a day without any).
   */
  accessIndex: number;
  byCrossing: Array<{
    crossing: string;
    trucks: number;
    weightKg: string;
    entered: number;
    denied: number;
    returned: number;
    intercepted: number;
    looted: number;
  }>;
}

/**
 * The daily metrics of the `days` days that end on the latest day with trucks recorded (on `today`
 * when there is none): what a chart of recent access shows, without the reader guessing a range.
 */
export async function latestDailyMetrics(
  store: Store,
  q: { days: number; crossing?: string | undefined },
  today: Date,
): ReturnType<typeof dailyMetrics> {
  const to = (await lastDayWithTrucks(store.db, q.crossing)) ?? today.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (q.days - 1) * 86_400_000).toISOString().slice(0, 10);
  return dailyMetrics(store, { from, to, crossing: q.crossing });
}

/**
 * Trucks and tonnes per day and per crossing against the floor, with the access index: read from the
 * per-day aggregates `apply` keeps, so the cost depends on the range, not on how many consignments
 * there are.
 */
export async function dailyMetrics(
  store: Store,
  q: { from: string; to: string; crossing?: string | undefined },
): Promise<{
  floor: number;
  from: string;
  to: string;
  crossing: string | null;
  days: DayMetrics[];
  summary: {
    days: number;
    daysBelowFloor: number;
    trucks: number;
    weightKg: string;
    meanTrucksPerDay: number;
  };
}> {
  const range = days(q.from, q.to);
  const [rows, cats] = await Promise.all([
    dailyByCrossing(store.db, q),
    q.crossing ? Promise.resolve([]) : dailyCategoryByDay(store, q.from, q.to),
  ]);
  const byDay = new Map<string, DayMetrics>();
  // kilograms and entries as plain numbers while summing: a day's figures stay far below 2^53
  const kg = new Map<string, number>();
  const entered = new Map<string, number>();
  for (const day of range)
    byDay.set(day, {
      day,
      trucks: 0,
      weightKg: '0',
      floor: TRUCK_FLOOR,
      shareOfFloor: 0,
      belowFloor: true,
      denied: 0,
      lost: 0,
      accessIndex: 0,
      byCrossing: [],
    });
  const decided = new Map<string, { cleared: bigint; denied: bigint }>();
  for (const c of cats) decided.set(c.day, c);
  for (const r of rows) {
    const d = byDay.get(r.day)!;
    d.trucks += r.trucks;
    kg.set(r.day, (kg.get(r.day) ?? 0) + r.weightKg);
    entered.set(r.day, (entered.get(r.day) ?? 0) + r.entered);
    d.denied += r.denied;
    d.lost += r.intercepted + r.looted;
    d.byCrossing.push({
      crossing: r.crossing,
      trucks: r.trucks,
      weightKg: String(r.weightKg),
      entered: r.entered,
      denied: r.denied,
      returned: r.returned,
      intercepted: r.intercepted,
      looted: r.looted,
    });
  }
  let trucks = 0;
  let weight = 0;
  let below = 0;
  for (const d of byDay.values()) {
    const dayKg = kg.get(d.day) ?? 0;
    const dayEntered = entered.get(d.day) ?? 0;
    d.weightKg = String(dayKg);
    d.shareOfFloor = Math.round((d.trucks / TRUCK_FLOOR) * 10_000) / 10_000;
    d.belowFloor = d.trucks < TRUCK_FLOOR;
    const dec = decided.get(d.day);
    const denialRate =
      dec && dec.cleared + dec.denied > 0n ? Number(dec.denied) / Number(dec.cleared + dec.denied) : 0;
    const lossRate = dayEntered > 0 ? Math.min(1, d.lost / dayEntered) : 0;
    d.accessIndex =
      Math.round(100 * Math.min(1, d.trucks / TRUCK_FLOOR) * (1 - denialRate) * (1 - lossRate) * 10) / 10;
    trucks += d.trucks;
    weight += dayKg;
    if (d.belowFloor) below++;
  }
  return {
    floor: TRUCK_FLOOR,
    from: q.from,
    to: q.to,
    crossing: q.crossing ?? null,
    days: [...byDay.values()],
    summary: {
      days: range.length,
      daysBelowFloor: below,
      trucks,
      weightKg: String(weight),
      meanTrucksPerDay: Math.round((trucks / range.length) * 10) / 10,
    },
  };
}

async function dailyCategoryByDay(
  store: Store,
  from: string,
  to: string,
): Promise<Array<{ day: string; cleared: bigint; denied: bigint }>> {
  return [...(await categoryDays(store.db, { from, to }))].map(([day, v]) => ({ day, ...v }));
}

/** Nearest-rank percentile of values given in ascending order, each with how many times it occurs. */
export function percentile(counted: ReadonlyArray<{ seconds: number; n: number }>, p: number): number {
  const total = counted.reduce((a, c) => a + c.n, 0);
  if (total === 0) return 0;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (const c of counted) {
    seen += c.n;
    if (seen >= rank) return c.seconds;
  }
  return counted[counted.length - 1]!.seconds;
}

/** Time spent at each stage before the next (p50, p90, in hours), for stages reached in the range. */
export async function stageTimes(store: Store, q: { from: string; to: string }) {
  days(q.from, q.to);
  const durations = await stageDurations(store.db, q);
  const h = (s: number) => Math.round((s / 3600) * 100) / 100;
  return {
    from: q.from,
    to: q.to,
    stages: [...durations].map(([stage, counted]) => ({
      stage,
      count: counted.reduce((a, c) => a + c.n, 0),
      p50Hours: h(percentile(counted, 50)),
      p90Hours: h(percentile(counted, 90)),
    })),
  };
}

/** Denial and interception rates per category over the range. */
export async function categoryRates(store: Store, q: { from: string; to: string }) {
  days(q.from, q.to);
  const rows = await dailyByCategory(store.db, q);
  return {
    from: q.from,
    to: q.to,
    categories: rows.map((r) => ({
      category: r.category,
      requested: Number(r.requested),
      cleared: Number(r.cleared),
      denied: Number(r.denied),
      entered: Number(r.entered),
      intercepted: Number(r.intercepted),
      looted: Number(r.looted),
      /** denials over clearance decisions */
      denialRate: ratio(r.denied, r.cleared + r.denied),
      /** interceptions and lootings over entries */
      interceptionRate: ratio(r.intercepted + r.looted, r.entered),
    })),
  };
}

/** Every crossing with its current status and hours, and its history of changes. */
export async function crossingsWithStatus(store: Store, now: Date) {
  const [crossings, history] = await Promise.all([listCrossings(store.db), crossingStatusHistory(store.db)]);
  return crossings.map((c) => {
    const changes = history.filter((h) => h.crossing === c.code);
    const current = [...changes].reverse().find((h) => h.effectiveFrom <= now.toISOString());
    return { ...c, hours: current?.hours ?? null, history: changes };
  });
}

/**
 * The importer's view of a store it writes to through `client` (an in-process command service). With
 * `worker` (the client's key and its transport), the importer reads, checks and signs on a worker
 * thread while this one runs the command service.
 */
export function importTarget(store: Store, client: AmanahClient, worker?: WorkerSigning): ImportTarget {
  return {
    client,
    known: (ids) => existingConsignmentIds(store.db, ids),
    crossings: () => crossingCodes(store.db),
    listVersions: () => dualUseVersions(store.db),
    ...(worker ? { worker } : {}),
  };
}
