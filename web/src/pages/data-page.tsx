import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadLinks } from '../components/download-links';
import { usePageTitle } from '../components/page-title';

const apiDocs = '/api/docs';
const checkpoint = '/log/checkpoint';

/** Lists with downloads, in the order the page shows them (src/http/list-downloads.ts serves them). */
const lists = [
  'orgs',
  'governorates',
  'crossings',
  'proposals',
  'fund/pledges',
  'fund/journal',
  'projects',
  'assets',
  'access/consignments',
  'access/distribution-points',
] as const;

/** Open data: every list as CSV, HXL-tagged CSV and JSON; the API and the log for those who verify. */
export function DataPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('data.heading'));
  return (
    <div data-page="data">
      <h1>{t('data.heading')}</h1>
      <p className="lead">{t('data.intro')}</p>
      <div className="table-scroll">
        <table className="table" data-table="downloads">
          <caption>{t('data.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('data.list')}</th>
              <th scope="col">{t('downloads.label')}</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((list) => (
              <tr key={list}>
                <th scope="row">{t(`data.lists.${list.replaceAll('/', '-')}`)}</th>
                <td>
                  <DownloadLinks list={list} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('data.formats')}</h2>
      <ul>
        <li>{t('data.csv')}</li>
        <li>{t('data.hxl')}</li>
        <li>{t('data.json')}</li>
      </ul>
      <h2>{t('data.apiHeading')}</h2>
      <p>{t('data.api')}</p>
      <ul className="link-list">
        <li>
          <a href={apiDocs} dir="ltr" translate="no">
            {apiDocs}
          </a>
        </li>
        <li>
          <a href={checkpoint} dir="ltr" translate="no">
            {checkpoint}
          </a>
        </li>
      </ul>
    </div>
  );
}
