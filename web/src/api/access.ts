// The access area's daily figures (GET /api/v1/access/metrics/daily, src/services/access.ts
// dailyMetrics). Where the route does not exist, the dashboard shows its slot's notice instead.
import type { TruckDay } from '../charts/daily-trucks-chart';
import { asArray, asInteger, asObject, asString } from './read-json';

/** The route the dashboard reads, under /api/v1, with `?from=&to=` (YYYY-MM-DD). */
export const ACCESS_DAILY_PATH = '/access/metrics/daily';

/** Days the dashboard asks for, ending today (UTC): two years, so that the latest activity is in it. */
export const ACCESS_WINDOW_DAYS = 730;
/** Days the chart shows at most: the latest ones, up to the last day with any truck recorded. */
export const ACCESS_CHART_DAYS = 90;

export function accessDailyQuery(today: Date): string {
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - (ACCESS_WINDOW_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  return `${ACCESS_DAILY_PATH}?from=${from}&to=${to}`;
}

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
