import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LIST_PAGE_SIZE } from '../api/list-query';
import { useFormatters } from '../format/use-formatters';
import { Link } from '../router/router';

/** Previous and next links of a paged list, with where the reader is in it. */
export function Pager({
  page,
  total,
  href,
}: {
  page: number;
  total: number;
  /** The address of another page of the same list. */
  href: (page: number) => string;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  if (pages === 1 && page === 1) return null;
  return (
    <nav className="pager" aria-label={t('list.pages')}>
      {page > 1 && (
        <Link to={href(Math.min(page - 1, pages))} rel="prev">
          {t('list.previous')}
        </Link>
      )}
      <span aria-current="page">
        {t('list.pageOf', { page: format.count(page), pages: format.count(pages) })}
      </span>
      {page < pages && (
        <Link to={href(page + 1)} rel="next">
          {t('list.next')}
        </Link>
      )}
    </nav>
  );
}
