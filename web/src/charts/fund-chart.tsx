import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MoneyValue } from '../components/money-value';
import { useFormatters } from '../format/use-formatters';
import { chart, niceTicks, plotHeight, plotWidth } from './chart-frame';
import { fundMeasures, type FundDay } from './fund-series';

const colours: Record<string, string> = {
  pledged: '#0b5266',
  received: '#2f7d32',
  allocated: '#8a5a00',
  disbursed: '#6a3d9a',
  spent: '#b0413e',
};
const dashes: Record<string, string | undefined> = {
  pledged: undefined,
  received: '6 3',
  allocated: '2 3',
  disbursed: '8 3 2 3',
  spent: '1 2',
};

/**
 * Running totals of the fund in one currency, as step lines drawn by hand in SVG, with the same
 * figures in a table under the chart (WCAG 1.1.1: the chart is not the only way to read them).
 * Lines differ by dash pattern as well as colour.
 */
export function FundChart({
  days,
  currency,
  minorUnits,
}: {
  days: readonly FundDay[];
  currency: string;
  minorUnits: number;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const titleId = useId();
  if (days.length === 0) return <p className="notice">{t('state.empty')}</p>;

  const unit = 10 ** minorUnits;
  const max = Math.max(...days.flatMap((day) => fundMeasures.map((m) => Number(day.totals[m]) / unit)));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1]!;
  const first = Date.parse(days[0]!.date);
  const last = Date.parse(days[days.length - 1]!.date);
  const x = (date: string) =>
    chart.left + (last === first ? plotWidth / 2 : ((Date.parse(date) - first) / (last - first)) * plotWidth);
  const y = (minor: bigint) => chart.top + plotHeight - (Number(minor) / unit / top) * plotHeight;

  return (
    <figure className="chart" data-chart="fund-over-time">
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={titleId}
        direction="ltr"
      >
        <title id={titleId}>{t('charts.fund.title', { currency })}</title>
        {ticks.map((tick) => {
          const ty = chart.top + plotHeight - (tick / top) * plotHeight;
          return (
            <g key={tick} className="chart__grid">
              <line x1={chart.left} x2={chart.left + plotWidth} y1={ty} y2={ty} />
              <text x={chart.left - 6} y={ty + 4} textAnchor="end">
                {format.compact(tick)}
              </text>
            </g>
          );
        })}
        <text className="chart__axis-label" x={chart.left - 6} y={chart.top - 4} textAnchor="end">
          {currency}
        </text>
        {[days[0]!, days[days.length - 1]!].map((day, i) => (
          <text
            key={i}
            className="chart__tick"
            x={x(day.date)}
            y={chart.height - 18}
            textAnchor={i === 0 ? 'start' : 'end'}
          >
            {format.shortDate(day.date)}
          </text>
        ))}
        {fundMeasures.map((measure) => {
          let path = '';
          days.forEach((day, i) => {
            const px = x(day.date).toFixed(1);
            const py = y(day.totals[measure]).toFixed(1);
            path += i === 0 ? `M${px} ${py}` : `H${px}V${py}`;
          });
          path += `H${(chart.left + plotWidth).toFixed(1)}`;
          return (
            <path
              key={measure}
              className="chart__line"
              data-series={measure}
              d={path}
              stroke={colours[measure]}
              strokeDasharray={dashes[measure]}
            />
          );
        })}
      </svg>
      <figcaption>
        <ul className="chart__legend">
          {fundMeasures.map((measure) => (
            <li key={measure}>
              <svg width="28" height="10" aria-hidden="true" focusable="false">
                <line
                  x1="0"
                  x2="28"
                  y1="5"
                  y2="5"
                  stroke={colours[measure]}
                  strokeWidth="3"
                  strokeDasharray={dashes[measure]}
                />
              </svg>
              {t(`figure.${measure}`)}
            </li>
          ))}
        </ul>
      </figcaption>
      <details className="data-table">
        <summary>{t('chart.table')}</summary>
        <div className="table-scroll">
          <table>
            <caption>{t('charts.fund.title', { currency })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('chart.date')}</th>
                {fundMeasures.map((measure) => (
                  <th key={measure} scope="col">
                    {t(`figure.${measure}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">
                    <time dateTime={day.date}>{format.date(day.date)}</time>
                  </th>
                  {fundMeasures.map((measure) => (
                    <td key={measure}>
                      <MoneyValue
                        minor={String(day.totals[measure])}
                        currency={currency}
                        minorUnits={minorUnits}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
