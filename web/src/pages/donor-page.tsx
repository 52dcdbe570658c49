import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { pickName } from '../api/places';
import { parseDonorTracker, type DonorTracker } from '../api/records';
import { useResource } from '../api/use-resource';
import { BackLink } from '../components/back-link';
import { DownloadLinks } from '../components/download-links';
import { MoneyValue } from '../components/money-value';
import { usePageTitle } from '../components/page-title';
import { RecordProof } from '../components/record-proof';
import { ResourceView } from '../components/resource-view';
import { useFormatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { useSettings } from '../settings/settings-context';
import { pledgeRecord, receiptRecord } from '../verify/records';
import { minorUnitsOf } from '../format/minor-units';

function Donor({ donor }: { donor: DonorTracker }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  const name = pickName(donor.name, settings.language, donor.org).text;
  usePageTitle(t('donor.title', { name }));
  return (
    <>
      <h1>{t('donor.title', { name })}</h1>
      <p className="lead">{t('donor.intro')}</p>
      {donor.totals.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-table="donor-totals">
            <caption>{t('donor.totals')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fund.currency')}</th>
                <th scope="col">{t('figure.pledged')}</th>
                <th scope="col">{t('figure.received')}</th>
                <th scope="col">{t('donor.cancelled')}</th>
                <th scope="col">{t('donor.outstanding')}</th>
              </tr>
            </thead>
            <tbody>
              {donor.totals.map((row) => {
                const units = minorUnitsOf(row.currency);
                return (
                  <tr key={row.currency}>
                    <th scope="row" dir="ltr" translate="no">
                      {row.currency}
                    </th>
                    {(['pledged', 'received', 'cancelled', 'outstanding'] as const).map((column) => (
                      <td key={column}>
                        <MoneyValue minor={row[column]} currency={row.currency} minorUnits={units} />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('donor.pledges')}</h2>
      {donor.pledges.length === 0 ? (
        <p className="notice">{t('state.empty')}</p>
      ) : (
        <ol className="pledges">
          {donor.pledges.map((pledge) => {
            const units = minorUnitsOf(pledge.amount.currency);
            return (
              <li key={pledge.id} className="pledge" data-pledge={pledge.id}>
                <h3>
                  <MoneyValue
                    minor={pledge.amount.value}
                    currency={pledge.amount.currency}
                    minorUnits={units}
                  />{' '}
                  <span className={`badge badge--${pledge.status}`}>
                    {t(`pledgeStatus.${pledge.status}`, { defaultValue: pledge.status })}
                  </span>
                </h3>
                <p>
                  {t('donor.pledgedOn', { date: format.date(pledge.date) })}{' '}
                  <code dir="ltr" translate="no">
                    {pledge.id}
                  </code>
                </p>
                <dl className="facts facts--compact">
                  <div className="fact">
                    <dt>{t('figure.received')}</dt>
                    <dd>
                      <MoneyValue
                        minor={pledge.received}
                        currency={pledge.amount.currency}
                        minorUnits={units}
                      />
                    </dd>
                  </div>
                  <div className="fact">
                    <dt>{t('donor.outstanding')}</dt>
                    <dd>
                      <MoneyValue
                        minor={pledge.outstanding}
                        currency={pledge.amount.currency}
                        minorUnits={units}
                      />
                    </dd>
                  </div>
                  {pledge.cancelled !== '0' && (
                    <div className="fact">
                      <dt>{t('donor.cancelled')}</dt>
                      <dd>
                        <MoneyValue
                          minor={pledge.cancelled}
                          currency={pledge.amount.currency}
                          minorUnits={units}
                        />
                        {pledge.cancelReason !== null && (
                          <>
                            {' '}
                            — <bdi>{pledge.cancelReason}</bdi>
                          </>
                        )}
                      </dd>
                    </div>
                  )}
                  {pledge.conditions !== null && (
                    <div className="fact">
                      <dt>{t('donor.conditions')}</dt>
                      <dd dir="auto">{pledge.conditions}</dd>
                    </div>
                  )}
                </dl>
                <RecordProof logIndex={pledge.logIndex} expected={pledgeRecord(pledge, donor.org)} />
                {pledge.receipts.length > 0 && (
                  <div className="table-scroll">
                    <table className="table" data-table="receipts">
                      <caption>{t('donor.receipts')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('chart.date')}</th>
                          <th scope="col">{t('donor.amount')}</th>
                          <th scope="col">{t('donor.reference')}</th>
                          <th scope="col">{t('explorer.proof')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {pledge.receipts.map((receipt) => (
                          <tr key={receipt.id} data-receipt={receipt.id}>
                            <th scope="row">
                              <time dateTime={receipt.date}>{format.date(receipt.date)}</time>
                            </th>
                            <td>
                              <MoneyValue
                                minor={receipt.amount}
                                currency={pledge.amount.currency}
                                minorUnits={units}
                              />
                            </td>
                            <td>
                              <code dir="ltr" translate="no">
                                {receipt.reference}
                              </code>
                            </td>
                            <td>
                              <RecordProof
                                logIndex={receipt.logIndex}
                                expected={receiptRecord(receipt, pledge.id)}
                              />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <DownloadLinks list="fund/pledges" query={`donor=${encodeURIComponent(donor.org)}`} />
    </>
  );
}

/** A donor's pledges and the receipts paid against them. */
export function DonorPage({ id }: { id: string }): ReactNode {
  const { t } = useTranslation();
  const donor = useResource(`/fund/donors/${encodeURIComponent(id)}`, parseDonorTracker);
  return (
    <div data-page="donor">
      <BackLink to={paths.org(id)}>{t('donor.org')}</BackLink>
      <ResourceView resource={donor} record>
        {(data) => <Donor donor={data} />}
      </ResourceView>
    </div>
  );
}
