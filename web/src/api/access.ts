// The access area's daily figures (GET /api/v1/access/metrics/daily/latest, src/services/access.ts
// latestDailyMetrics). Where the route does not exist, the dashboard shows its slot's notice instead.
import type { TruckDay } from '../charts/daily-trucks-chart';
import { asArray, asInteger, asObject, asString } from './read-json';

/** Days the chart shows at most: the latest ones, up to the last day with any truck recorded. */
export const ACCESS_CHART_DAYS = 90;

/**
 * What the dashboard reads, under /api/v1: those days, ending on the latest day with trucks recorded
 * (the server finds it, so a first visit downloads 90 days rather than a guessed wider range).
 */
export const ACCESS_DAILY_QUERY = `/access/metrics/daily/latest?days=${ACCESS_CHART_DAYS}`;

/**
 * The days worth charting: from the first to the last day with trucks recorded (days in between
 * without any stay, as zero), at most the latest {@link ACCESS_CHART_DAYS}.
 */
export function recentActivity(days: readonly TruckDay[]): TruckDay[] {
  const first = days.findIndex((day) => day.trucks > 0);
  if (first === -1) return [];
  let last = days.length - 1;
  while (days[last]!.trucks === 0) last--;
  return days.slice(Math.max(first, last + 1 - ACCESS_CHART_DAYS), last + 1);
}

/** `{ floor, days: [{ day, trucks, … }] }`. */
export function parseAccessDaily(json: unknown): { floor: number; days: TruckDay[] } {
  const object = asObject(json, 'access');
  return {
    floor: asInteger(object.floor, 'floor'),
    days: asArray(object.days, 'days').map((raw, i) => {
      const day = asObject(raw, `days[${i}]`);
      return {
        date: asString(day.day, `days[${i}].day`),
        trucks: asInteger(day.trucks, `days[${i}].trucks`),
      };
    }),
  };
}
