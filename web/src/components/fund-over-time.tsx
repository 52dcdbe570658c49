import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { loadJournal } from '../api/journal';
import type { CurrencyPosition } from '../api/records';
import { useLoaded } from '../api/use-resource';
import { FundChart } from '../charts/fund-chart';
import { fundOverTime } from '../charts/fund-series';
import { useFormatters } from '../format/use-formatters';
import { ResourceView } from './resource-view';

/** The funds-over-time chart for one currency at a time, read from the fund's journal. */
export function FundOverTime({ currencies }: { currencies: readonly CurrencyPosition[] }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const initial = currencies.find((c) => c.currency === 'USD') ?? currencies[0];
  const [currency, setCurrency] = useState(initial?.currency ?? 'USD');
  const journal = useLoaded(`journal:${currency}`, (signal) => loadJournal(currency, signal));
  const minorUnits = currencies.find((c) => c.currency === currency)?.minorUnits ?? 2;
  if (currencies.length === 0) return <p className="notice">{t('state.empty')}</p>;
  return (
    <>
      <label className="field">
        <span>{t('fund.currency')}</span>
        <select
          value={currency}
          onChange={(event) => setCurrency(event.target.value)}
          data-control="currency"
        >
          {currencies.map((c) => (
            <option key={c.currency} value={c.currency}>
              {c.currency}
            </option>
          ))}
        </select>
      </label>
      <ResourceView resource={journal}>
        {(data) => (
          <>
            <FundChart
              days={fundOverTime(data.lines, currency)}
              currency={currency}
              minorUnits={minorUnits}
            />
            {!data.complete && (
              <p className="notice">
                {t('charts.fund.partial', {
                  shown: format.count(data.lines.length),
                  total: format.count(data.total),
                })}
              </p>
            )}
          </>
        )}
      </ResourceView>
    </>
  );
}
