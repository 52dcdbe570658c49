import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Resource } from '../api/use-resource';
import { useFormatters } from '../format/use-formatters';
import { NotFoundPage } from '../pages/not-found-page';

/**
 * Shows a resource's loading and error states, and hands its data to `children` once it is there.
 * With `record`, a 404 from the API (an id the log does not hold) shows the not-found page.
 */
export function ResourceView<T>({
  resource,
  children,
  record = false,
}: {
  resource: Resource<T>;
  children: (data: T) => ReactNode;
  record?: boolean;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const { state, retry } = resource;
  if (state.status === 'loading') {
    return (
      <p className="notice notice--loading" role="status">
        {t('state.loading')}
      </p>
    );
  }
  if (state.status === 'error') {
    const { kind, status } = state.error;
    if (record && kind === 'http' && status === 404) return <NotFoundPage what="record" />;
    return (
      <div className="notice notice--error" role="alert">
        <p className="notice__title">{t('error.title')}</p>
        <p>{t(`error.${kind}`, { status: status === undefined ? '' : format.count(status) })}</p>
        <button type="button" className="button" onClick={retry}>
          {t('state.retry')}
        </button>
      </div>
    );
  }
  return children(state.data);
}
