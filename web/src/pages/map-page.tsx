import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseCrossings, parseGovernorates } from '../api/places';
import { useResource } from '../api/use-resource';
import { DownloadLinks } from '../components/download-links';
import { usePageTitle } from '../components/page-title';
import { ResourceView } from '../components/resource-view';
import { parseDistributionPoints } from '../api/consignment-records';
import { parseAssets, parseProjects } from '../api/project-records';
import { useFormatters } from '../format/use-formatters';
import { GazaMap, type AssetMark, type MapMark } from '../map/gaza-map';
import { paths } from '../router/routes';
import { Link } from '../router/router';

/** The assets the map marks: those a damage report left damaged or destroyed. */
const STRUCK = 'status=damaged&status=destroyed';
/** At most this many of them on the map (one page of the API). */
const ASSETS_ON_MAP = 500;

/** The map on its own page, larger, with the places' downloads. */
export function MapPage(): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  usePageTitle(t('map.heading'));
  const governorates = useResource('/governorates', parseGovernorates);
  const crossings = useResource('/crossings', parseCrossings);
  // Projects and distribution points are marks on this page's map only (the dashboard's stays light);
  // until they arrive, or if they cannot be read, the map shows the places without them.
  const projects = useResource('/projects?limit=500', parseProjects);
  const points = useResource('/access/distribution-points', parseDistributionPoints);
  const assets = useResource(`/assets?${STRUCK}&limit=${ASSETS_ON_MAP}`, parseAssets);
  const projectMarks: MapMark[] =
    projects.state.status === 'ready'
      ? projects.state.data.items.flatMap((p) =>
          p.position === null
            ? []
            : [{ id: p.id, name: p.title, point: p.position, href: paths.project(p.id) }],
        )
      : [];
  const pointMarks: MapMark[] =
    points.state.status === 'ready'
      ? points.state.data.flatMap((p) =>
          p.location === null
            ? []
            : [{ id: p.id, name: p.name, point: p.location, href: paths.distributionPoints() }],
        )
      : [];
  const assetMarks: AssetMark[] =
    assets.state.status === 'ready'
      ? assets.state.data.items.flatMap((a) =>
          a.position === null
            ? []
            : [
                {
                  id: a.id,
                  name: a.project.title,
                  point: a.position,
                  href: paths.project(a.project.id),
                  status: a.status,
                  kind: a.kind,
                  count: a.count,
                  valueLost: { value: a.valueLost, currency: a.value.currency },
                  damagedOn: a.damagedOn,
                  logIndex: a.logIndex,
                },
              ],
        )
      : [];
  const assetsTotal = assets.state.status === 'ready' ? assets.state.data.total : 0;
  return (
    <div data-page="map">
      <h1>{t('map.heading')}</h1>
      <p className="lead">{t('map.intro')}</p>
      <ResourceView resource={governorates}>
        {(g) => (
          <ResourceView resource={crossings}>
            {(c) => (
              <GazaMap
                governorates={g.items}
                crossings={c.items}
                projects={projectMarks}
                points={pointMarks}
                assets={assetMarks}
                width={460}
              />
            )}
          </ResourceView>
        )}
      </ResourceView>
      <DownloadLinks list="governorates" label={t('map.governorates')} />
      <DownloadLinks list="crossings" label={t('map.crossings')} />
      {assetsTotal > 0 && (
        <>
          {assetsTotal > assetMarks.length && (
            <p className="muted" data-assets-shown>
              {t('map.assetsShown', {
                shown: format.count(assetMarks.length),
                total: format.count(assetsTotal),
              })}
            </p>
          )}
          <DownloadLinks list="assets" query={STRUCK} label={t('map.assetsList')} />
        </>
      )}
      <ul className="link-list" data-related="map">
        <li>
          <Link to={paths.projects()}>{t('projectList.heading')}</Link>
        </li>
        <li>
          <Link to={paths.consignments()}>{t('consignments.heading')}</Link>
        </li>
        <li>
          <Link to={paths.distributionPoints()}>{t('points.heading')}</Link>
        </li>
      </ul>
    </div>
  );
}
