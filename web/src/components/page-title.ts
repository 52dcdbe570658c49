import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Names the page in the browser's tab and history (WCAG 2.4.2): "<page> · Amanah". */
export function usePageTitle(title: string | undefined): void {
  const { t } = useTranslation();
  const name = t('app.name');
  useEffect(() => {
    document.title = title === undefined ? t('app.title') : `${title} · ${name}`;
  }, [title, name, t]);
}
