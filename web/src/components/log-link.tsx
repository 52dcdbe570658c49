import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../format/use-formatters';
import { paths } from '../router/routes';
import { Link } from '../router/router';

/** The log entry that recorded something, as a link to it in the log explorer. */
export function LogLink({ index }: { index: number }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <Link to={paths.entry(index)} className="log-link" data-log-link={index}>
      {t('entry.heading', { index: format.count(index) })}
    </Link>
  );
}
