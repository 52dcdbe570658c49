import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseProposals } from '../api/records';
import { useResource } from '../api/use-resource';
import { DownloadLinks } from '../components/download-links';
import { LocalName } from '../components/local-name';
import { MoneyValue } from '../components/money-value';
import { usePageTitle } from '../components/page-title';
import { ResourceView } from '../components/resource-view';
import { minorUnitsOf } from '../format/minor-units';
import { useFormatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { Link } from '../router/router';

/** Every proposal, newest first: open, executed or expired. */
export function DecisionsPage(): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  usePageTitle(t('decisions.heading'));
  const proposals = useResource('/proposals?limit=500', parseProposals);
  return (
    <div data-page="decisions">
      <h1>{t('decisions.heading')}</h1>
      <p className="lead">{t('decisions.intro')}</p>
      <ResourceView resource={proposals}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="notice">{t('state.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-table="proposals">
                <caption>{t('decisions.caption', { total: format.count(data.total) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('decisions.title')}</th>
                    <th scope="col">{t('decisions.type')}</th>
                    <th scope="col">{t('decisions.amount')}</th>
                    <th scope="col">{t('decisions.status')}</th>
                    <th scope="col">{t('decisions.submitted')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((p) => (
                    <tr key={p.id} data-proposal={p.id}>
                      <th scope="row">
                        <Link to={paths.decision(p.id)}>
                          <LocalName name={p.title} fallback={p.id} />
                        </Link>
                      </th>
                      <td>{t(`decisionType.${p.decisionType}`, { defaultValue: p.decisionType })}</td>
                      <td>
                        {p.amount === null ? (
                          '—'
                        ) : (
                          <MoneyValue
                            minor={p.amount.value}
                            currency={p.amount.currency}
                            minorUnits={minorUnitsOf(p.amount.currency)}
                          />
                        )}
                      </td>
                      <td>
                        <span className={`badge badge--${p.status}`}>
                          {t(`proposalStatus.${p.status}`, { defaultValue: p.status })}
                        </span>
                      </td>
                      <td>
                        <time dateTime={p.submittedAt}>{format.dateTime(p.submittedAt)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </ResourceView>
      <DownloadLinks list="proposals" />
    </div>
  );
}
