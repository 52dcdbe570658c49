import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function SiteFooter(): ReactNode {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t('footer.verify')}</p>
    </footer>
  );
}
