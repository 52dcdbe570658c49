import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../router/routes';
import { Link } from '../router/router';
import { BrandMark } from './brand-mark';
import { DisplaySettings } from './display-settings';
import { LanguageSwitch } from './language-switch';

const sections = [
  ['nav.dashboard', paths.dashboard()],
  ['nav.explorer', paths.explorer()],
  ['nav.decisions', paths.decisions()],
  ['nav.projects', paths.projects()],
  ['nav.consignments', paths.consignments()],
  ['nav.orgs', paths.orgs()],
  ['nav.map', paths.map()],
  ['nav.data', paths.data()],
] as const;

export function SiteHeader(): ReactNode {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link className="brand" to={paths.dashboard()}>
          <BrandMark />
          <span className="brand__text">
            <span className="brand__name">{t('app.name')}</span>
            <span className="brand__tagline">{t('app.tagline')}</span>
          </span>
        </Link>
        <nav className="site-nav" aria-label={t('nav.settings')}>
          <LanguageSwitch />
          <DisplaySettings />
        </nav>
      </div>
      <nav className="page-nav" aria-label={t('nav.pages')}>
        <ul>
          {sections.map(([key, to]) => (
            <li key={to}>
              <Link to={to}>{t(key)}</Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
