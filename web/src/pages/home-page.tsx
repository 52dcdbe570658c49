import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseOverview } from '../api/overview';
import { parseCrossings, parseGovernorates } from '../api/places';
import { useResource } from '../api/use-resource';
import { FigureList } from '../components/figure-list';
import { LogSummary } from '../components/log-summary';
import { PlaceList } from '../components/place-list';
import { ResourceView } from '../components/resource-view';
import { VerificationStatus } from '../components/verification-status';

export function HomePage(): ReactNode {
  const { t } = useTranslation();
  const overview = useResource('/overview', parseOverview);
  const governorates = useResource('/governorates', parseGovernorates);
  const crossings = useResource('/crossings', parseCrossings);

  return (
    <>
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

      <section className="section panel" aria-labelledby="log-heading">
        <h2 id="log-heading">{t('log.heading')}</h2>
        <p>{t('log.explanation')}</p>
        <VerificationStatus />
        {overview.state.status === 'ready' && <LogSummary overview={overview.state.data} />}
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
    </>
  );
}
