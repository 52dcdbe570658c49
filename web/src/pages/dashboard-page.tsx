import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCESS_DAILY_QUERY, parseAccessDaily, recentActivity } from '../api/access';
import { NEEDS_REPORT_PATH, parseNeedsReport, type NeedsReport } from '../api/needs';
import { parseProjectProgress } from '../api/projects';
import type { Resource } from '../api/use-resource';
import { DailyTrucksChart } from '../charts/daily-trucks-chart';
import { NeedsChart } from '../charts/needs-chart';
import { LocalName } from '../components/local-name';
import { ProgressTable } from '../components/projects-by-sector';
import { parseOverview } from '../api/overview';
import { parseCrossings, parseGovernorates, pickName, type Governorate } from '../api/places';
import { parseFundPosition, type CurrencyPosition } from '../api/records';
import { useResource } from '../api/use-resource';
import { DownloadLinks } from '../components/download-links';
import { FigureList } from '../components/figure-list';
import { FundOverTime } from '../components/fund-over-time';
import { FundPositionTable } from '../components/fund-position';
import { LogSummary } from '../components/log-summary';
import { usePageTitle } from '../components/page-title';
import { PlaceList } from '../components/place-list';
import { ResourceView } from '../components/resource-view';
import { VerificationStatus } from '../components/verification-status';
import { GazaMap } from '../map/gaza-map';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { useSettings } from '../settings/settings-context';

/**
 * A section whose API comes with another area's work: until that route exists (404), its notice.
 */
function Slot<T>({
  resource,
  pending,
  children,
}: {
  resource: Resource<T>;
  pending: string;
  children: (data: T) => ReactNode;
}): ReactNode {
  const { state } = resource;
  if (state.status === 'error' && state.error.kind === 'http' && state.error.status === 404) {
    return (
      <p className="notice" data-slot-pending>
        {pending}
      </p>
    );
  }
  return <ResourceView resource={resource}>{children}</ResourceView>;
}

