import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDistributionPoints, SERVED_KINDS } from '../api/consignment-records';
import { parseGovernorates } from '../api/places';
import { useResource } from '../api/use-resource';
import { DownloadLinks } from '../components/download-links';
import { LocalName } from '../components/local-name';
import { LogLink } from '../components/log-link';
import { usePageTitle } from '../components/page-title';
import { ResourceView } from '../components/resource-view';
import { useFormatters } from '../format/use-formatters';
import { GovernorateName } from './projects-page';

/** Kitchens, parcel points, water points and clinics, with what each reported it served. */
export function DistributionPointsPage(): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  usePageTitle(t('points.heading'));
  const points = useResource('/access/distribution-points', parseDistributionPoints);
  const governorates = useResource('/governorates', parseGovernorates);
  const governorateList = governorates.state.status === 'ready' ? governorates.state.data.items : undefined;
  return (
    <div data-page="distribution-points">
      <h1>{t('points.heading')}</h1>
      <p className="lead">{t('points.intro')}</p>
      <ResourceView resource={points}>
        {(data) =>
          data.length === 0 ? (
            <p className="notice">{t('state.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="table table--stack" data-table="distribution-points">
                <caption>{t('points.caption', { total: format.count(data.length) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('points.point')}</th>
                    <th scope="col">{t('points.kind')}</th>
                    <th scope="col">{t('projectList.governorate')}</th>
                    {SERVED_KINDS.map((kind) => (
                      <th key={kind} scope="col">
                        {t(`points.served.${kind}`)}
                      </th>
                    ))}
                    <th scope="col">{t('points.households')}</th>
                    <th scope="col">{t('points.reports')}</th>
                    <th scope="col">{t('project.logEntry')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((p) => (
                    <tr key={p.id} data-point={p.id}>
                      <th scope="row">
                        <LocalName name={p.name} fallback={p.id} />
                      </th>
                      <td data-label={t('points.kind')}>
                        {t(`pointKind.${p.kind}`, { defaultValue: p.kind })}
                      </td>
                      <td data-label={t('projectList.governorate')}>
                        <GovernorateName code={p.governorate} governorates={governorateList} />
                      </td>
                      {SERVED_KINDS.map((kind) => (
                        <td key={kind} data-label={t(`points.served.${kind}`)}>
                          {format.count(p.served[kind])}
                        </td>
                      ))}
                      <td data-label={t('points.households')}>{format.count(p.households)}</td>
                      <td data-label={t('points.reports')}>{format.count(p.reports)}</td>
                      <td data-label={t('project.logEntry')}>
                        <LogLink index={p.logIndex} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </ResourceView>
      <DownloadLinks list="access/distribution-points" />
    </div>
  );
}
