import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../components/page-title';
import { paths } from '../router/routes';
import { Link } from '../router/router';

/**
 * The page for an address the portal does not have, or a record the log does not hold. The server
 * answers 404 for unknown addresses too (src/http/pages.ts), so the status is right without JavaScript.
 */
export function NotFoundPage({ what }: { what?: 'page' | 'record' }): ReactNode {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <section className="not-found" data-page="not-found" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">{t('notFound.title')}</h1>
      <p>{what === 'record' ? t('notFound.record') : t('notFound.page')}</p>
      <ul className="link-list">
        <li>
          <Link to={paths.dashboard()}>{t('nav.dashboard')}</Link>
        </li>
        <li>
          <Link to={paths.explorer()}>{t('nav.explorer')}</Link>
        </li>
        <li>
          <Link to={paths.data()}>{t('nav.data')}</Link>
        </li>
      </ul>
    </section>
  );
}
