import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SiteFooter } from './components/site-footer';
import { SiteHeader } from './components/site-header';
import { RouterProvider, useRouter } from './router/router';
import type { Route } from './router/routes';

// Each page is a chunk of its own: a first visit downloads the shell and the page it opens only.
const DashboardPage = lazy(() =>
  import('./pages/dashboard-page').then((m) => ({ default: m.DashboardPage })),
);
const ExplorerPage = lazy(() => import('./pages/explorer-page').then((m) => ({ default: m.ExplorerPage })));
const EntryPage = lazy(() => import('./pages/entry-page').then((m) => ({ default: m.EntryPage })));
const DecisionsPage = lazy(() =>
  import('./pages/decisions-page').then((m) => ({ default: m.DecisionsPage })),
);
const DecisionPage = lazy(() => import('./pages/decision-page').then((m) => ({ default: m.DecisionPage })));
const OrgsPage = lazy(() => import('./pages/orgs-page').then((m) => ({ default: m.OrgsPage })));
const OrgPage = lazy(() => import('./pages/org-page').then((m) => ({ default: m.OrgPage })));
const DonorPage = lazy(() => import('./pages/donor-page').then((m) => ({ default: m.DonorPage })));
const MapPage = lazy(() => import('./pages/map-page').then((m) => ({ default: m.MapPage })));
const DataPage = lazy(() => import('./pages/data-page').then((m) => ({ default: m.DataPage })));
const ProjectsPage = lazy(() => import('./pages/projects-page').then((m) => ({ default: m.ProjectsPage })));
const ProjectPage = lazy(() => import('./pages/project-page').then((m) => ({ default: m.ProjectPage })));
const ConsignmentsPage = lazy(() =>
  import('./pages/consignments-page').then((m) => ({ default: m.ConsignmentsPage })),
);
const ConsignmentPage = lazy(() =>
  import('./pages/consignment-page').then((m) => ({ default: m.ConsignmentPage })),
);
const DistributionPointsPage = lazy(() =>
  import('./pages/distribution-points-page').then((m) => ({ default: m.DistributionPointsPage })),
);
const NotFoundPage = lazy(() => import('./pages/not-found-page').then((m) => ({ default: m.NotFoundPage })));

function Page({ route }: { route: Route }): ReactNode {
  switch (route.name) {
    case 'dashboard':
      return <DashboardPage />;
    case 'explorer':
      return <ExplorerPage from={route.from} />;
    case 'entry':
      return <EntryPage index={route.index} />;
    case 'decisions':
      return <DecisionsPage />;
    case 'decision':
      return <DecisionPage id={route.id} />;
    case 'orgs':
      return <OrgsPage />;
    case 'org':
      return <OrgPage id={route.id} />;
    case 'donor':
      return <DonorPage id={route.id} />;
    case 'map':
      return <MapPage />;
    case 'data':
      return <DataPage />;
    case 'projects':
      return <ProjectsPage search={route.search} />;
    case 'project':
      return <ProjectPage id={route.id} />;
    case 'consignments':
      return <ConsignmentsPage search={route.search} />;
    case 'consignment':
      return <ConsignmentPage id={route.id} />;
    case 'distribution-points':
      return <DistributionPointsPage />;
    case 'not-found':
      return <NotFoundPage what="page" />;
  }
}

function Main(): ReactNode {
  const { t } = useTranslation();
  const { route, location } = useRouter();
  return (
    <main id="main" className="site-main" tabIndex={-1}>
      <Suspense
        fallback={
          <p className="notice notice--loading" role="status">
            {t('state.loading')}
          </p>
        }
      >
        {/* A new address is a new page: its state starts afresh. */}
        <Page key={location.pathname + location.search} route={route} />
      </Suspense>
    </main>
  );
}

export function App(): ReactNode {
  const { t } = useTranslation();
  return (
    <RouterProvider>
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <SiteHeader />
      <Main />
      <SiteFooter />
    </RouterProvider>
  );
}
