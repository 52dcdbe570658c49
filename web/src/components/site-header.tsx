import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from './brand-mark';
import { LanguageSwitch } from './language-switch';

export function SiteHeader(): ReactNode {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="brand" href="/">
          <BrandMark />
          <span className="brand__text">
            <span className="brand__name">{t('app.name')}</span>
            <span className="brand__tagline">{t('app.tagline')}</span>
          </span>
        </a>
        <nav className="site-nav" aria-label={t('nav.language')}>
          <LanguageSwitch />
        </nav>
      </div>
    </header>
  );
}
