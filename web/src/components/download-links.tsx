import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Links to a list's open-data downloads (src/http/list-formats.ts): `<list>.csv`, `<list>.hxl.csv`
 * (CSV with a row of HXL hashtags) and `<list>.json`, each the whole list.
 */
export function DownloadLinks({
  list,
  query,
  label,
}: {
  list: string;
  query?: string;
  /** Which list, when a page offers several. */
  label?: string;
}): ReactNode {
  const { t } = useTranslation();
  const suffix = query === undefined || query === '' ? '' : `?${query}`;
  return (
    <p className="downloads" data-downloads={list}>
      <span className="downloads__label">
        {label === undefined ? t('downloads.label') : `${t('downloads.label')} · ${label}`}
      </span>
      {(['csv', 'hxl.csv', 'json'] as const).map((format) => (
        <a key={format} href={`/api/v1/${list}.${format}${suffix}`} download data-format={format}>
          {t(`downloads.${format === 'hxl.csv' ? 'hxl' : format}`)}
        </a>
      ))}
    </p>
  );
}
