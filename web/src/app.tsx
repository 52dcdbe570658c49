import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SiteFooter } from './components/site-footer';
import { SiteHeader } from './components/site-header';
import { HomePage } from './pages/home-page';

export function App(): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <SiteHeader />
      <main id="main" className="site-main" tabIndex={-1}>
        <HomePage />
      </main>
      <SiteFooter />
    </>
  );
}