/** The currency's decimals as the fund records them, else as ISO 4217 has them (what Intl knows). */
function minorUnitsOf(currency: string, currencies: readonly CurrencyPosition[] | undefined): number {
  const recorded = currencies?.find((c) => c.currency === currency)?.minorUnits;
  if (recorded !== undefined) return recorded;
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Need against allocation, by governorate or by sector as the reader chooses. */
function NeedsReportView({
  report,
  governorates,
  currencies,
}: {
  report: NeedsReport;
  governorates: readonly Governorate[] | undefined;
  currencies: readonly CurrencyPosition[] | undefined;
}): ReactNode {
  const { t } = useTranslation();
  const { settings } = useSettings();
  const [by, setBy] = useState<'governorate' | 'sector'>('governorate');
  const label =
    by === 'sector'
      ? (key: string) => t(`sector.${key}`, { defaultValue: key })
      : (key: string) => {
          const g = governorates?.find((item) => item.code === key);
          return g === undefined ? key : pickName(g.name, settings.language, key).text;
        };
  return (
    <>
      {report.formulaVersion === null && <p className="notice">{t('charts.needs.noFormula')}</p>}
      <label className="field">
        <span>{t('charts.needs.show')}</span>
        <select
          value={by}
          onChange={(event) => setBy(event.target.value === 'sector' ? 'sector' : 'governorate')}
          data-control="needs-by"
        >
          <option value="governorate">{t('charts.needs.governorate')}</option>
          <option value="sector">{t('charts.needs.sector')}</option>
        </select>
      </label>
      <NeedsChart
        key={by}
        rows={by === 'sector' ? report.bySector : report.byGovernorate}
        by={by}
        label={label}
        currency={report.currency}
        minorUnits={minorUnitsOf(report.currency, currencies)}
      />
    </>
  );
}

/**
 * The dashboard: key figures, the fund's position and its course, need against allocation, the map, the log. The access and
 * projects sections read their areas' APIs (/api/v1/access/metrics/daily/latest, /api/v1/projects/progress) and show
 * a notice while a route does not exist yet.
 */
export function DashboardPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(undefined);
  const overview = useResource('/overview', parseOverview);
  const governorates = useResource('/governorates', parseGovernorates);
  const crossings = useResource('/crossings', parseCrossings);
  const fund = useResource('/fund/position', parseFundPosition);
  const access = useResource(ACCESS_DAILY_QUERY, parseAccessDaily);
  const projects = useResource('/projects/progress', parseProjectProgress);
  const needs = useResource(NEEDS_REPORT_PATH, parseNeedsReport);

  return (
    <div data-page="dashboard">
      <section className="intro" aria-labelledby="home-heading">
        <h1 id="home-heading">{t('home.heading')}</h1>
        <p className="lead">{t('home.intro')}</p>
      </section>

      <section
        className="section"
        aria-labelledby="figures-heading"
        aria-busy={overview.state.status === 'loading'}
      >
        <h2 id="figures-heading">{t('figures.heading')}</h2>
        <ResourceView resource={overview}>{(data) => <FigureList figures={data.figures} />}</ResourceView>
      </section>

      <section className="section" aria-labelledby="fund-heading" data-section="fund">
        <h2 id="fund-heading">{t('fund.heading')}</h2>
        <p>{t('fund.explanation')}</p>
        <ResourceView resource={fund}>
          {(data) => (
            <>
              <FundPositionTable currencies={data.currencies} />
              <h3>{t('charts.fund.heading')}</h3>
              <FundOverTime currencies={data.currencies} />
            </>
          )}
        </ResourceView>
        <DownloadLinks list="fund/journal" />
      </section>

      <section className="section" aria-labelledby="needs-heading" data-slot="needs">
        <h2 id="needs-heading">{t('charts.needs.heading')}</h2>
        <p>{t('charts.needs.explanation')}</p>
        <Slot resource={needs} pending={t('charts.needs.pending')}>
          {(data) => (
            <NeedsReportView
              report={data}
              governorates={governorates.state.status === 'ready' ? governorates.state.data.items : undefined}
              currencies={fund.state.status === 'ready' ? fund.state.data.currencies : undefined}
            />
          )}
        </Slot>
      </section>

      <section className="section" aria-labelledby="access-heading" data-slot="access">
        <h2 id="access-heading">{t('access.heading')}</h2>
        <p>{t('access.explanation')}</p>
        <Slot resource={access} pending={t('access.pending')}>
          {(data) => <DailyTrucksChart days={recentActivity(data.days)} floor={data.floor} />}
        </Slot>
        <p>
          <Link to={paths.consignments()}>{t('consignments.open')}</Link>
        </p>
      </section>

      <section className="section" aria-labelledby="projects-heading" data-slot="projects">
        <h2 id="projects-heading">{t('projects.heading')}</h2>
        <p>{t('projects.explanation')}</p>
        <Slot resource={projects} pending={t('projects.pending')}>
          {(data) =>
            data.bySector.length === 0 && data.byGovernorate.length === 0 ? (
              <p className="notice">{t('state.empty')}</p>
            ) : (
              <>
                <ProgressTable
                  rows={data.bySector}
                  by="sector"
                  label={(key) => t(`sector.${key}`, { defaultValue: key })}
                />
                <ProgressTable
                  rows={data.byGovernorate}
                  by="governorate"
                  label={(key) => {
                    const g =
                      governorates.state.status === 'ready'
                        ? governorates.state.data.items.find((item) => item.code === key)
                        : undefined;
                    return g === undefined ? key : <LocalName name={g.name} fallback={key} />;
                  }}
                />
              </>
            )
          }
        </Slot>
        <p>
          <Link to={paths.projects()}>{t('projectList.open')}</Link>
        </p>
      </section>

      <section className="section" aria-labelledby="map-heading" data-section="map">
        <h2 id="map-heading">{t('map.heading')}</h2>
        {governorates.state.status === 'ready' && crossings.state.status === 'ready' ? (
          <GazaMap governorates={governorates.state.data.items} crossings={crossings.state.data.items} />
        ) : (
          <ResourceView resource={governorates.state.status === 'ready' ? crossings : governorates}>
            {() => null}
          </ResourceView>
        )}
        <p>
          <Link to={paths.map()}>{t('map.more')}</Link>
        </p>
      </section>

      <section className="section panel" aria-labelledby="log-heading">
        <h2 id="log-heading">{t('log.heading')}</h2>
        <p>{t('log.explanation')}</p>
        <VerificationStatus />
        {overview.state.status === 'ready' && <LogSummary overview={overview.state.data} />}
        <p>
          <Link to={paths.explorer()}>{t('explorer.open')}</Link>
        </p>
      </section>

      <div className="columns">
        <section className="section" aria-labelledby="governorates-heading">
          <h2 id="governorates-heading">{t('governorates.heading')}</h2>
          <ResourceView resource={governorates}>
            {(data) => <PlaceList kind="governorate" items={data.items} />}
          </ResourceView>
        </section>
        <section className="section" aria-labelledby="crossings-heading">
          <h2 id="crossings-heading">{t('crossings.heading')}</h2>
          <ResourceView resource={crossings}>
            {(data) => <PlaceList kind="crossing" items={data.items} />}
          </ResourceView>
        </section>
      </div>
    </div>
  );
}
