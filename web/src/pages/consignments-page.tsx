import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseAccessCrossings, parseConsignments, type AccessCrossing } from '../api/consignment-records';
import {
  apiSearch,
  CONSIGNMENT_FILTERS,
  CONSIGNMENT_STAGES,
  ITEM_CATEGORIES,
  listSearch,
  parseListQuery,
  type ListQuery,
} from '../api/list-query';
import { pickName } from '../api/places';
import { useResource } from '../api/use-resource';
import { DownloadLinks } from '../components/download-links';
import { ListFilters } from '../components/list-filters';
import { LocalName } from '../components/local-name';
import { usePageTitle } from '../components/page-title';
import { Pager } from '../components/pager';
import { QueryProblems } from '../components/query-problems';
import { ResourceView } from '../components/resource-view';
import { useFormatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { useSettings } from '../settings/settings-context';

/** A crossing's name from the access list, or its code while the list is not there. */
export function CrossingName({
  code,
  crossings,
}: {
  code: string;
  crossings: readonly AccessCrossing[] | undefined;
}): ReactNode {
  const found = crossings?.find((c) => c.code === code);
  return found === undefined ? <bdi>{code}</bdi> : <LocalName name={found.name} fallback={code} />;
}

type ConsignmentQuery = Extract<ListQuery<keyof typeof CONSIGNMENT_FILTERS>, { ok: true }>;

function Consignments({ search }: { search: string }): ReactNode {
  const query = parseListQuery(search, CONSIGNMENT_FILTERS);
  return query.ok ? (
    <ConsignmentList query={query} />
  ) : (
    <QueryProblems problems={query.problems} reset={paths.consignments()} />
  );
}

function ConsignmentList({ query }: { query: ConsignmentQuery }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  const crossings = useResource('/access/crossings', parseAccessCrossings);
  // The API's `stage` filter is the consignment's latest stage, as the page's.
  const consignments = useResource(
    `/access/consignments?${apiSearch(query.filters, query.page)}`,
    parseConsignments,
  );
  const crossingList = crossings.state.status === 'ready' ? crossings.state.data : undefined;
  return (
    <>
      <ListFilters
        path={paths.consignments()}
        values={query.filters}
        fields={[
          {
            name: 'crossing',
            label: t('consignments.crossing'),
            options: (crossingList ?? []).map((c) => ({
              value: c.code,
              label: pickName(c.name, settings.language, c.code).text,
            })),
          },
          {
            name: 'category',
            label: t('consignments.category'),
            options: ITEM_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) })),
          },
          {
            name: 'stage',
            label: t('consignments.stage'),
            options: CONSIGNMENT_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) })),
          },
          { name: 'from', label: t('consignments.from'), type: 'date' },
          { name: 'to', label: t('consignments.to'), type: 'date' },
        ]}
      />
      <ResourceView resource={consignments}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="notice">{t('list.none')}</p>
          ) : (
            <>
              <div className="table-scroll">
                <table className="table table--stack" data-table="consignments">
                  <caption>{t('consignments.caption', { total: format.count(data.total) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('consignments.consignment')}</th>
                      <th scope="col">{t('consignments.crossing')}</th>
                      <th scope="col">{t('consignments.category')}</th>
                      <th scope="col">{t('consignments.trucks')}</th>
                      <th scope="col">{t('consignments.stage')}</th>
                      <th scope="col">{t('consignments.requested')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((c) => (
                      <tr key={c.id} data-consignment={c.id} data-stage={c.stage}>
                        <th scope="row">
                          <Link to={paths.consignment(c.id)}>
                            <code dir="ltr">{c.id}</code>
                          </Link>
                        </th>
                        <td data-label={t('consignments.crossing')}>
                          <CrossingName code={c.crossing} crossings={crossingList} />
                        </td>
                        <td data-label={t('consignments.category')}>
                          {t(`category.${c.category}`, { defaultValue: c.category })}
                        </td>
                        <td data-label={t('consignments.trucks')}>{format.count(c.trucks)}</td>
                        <td data-label={t('consignments.stage')}>
                          <span className={`badge badge--${c.stage}`}>
                            {t(`stage.${c.stage}`, { defaultValue: c.stage })}
                          </span>
                        </td>
                        <td data-label={t('consignments.requested')}>
                          <time dateTime={c.requestedAt}>{format.dateTime(c.requestedAt)}</time>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                page={query.page}
                total={data.total}
                href={(page) => paths.consignments(listSearch(query.filters, page))}
              />
            </>
          )
        }
      </ResourceView>
      <DownloadLinks list="access/consignments" query={listSearch(query.filters)} />
    </>
  );
}

/** Consignments through the crossings, filtered by crossing, category, latest stage and request day. */
export function ConsignmentsPage({ search }: { search: string }): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('consignments.heading'));
  return (
    <div data-page="consignments">
      <h1>{t('consignments.heading')}</h1>
      <p className="lead">{t('consignments.intro')}</p>
      <Consignments search={search} />
      <p>
        <Link to={paths.distributionPoints()}>{t('points.heading')}</Link>
      </p>
    </div>
  );
}
