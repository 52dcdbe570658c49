import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CurrencyPosition } from '../api/records';
import { MoneyValue } from './money-value';

const columns = ['pledged', 'received', 'committed', 'disbursed', 'spent', 'uncommittedCash'] as const;
const labels: Record<(typeof columns)[number], string> = {
  pledged: 'figure.pledged',
  received: 'figure.received',
  committed: 'figure.allocated',
  disbursed: 'figure.disbursed',
  spent: 'figure.spent',
  uncommittedCash: 'fund.uncommitted',
};

/** The fund per currency, in its own currency: nothing converted at a market rate. */
export function FundPositionTable({ currencies }: { currencies: readonly CurrencyPosition[] }): ReactNode {
  const { t } = useTranslation();
  if (currencies.length === 0) return <p className="notice">{t('state.empty')}</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-table="fund-position">
        <caption>{t('fund.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fund.currency')}</th>
            {columns.map((column) => (
              <th key={column} scope="col">
                {t(labels[column])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {currencies.map((row) => (
            <tr key={row.currency} data-currency={row.currency}>
              <th scope="row" dir="ltr" translate="no">
                {row.currency}
              </th>
              {columns.map((column) => (
                <td key={column} data-column={column}>
                  <MoneyValue minor={row[column]} currency={row.currency} minorUnits={row.minorUnits} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
