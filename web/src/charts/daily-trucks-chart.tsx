import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../format/use-formatters';
import { chart, niceTicks, plotHeight, plotWidth } from './chart-frame';

/** The plan's floor: the level of 19 January 2025, about 600 trucks a day (../shared/DESIGN.md, M5). */
export const DAILY_TRUCK_FLOOR = 600;

export interface TruckDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly trucks: number;
}

/**
 * Trucks that entered per day against the floor, as bars and a dashed line, drawn by hand in SVG.
 * Days below the floor are hatched as well as coloured (never colour alone), and every number is in
 * the table under the chart. Ready for the access API (`/api/v1/access/...`); the dashboard passes it
 * the days it reads there.
 */
export function DailyTrucksChart({
  days,
  floor = DAILY_TRUCK_FLOOR,
}: {
  days: readonly TruckDay[];
  floor?: number;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const titleId = useId();
  const hatchId = useId();
  if (days.length === 0) return <p className="notice">{t('state.empty')}</p>;

  const ticks = niceTicks(Math.max(floor, ...days.map((day) => day.trucks)));
  const top = ticks[ticks.length - 1]!;
  const y = (value: number) => chart.top + plotHeight - (value / top) * plotHeight;
  const slot = plotWidth / days.length;
  const barWidth = Math.max(1, slot * 0.75);
  const below = days.filter((day) => day.trucks < floor).length;

  return (
    <figure className="chart" data-chart="daily-trucks">
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={titleId}
        direction="ltr"
      >
        <title id={titleId}>
          {t('charts.trucks.summary', {
            days: format.count(days.length),
            below: format.count(below),
            floor: format.count(floor),
          })}
        </title>
        <defs>
          <pattern
            id={hatchId}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill="#b0413e" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#fff" strokeWidth="2" />
          </pattern>
        </defs>
        {ticks.map((tick) => (
          <g key={tick} className="chart__grid">
            <line x1={chart.left} x2={chart.left + plotWidth} y1={y(tick)} y2={y(tick)} />
            <text x={chart.left - 6} y={y(tick) + 4} textAnchor="end">
              {format.count(tick)}
            </text>
          </g>
        ))}
        {days.map((day, i) => (
          <rect
            key={day.date}
            className="chart__bar"
            data-below-floor={day.trucks < floor}
            x={chart.left + i * slot + (slot - barWidth) / 2}
            y={y(day.trucks)}
            width={barWidth}
            height={Math.max(0, chart.top + plotHeight - y(day.trucks))}
            fill={day.trucks < floor ? `url(#${hatchId})` : '#2f7d32'}
          />
        ))}
        <line
          className="chart__floor"
          x1={chart.left}
          x2={chart.left + plotWidth}
          y1={y(floor)}
          y2={y(floor)}
        />
        <text className="chart__floor-label" x={chart.left + plotWidth} y={y(floor) - 6} textAnchor="end">
          {t('charts.trucks.floor', { floor: format.count(floor) })}
        </text>
        {[days[0]!, days[days.length - 1]!].map((day, i) => (
          <text
            key={i}
            className="chart__tick"
            x={i === 0 ? chart.left : chart.left + plotWidth}
            y={chart.height - 18}
            textAnchor={i === 0 ? 'start' : 'end'}
          >
            {format.shortDate(day.date)}
          </text>
        ))}
      </svg>
      <details className="data-table">
        <summary>{t('chart.table')}</summary>
        <div className="table-scroll">
          <table>
            <caption>{t('charts.trucks.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('chart.date')}</th>
                <th scope="col">{t('charts.trucks.trucks')}</th>
                <th scope="col">{t('charts.trucks.againstFloor')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date} data-below-floor={day.trucks < floor}>
                  <th scope="row">
                    <time dateTime={day.date}>{format.date(day.date)}</time>
                  </th>
                  <td>{format.count(day.trucks)}</td>
                  <td>
                    {day.trucks < floor
                      ? t('charts.trucks.below', { n: format.count(floor - day.trucks) })
                      : t('charts.trucks.atOrAbove')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
