import { useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NeedsShare } from '../api/needs';
import { MoneyValue } from '../components/money-value';
import { useFormatters } from '../format/use-formatters';
import { numberLocale } from '../settings/settings';
import { useSettings } from '../settings/settings-context';
import { niceTicks } from './chart-frame';

/**
 * A narrower frame than the time charts: horizontal bars read on a phone, and the labels stay legible
 * when the drawing is scaled down to a 360 px screen.
 */
const frame = { width: 360, pad: 8, valueRoom: 60, rowHeight: 60, top: 8, axis: 22 } as const;
const plotWidth = frame.width - 2 * frame.pad - frame.valueRoom;

const needColour = '#0b5266';
const allocatedColour = '#8a5a00';

/** Parts per million as a fraction rounded to hundredths of a percent in integers (no float ties). */
const fractionOf = (ppm: number): number => Math.round(ppm / 100) / 10_000;

function usePercent(): {
  axis: (percent: number) => string;
  short: (ppm: number) => string;
  exact: (ppm: number) => string;
  /** The size of a gap in percentage points, without its sign (the words say above or below). */
  points: (ppm: number) => string;
} {
  const { settings } = useSettings();
  const locale = numberLocale(settings);
  return useMemo(() => {
    const short = new Intl.NumberFormat(locale, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    const exact = new Intl.NumberFormat(locale, {
      style: 'percent',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    const points = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const axis = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    return {
      axis: (value) => axis.format(value / 100),
      short: (ppm) => short.format(fractionOf(ppm)),
      exact: (ppm) => exact.format(fractionOf(ppm)),
      points: (ppm) => points.format(fractionOf(Math.abs(ppm)) * 100),
    };
  }, [locale]);
}

/**
 * Each governorate's or sector's share of need under the adopted formula beside its share of what was
 * allocated, as pairs of horizontal bars drawn by hand in SVG. The need bar is hatched and the
 * allocation bar solid (never colour alone); every figure, with the amount and the gap, is in the
 * table under the chart (WCAG 1.1.1). In a right-to-left language the bars grow from the right.
 */
export function NeedsChart({
  rows,
  by,
  label,
  currency,
  minorUnits,
}: {
  rows: readonly NeedsShare[];
  by: 'governorate' | 'sector';
  label: (key: string) => string;
  currency: string;
  minorUnits: number;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const percent = usePercent();
  const format = useFormatters();
  const titleId = useId();
  const hatchId = useId();
  if (rows.length === 0) return <p className="notice">{t('state.empty')}</p>;

  const rtl = i18n.dir() === 'rtl';
  const ticks = niceTicks(Math.max(...rows.flatMap((row) => [row.needPpm, row.allocatedPpm])) / 10_000);
  const top = ticks[ticks.length - 1]!;
  const length = (ppm: number) => (ppm / 10_000 / top) * plotWidth;
  // Distances from the reading side: mirrored for right-to-left.
  const x = (distance: number) => (rtl ? frame.width - frame.pad - distance : frame.pad + distance);
  const anchor = { start: rtl ? 'end' : 'start' } as const;
  const height = frame.top + rows.length * frame.rowHeight + frame.axis;
  const plotBottom = frame.top + rows.length * frame.rowHeight;
  const below = rows.filter((row) => row.gapPpm < 0).length;
  const bar = (ppm: number, y: number, series: 'need' | 'allocated') => {
    const w = length(ppm);
    return (
      <g data-series={series}>
        <rect
          className="chart__bar"
          x={rtl ? x(w) : x(0)}
          y={y}
          width={Math.max(0, w)}
          height={14}
          fill={series === 'need' ? `url(#${hatchId})` : allocatedColour}
          stroke={series === 'need' ? needColour : 'none'}
          strokeWidth={1.5}
        />
        <text className="chart__value" x={x(w + 4)} y={y + 11} textAnchor={anchor.start}>
          {percent.short(ppm)}
        </text>
      </g>
    );
  };

  return (
    <figure className="chart chart--bars" data-chart={`needs-by-${by}`}>
      <svg viewBox={`0 0 ${frame.width} ${height}`} role="img" aria-labelledby={titleId} direction="ltr">
        <title id={titleId}>
          {t(`charts.needs.summary.${by}`, {
            currency,
            below: format.count(below),
            total: format.count(rows.length),
          })}
        </title>
        <defs>
          <pattern
            id={hatchId}
            width="5"
            height="5"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="5" height="5" fill="#ffffff" />
            <line x1="0" y1="0" x2="0" y2="5" stroke={needColour} strokeWidth="2" />
          </pattern>
        </defs>
        {ticks.map((tick) => (
          <g key={tick} className="chart__grid">
            <line
              x1={x(length(tick * 10_000))}
              x2={x(length(tick * 10_000))}
              y1={frame.top}
              y2={plotBottom}
            />
            <text x={x(length(tick * 10_000))} y={height - 6} textAnchor="middle">
              {percent.axis(tick)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const y = frame.top + i * frame.rowHeight;
          return (
            <g key={row.key} data-key={row.key}>
              <text className="chart__label" x={x(0)} y={y + 15} textAnchor={anchor.start}>
                {label(row.key)}
              </text>
              {bar(row.needPpm, y + 20, 'need')}
              {bar(row.allocatedPpm, y + 38, 'allocated')}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="chart__legend">
          <li>
            <svg width="18" height="12" aria-hidden="true" focusable="false">
              <rect x="1" y="1" width="16" height="10" fill={`url(#${hatchId})`} stroke={needColour} />
            </svg>
            {t('charts.needs.need')}
          </li>
          <li>
            <svg width="18" height="12" aria-hidden="true" focusable="false">
              <rect x="1" y="1" width="16" height="10" fill={allocatedColour} />
            </svg>
            {t('charts.needs.allocated')}
          </li>
        </ul>
      </figcaption>
      <details className="data-table">
        <summary>{t('chart.table')}</summary>
        <div className="table-scroll">
          <table>
            <caption>{t(`charts.needs.title.${by}`, { currency })}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`charts.needs.${by}`)}</th>
                <th scope="col">{t('charts.needs.need')}</th>
                <th scope="col">{t('charts.needs.allocated')}</th>
                <th scope="col">{t('charts.needs.amount', { currency })}</th>
                <th scope="col">{t('charts.needs.againstNeed')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-key={row.key}>
                  <th scope="row">{label(row.key)}</th>
                  <td data-column="need">{percent.exact(row.needPpm)}</td>
                  <td data-column="allocated">{percent.exact(row.allocatedPpm)}</td>
                  <td data-column="amount">
                    <MoneyValue minor={row.allocated} currency={currency} minorUnits={minorUnits} />
                  </td>
                  <td data-column="gap">
                    {row.gapPpm < 0
                      ? t('charts.needs.below', { n: percent.points(row.gapPpm) })
                      : row.gapPpm > 0
                        ? t('charts.needs.above', { n: percent.points(row.gapPpm) })
                        : t('charts.needs.equal')}
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
