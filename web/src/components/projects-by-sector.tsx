import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressRow } from '../api/projects';
import { useFormatters } from '../format/use-formatters';
import { minorUnitsOf } from '../format/minor-units';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { MoneyValue } from './money-value';

/**
 * Projects per sector (or governorate), per currency: budgets, tranches released, and assets that
 * were built and then damaged or destroyed again.
 */
export function ProgressTable({
  rows,
  by,
  label,
}: {
  rows: readonly ProgressRow[];
  by: 'sector' | 'governorate';
  label: (key: string) => ReactNode;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  if (rows.length === 0) return <p className="notice">{t('state.empty')}</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-table={`projects-by-${by}`}>
        <caption>{by === 'sector' ? t('projects.bySector') : t('projects.byGovernorate')}</caption>
        <thead>
          <tr>
            <th scope="col">{by === 'sector' ? t('projects.sector') : t('map.governorates')}</th>
            <th scope="col">{t('projects.count')}</th>
            <th scope="col">{t('projects.budget')}</th>
            <th scope="col">{t('projects.released')}</th>
            <th scope="col">{t('projects.damagedAgain')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.key}|${row.currency}`} data-row={row.key}>
              <th scope="row">
                <Link to={paths.projects(`${by}=${encodeURIComponent(row.key)}`)}>{label(row.key)}</Link>
              </th>
              <td>{format.count(row.projects)}</td>
              <td>
                <MoneyValue
                  minor={row.budget}
                  currency={row.currency}
                  minorUnits={minorUnitsOf(row.currency)}
                />
              </td>
              <td>
                <MoneyValue
                  minor={row.released}
                  currency={row.currency}
                  minorUnits={minorUnitsOf(row.currency)}
                />
              </td>
              <td>
                {t('projects.damagedCounts', {
                  damaged: format.count(row.assetsDamaged),
                  destroyed: format.count(row.assetsDestroyed),
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
