import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  apiSearch,
  listSearch,
  parseListQuery,
  PROJECT_FILTERS,
  PROJECT_STATUSES,
  type ListQuery,
  SECTORS,
} from '../api/list-query';
import { parseGovernorates, pickName, type Governorate, type LocalisedName } from '../api/places';
import { parsePartners, parseProjects } from '../api/project-records';
import { useResource } from '../api/use-resource';
import { DownloadLinks } from '../components/download-links';
import { ListFilters } from '../components/list-filters';
import { LocalName } from '../components/local-name';
import { MoneyValue } from '../components/money-value';
import { usePageTitle } from '../components/page-title';
import { Pager } from '../components/pager';
import { QueryProblems } from '../components/query-problems';
import { ResourceView } from '../components/resource-view';
import { minorUnitsOf } from '../format/minor-units';
import { useFormatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { useSettings } from '../settings/settings-context';

/** A governorate's name from the list, or its P-code while the list is not there. */
export function GovernorateName({
  code,
  governorates,
}: {
  code: string;
  governorates: readonly Governorate[] | undefined;
}): ReactNode {
  const found = governorates?.find((g) => g.code === code);
  return found === undefined ? <bdi>{code}</bdi> : <LocalName name={found.name} fallback={code} />;
}

type ProjectQuery = Extract<ListQuery<keyof typeof PROJECT_FILTERS>, { ok: true }>;

function Projects({ search }: { search: string }): ReactNode {
  const query = parseListQuery(search, PROJECT_FILTERS);
  return query.ok ? (
    <ProjectList query={query} />
  ) : (
    <QueryProblems problems={query.problems} reset={paths.projects()} />
  );
}

function ProjectList({ query }: { query: ProjectQuery }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  const governorates = useResource('/governorates', parseGovernorates);
  const partners = useResource('/partners?limit=500', parsePartners);
  const projects = useResource(`/projects?${apiSearch(query.filters, query.page)}`, parseProjects);

  const governorateList = governorates.state.status === 'ready' ? governorates.state.data.items : undefined;
  const partnerNames = new Map<string, LocalisedName>(
    partners.state.status === 'ready' ? partners.state.data.items.map((p) => [p.id, p.name]) : [],
  );
  const name = (named: LocalisedName, fallback: string): string =>
    pickName(named, settings.language, fallback).text;
  return (
    <>
      <ListFilters
        path={paths.projects()}
        values={query.filters}
        fields={[
          {
            name: 'sector',
            label: t('projects.sector'),
            options: SECTORS.map((s) => ({ value: s, label: t(`sector.${s}`) })),
          },
          {
            name: 'governorate',
            label: t('projectList.governorate'),
            options: (governorateList ?? []).map((g) => ({ value: g.code, label: name(g.name, g.code) })),
          },
          {
            name: 'status',
            label: t('projectList.status'),
            options: PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projectStatus.${s}`) })),
          },
          {
            name: 'partner',
            label: t('projectList.partner'),
            options: [...partnerNames].map(([id, named]) => ({ value: id, label: name(named, id) })),
          },
        ]}
      />
      <ResourceView resource={projects}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="notice">{t('list.none')}</p>
          ) : (
            <>
              <div className="table-scroll">
                <table className="table table--stack" data-table="projects">
                  <caption>{t('projectList.caption', { total: format.count(data.total) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('projectList.project')}</th>
                      <th scope="col">{t('projects.sector')}</th>
                      <th scope="col">{t('projectList.governorate')}</th>
                      <th scope="col">{t('projectList.partner')}</th>
                      <th scope="col">{t('projectList.status')}</th>
                      <th scope="col">{t('projects.budget')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((p) => (
                      <tr key={p.id} data-project={p.id}>
                        <th scope="row">
                          <Link to={paths.project(p.id)}>
                            <LocalName name={p.title} fallback={p.id} />
                          </Link>
                        </th>
                        <td data-label={t('projects.sector')}>
                          {t(`sector.${p.sector}`, { defaultValue: p.sector })}
                        </td>
                        <td data-label={t('projectList.governorate')}>
                          <GovernorateName code={p.governorate} governorates={governorateList} />
                        </td>
                        <td data-label={t('projectList.partner')}>
                          {partnerNames.has(p.partner) ? (
                            <LocalName name={partnerNames.get(p.partner)!} fallback={p.partner} />
                          ) : (
                            <bdi>{p.partner}</bdi>
                          )}
                        </td>
                        <td data-label={t('projectList.status')}>
                          <span className={`badge badge--${p.status}`}>
                            {t(`projectStatus.${p.status}`, { defaultValue: p.status })}
                          </span>
                        </td>
                        <td data-label={t('projects.budget')}>
                          <MoneyValue
                            minor={p.budget.value}
                            currency={p.budget.currency}
                            minorUnits={minorUnitsOf(p.budget.currency)}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                page={query.page}
                total={data.total}
                href={(page) => paths.projects(listSearch(query.filters, page))}
              />
            </>
          )
        }
      </ResourceView>
      <DownloadLinks list="projects" query={listSearch(query.filters)} />
    </>
  );
}

/** Reconstruction projects, filtered by sector, governorate, status and partner, a page at a time. */
export function ProjectsPage({ search }: { search: string }): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('projectList.heading'));
  return (
    <div data-page="projects">
      <h1>{t('projectList.heading')}</h1>
      <p className="lead">{t('projectList.intro')}</p>
      <Projects search={search} />
    </div>
  );
}
