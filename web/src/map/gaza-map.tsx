import { useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AmountValue } from '../components/amount-value';
import { LogLink } from '../components/log-link';
import { useFormatters } from '../format/use-formatters';
import { pickName, type Crossing, type Governorate, type LocalisedName } from '../api/places';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { numberLocale } from '../settings/settings';
import { useSettings } from '../settings/settings-context';
import type { Position } from './boundary-types';
import { gazaBoundaries } from './gaza-boundaries.generated';
import { fitProjection, ringsToPath } from './projection';

const fills = ['#dfe9ee', '#cfe0e6', '#e6eee2', '#d6e4dc', '#e9e4d8'];

/** A place drawn as a small mark (a project, a distribution point), listed in the table under the map. */
export interface MapMark {
  readonly id: string;
  readonly name: LocalisedName;
  readonly point: { readonly lat: number; readonly lon: number };
  /** Where its own page (or list) is. */
  readonly href: string;
}

/** A damaged or destroyed asset: drawn as a cross, listed with its state and what was lost. */
export interface AssetMark extends MapMark {
  /** `damaged` or `destroyed`, as the latest damage report left it. */
  readonly status: string;
  readonly kind: string;
  readonly count: number;
  readonly valueLost: { readonly value: string; readonly currency: string };
  /** The latest damage report's date. */
  readonly damagedOn: string | null;
  readonly logIndex: number;
}

// A cross of two strokes over a white halo, so that it reads on every governorate's fill; the shape,
// not the colour alone, sets it apart from the projects' squares and the points' triangles.
const ASSET_COLOUR = '#a4262c';
const crossPath = (x: number, y: number, r: number): string =>
  `M${x - r} ${y - r}L${x + r} ${y + r}M${x + r} ${y - r}L${x - r} ${y + r}`;

function AssetCross({ x, y, r }: { x: number; y: number; r: number }): ReactNode {
  const d = crossPath(x, y, r);
  return (
    <>
      <path d={d} stroke="#fff" strokeWidth={4.5} strokeLinecap="round" fill="none" />
      <path d={d} stroke={ASSET_COLOUR} strokeWidth={2.25} strokeLinecap="round" fill="none" />
    </>
  );
}

/**
 * The Gaza Strip's governorates (outlines generated from OCHA COD-AB by scripts/generate-boundaries.ts)
 * with the crossings the API lists, drawn as SVG: no tile server, no map library. The same facts are in
 * the table under it, for screen readers and for anyone who prefers to read them.
 */
