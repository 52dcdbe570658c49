import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseCrossings, parseGovernorates } from '../api/places';
import { useResource } from '../api/use-resource';
import { DownloadLinks } from '../components/download-links';
import { usePageTitle } from '../components/page-title';
import { ResourceView } from '../components/resource-view';
import { GazaMap } from '../map/gaza-map';

/** The map on its own page, larger, with the places' downloads. */
export function MapPage(): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('map.heading'));
  const governorates = useResource('/governorates', parseGovernorates);
  const crossings = useResource('/crossings', parseCrossings);
  return (
    <div data-page="map">
      <h1>{t('map.heading')}</h1>
      <p className="lead">{t('map.intro')}</p>
      <ResourceView resource={governorates}>
        {(g) => (
          <ResourceView resource={crossings}>
            {(c) => <GazaMap governorates={g.items} crossings={c.items} width={460} />}
          </ResourceView>
        )}
      </ResourceView>
      <DownloadLinks list="governorates" label={t('map.governorates')} />
      <DownloadLinks list="crossings" label={t('map.crossings')} />
    </div>
  );
}
