import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Overview } from '../api/overview';
import { useFormatters } from '../format/use-formatters';

/** Which log the figures come from, how long it is, and when they were computed. */
export function LogSummary({ overview }: { overview: Overview }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <dl className="facts">
      <div className="fact" data-fact="origin">
        <dt>{t('log.origin')}</dt>
        <dd>
          <code dir="ltr" translate="no">
            {overview.origin}
          </code>
        </dd>
      </div>
      <div className="fact" data-fact="size">
        <dt>{t('log.size')}</dt>
        <dd>
          <data value={overview.logSize}>{format.count(overview.logSize)}</data>
        </dd>
      </div>
      <div className="fact" data-fact="generatedAt">
        <dt>{t('log.generatedAt')}</dt>
        <dd>
          <time dateTime={overview.generatedAt}>{format.dateTime(overview.generatedAt)}</time>
        </dd>
      </div>
    </dl>
  );
}