export function GazaMap({
  governorates,
  crossings,
  projects = [],
  points = [],
  assets = [],
  width = 420,
}: {
  governorates: readonly Governorate[];
  crossings: readonly Crossing[];
  /** Projects with a position, drawn as squares (the map page shows them; the dashboard does not). */
  projects?: readonly MapMark[];
  /** Distribution points with a position, drawn as triangles. */
  points?: readonly MapMark[];
  /** Damaged or destroyed assets with a position, drawn as crosses; `href` is their project's page. */
  assets?: readonly AssetMark[];
  width?: number;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { settings } = useSettings();
  const titleId = useId();
  const descId = useId();
  const located = useMemo(() => crossings.filter((crossing) => crossing.point !== undefined), [crossings]);

  const projection = useMemo(() => {
    const points: Position[] = gazaBoundaries.features.flatMap((f) => f.geometry.coordinates.flat());
    for (const crossing of located) points.push([crossing.point!.lon, crossing.point!.lat]);
    return fitProjection(points, width, { x: Math.round(width * 0.27), y: 20 });
  }, [located, width]);

  const label = (place: Governorate) => pickName(place.name, settings.language, place.code);

  // On the map a crossing carries its short name ("Kerem Shalom / Karem Abu Salem" → "Kerem Shalom";
  // the table has the full one), and labels on the same side are pushed apart so that none overlaps.
  const crossingLabels = useMemo(() => {
    const placed = located
      .map((crossing) => {
        const [x, y] = projection.project(crossing.point!.lon, crossing.point!.lat);
        const full = pickName(crossing.name, settings.language, crossing.code);
        const short = full.text.split(' / ')[0]!.replace(/\s*\(.*\)\s*$/, '');
        const east = x >= projection.width / 2;
        return { crossing, x, y, labelX: x, labelY: y, east, name: { ...full, text: short } };
      })
      .sort((a, b) => a.y - b.y);
    // Each side's labels stand in a column just beyond its outermost point, pushed apart vertically;
    // a thin line joins a label to its point when they are apart.
    for (const side of [true, false]) {
      const group = placed.filter((p) => p.east === side);
      const edge = side ? Math.max(...group.map((p) => p.x)) + 10 : Math.min(...group.map((p) => p.x)) - 10;
      let last = -Infinity;
      for (const item of group) {
        item.labelY = Math.max(item.y, last + 14);
        item.labelX = edge;
        last = item.labelY;
      }
    }
    return placed;
  }, [located, projection, settings.language]);
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(numberLocale(settings), { maximumFractionDigits: digits }).format(value);

  return (
    <figure className="map" data-map="gaza">
      <svg
        className="map__svg"
        viewBox={`0 0 ${projection.width} ${projection.height}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        direction="ltr"
      >
        <title id={titleId}>{t('map.title')}</title>
        <desc id={descId}>{t('map.description')}</desc>
        <rect className="map__sea" width={projection.width} height={projection.height} />
        {gazaBoundaries.features.map((feature, i) => {
          const governorate = governorates.find((g) => g.code === feature.properties.code);
          return (
            <path
              key={feature.properties.code}
              className="map__area"
              data-code={feature.properties.code}
              d={ringsToPath(feature.geometry.coordinates, projection)}
              fill={fills[i % fills.length]}
            >
              <title>{governorate === undefined ? feature.properties.name : label(governorate).text}</title>
            </path>
          );
        })}
        {projects.length > 0 && (
          <g className="map__projects" data-layer="projects">
            {projects.map((mark) => {
              const [x, y] = projection.project(mark.point.lon, mark.point.lat);
              return (
                <rect key={mark.id} data-project-mark={mark.id} x={x - 2} y={y - 2} width={4} height={4}>
                  <title>{pickName(mark.name, settings.language, mark.id).text}</title>
                </rect>
              );
            })}
          </g>
        )}
        {points.length > 0 && (
          <g className="map__points" data-layer="points">
            {points.map((mark) => {
              const [x, y] = projection.project(mark.point.lon, mark.point.lat);
              return (
                <path
                  key={mark.id}
                  data-point-mark={mark.id}
                  d={`M${x} ${y - 4}L${x + 4} ${y + 3}L${x - 4} ${y + 3}Z`}
                >
                  <title>{pickName(mark.name, settings.language, mark.id).text}</title>
                </path>
              );
            })}
          </g>
        )}
        {gazaBoundaries.features.map((feature) => {
          const governorate = governorates.find((g) => g.code === feature.properties.code);
          const [lon, lat] =
            governorate?.point !== undefined
              ? [governorate.point.lon, governorate.point.lat]
              : feature.properties.centre;
          const [x, y] = projection.project(lon, lat);
          const name =
            governorate === undefined ? { text: feature.properties.name, lang: 'en' } : label(governorate);
          return (
            <text
              key={feature.properties.code}
              className="map__label"
              data-label={feature.properties.code}
              x={x}
              y={y}
              textAnchor="middle"
              lang={name.lang}
            >
              {name.text}
            </text>
          );
        })}
        {/* Above the governorates' names, which would otherwise hide a cross. */}
        {assets.length > 0 && (
          <g className="map__assets" data-layer="assets">
            {assets.map((mark) => {
              const [x, y] = projection.project(mark.point.lon, mark.point.lat);
              return (
                <g key={mark.id} data-asset-mark={mark.id} data-status={mark.status}>
                  <title>
                    {`${t(`assetKind.${mark.kind}`, { defaultValue: mark.kind })} · ${t(`assetStatus.${mark.status}`, { defaultValue: mark.status })} · ${pickName(mark.name, settings.language, mark.id).text}`}
                  </title>
                  <AssetCross x={x} y={y} r={3.5} />
                </g>
              );
            })}
          </g>
        )}
        {crossingLabels.map(({ crossing, x, y, labelX, labelY, east, name }) => (
          <g
            key={crossing.code}
            className={`map__crossing map__crossing--${crossing.status}`}
            data-crossing={crossing.code}
          >
            {Math.hypot(labelX - x, labelY - y) > 12 && (
              <line className="map__leader" x1={x} y1={y} x2={labelX + (east ? -2 : 2)} y2={labelY} />
            )}
            <circle cx={x} cy={y} r={5} />
            <text
              className="map__crossing-label"
              x={labelX}
              y={labelY + 4}
              textAnchor={east ? 'start' : 'end'}
              lang={name.lang}
            >
              {name.text}
            </text>
          </g>
        ))}
      </svg>
      {(projects.length > 0 || points.length > 0 || assets.length > 0) && (
        <ul className="map__legend" data-legend>
          {projects.length > 0 && (
            <li>
              <svg width="12" height="12" aria-hidden="true" className="map__projects">
                <rect x="3" y="3" width="6" height="6" />
              </svg>
              {t('map.projects', { n: number(projects.length, 0) })}
            </li>
          )}
          {points.length > 0 && (
            <li>
              <svg width="12" height="12" aria-hidden="true" className="map__points">
                <path d="M6 1L11 10L1 10Z" />
              </svg>
              {t('map.points', { n: number(points.length, 0) })}
            </li>
          )}
          {assets.length > 0 && (
            <li data-legend-item="assets">
              <svg width="12" height="12" aria-hidden="true">
                <AssetCross x={6} y={6} r={3} />
              </svg>
              {t('map.assets', { n: number(assets.length, 0) })}
            </li>
          )}
        </ul>
      )}
      <figcaption className="map__caption">{t('map.source')}</figcaption>
      {/* On a phone each table scrolls within itself, not the page. */}
      <details className="data-table">
        <summary>{t('chart.table')}</summary>
        <div className="table-scroll">
          <table>
            <caption>{t('map.governorates')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('map.code')}</th>
                <th scope="col">{t('map.nameEn')}</th>
                <th scope="col">{t('map.nameAr')}</th>
                <th scope="col">{t('map.area')}</th>
                <th scope="col">{t('map.position')}</th>
              </tr>
            </thead>
            <tbody>
              {governorates.map((g) => (
                <tr key={g.code}>
                  <td dir="ltr" translate="no">
                    {g.code}
                  </td>
                  <td lang="en">{g.name.en ?? ''}</td>
                  <td lang="ar" dir="rtl">
                    {g.name.ar ?? ''}
                  </td>
                  <td>{g.areaSqKm === undefined ? '—' : number(g.areaSqKm, 1)}</td>
                  <td dir="ltr">
                    {g.point === undefined ? '—' : `${number(g.point.lat, 4)}, ${number(g.point.lon, 4)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-scroll">
          <table>
            <caption>{t('map.crossings')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('map.nameEn')}</th>
                <th scope="col">{t('map.nameAr')}</th>
                <th scope="col">{t('map.status')}</th>
                <th scope="col">{t('map.position')}</th>
              </tr>
            </thead>
            <tbody>
              {crossings.map((c) => (
                <tr key={c.code} data-crossing-row={c.code}>
                  <td lang="en">
                    <Link to={paths.consignments(`crossing=${encodeURIComponent(c.code)}`)}>
                      {c.name.en ?? c.code}
                    </Link>
                  </td>
                  <td lang="ar" dir="rtl">
                    {c.name.ar ?? ''}
                  </td>
                  <td>{t(`crossingStatus.${c.status}`)}</td>
                  <td dir="ltr">
                    {c.point === undefined
                      ? t('map.noPosition')
                      : `${number(c.point.lat, 4)}, ${number(c.point.lon, 4)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {[
          ['projects', projects, t('map.projectsCaption')] as const,
          ['points', points, t('map.pointsCaption')] as const,
        ]
          .filter(([, marks]) => marks.length > 0)
          .map(([layer, marks, caption]) => (
            <div key={layer} className="table-scroll">
              <table data-marks={layer}>
                <caption>{caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('map.name')}</th>
                    <th scope="col">{t('map.position')}</th>
                  </tr>
                </thead>
                <tbody>
                  {marks.map((mark) => (
                    <tr key={mark.id} data-mark-row={mark.id}>
                      <td>
                        <Link to={mark.href}>{pickName(mark.name, settings.language, mark.id).text}</Link>
                      </td>
                      <td dir="ltr">{`${number(mark.point.lat, 4)}, ${number(mark.point.lon, 4)}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        {assets.length > 0 && (
          <div className="table-scroll">
            <table data-marks="assets">
              <caption>{t('map.assetsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('map.asset')}</th>
                  <th scope="col">{t('map.project')}</th>
                  <th scope="col">{t('map.assetState')}</th>
                  <th scope="col">{t('map.valueLost')}</th>
                  <th scope="col">{t('map.damagedOn')}</th>
                  <th scope="col">{t('map.position')}</th>
                </tr>
              </thead>
              <tbody>
                {assets.map((mark) => (
                  <tr key={mark.id} data-mark-row={mark.id} data-status={mark.status}>
                    <td>
                      {t(`assetKind.${mark.kind}`, { defaultValue: mark.kind })} × {format.count(mark.count)}{' '}
                      · <LogLink index={mark.logIndex} />
                    </td>
                    <td>
                      <Link to={mark.href}>{pickName(mark.name, settings.language, mark.id).text}</Link>
                    </td>
                    <td>{t(`assetStatus.${mark.status}`, { defaultValue: mark.status })}</td>
                    <td>
                      <AmountValue {...mark.valueLost} />
                    </td>
                    <td>
                      {mark.damagedOn === null ? (
                        '—'
                      ) : (
                        <time dateTime={mark.damagedOn}>{format.date(mark.damagedOn)}</time>
                      )}
                    </td>
                    <td dir="ltr">{`${number(mark.point.lat, 4)}, ${number(mark.point.lon, 4)}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </figure>
  );
}
