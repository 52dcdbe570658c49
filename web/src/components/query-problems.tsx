import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueryProblem } from '../api/list-query';
import { Link } from '../router/router';

/** Why the address of a list cannot be read: each parameter that is not valid, and what would be. */
export function QueryProblems({
  problems,
  reset,
}: {
  problems: readonly QueryProblem[];
  reset: string;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="notice notice--error" role="alert" data-query-problems>
      <p className="notice__title">{t('list.badQuery')}</p>
      <ul>
        {problems.map((problem) => (
          <li key={problem.param} data-param={problem.param}>
            {t(`list.problem.${problem.kind}`, { param: problem.param, value: problem.value })}{' '}
            {problem.kind !== 'repeated' && <bdi dir="ltr">{problem.accepted}</bdi>}
          </li>
        ))}
      </ul>
      <p>
        <Link to={reset}>{t('list.clearFilters')}</Link>
      </p>
    </div>
  );
}
