import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Figure } from '../api/overview';
import { useFormatters } from '../format/use-formatters';
import { MoneyValue } from './money-value';

function FigureItem({ figure }: { figure: Figure }): ReactNode {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <div className={`figure figure--${figure.kind}`} data-figure-key={figure.key}>
      <dt className="figure__label">{t(`figure.${figure.key}`, { defaultValue: figure.key })}</dt>
      <dd className="figure__value">
        <data value={String(figure.value)}>
          {figure.kind === 'money' ? (
            <MoneyValue minor={figure.value} currency={figure.currency} minorUnits={figure.minorUnits} />
          ) : (
            format.count(figure.value)
          )}
        </data>
      </dd>
    </div>
  );
}

/**
 * The key figures, each labelled `figure.<key>` in the catalogue; a key it lacks is shown as is.
 * Amounts of money come first, in wider cells, then the counts; each group keeps the API's order.
 */
export function FigureList({ figures }: { figures: readonly Figure[] }): ReactNode {
  const { t } = useTranslation();
  if (figures.length === 0) return <p className="notice">{t('state.empty')}</p>;
  const groups = (['money', 'count'] as const)
    .map((kind) => ({ kind, figures: figures.filter((figure) => figure.kind === kind) }))
    .filter((group) => group.figures.length > 0);
  return (
    <div className="figure-groups">
      {groups.map((group) => (
        <dl key={group.kind} className={`figures figures--${group.kind}`}>
          {group.figures.map((figure) => (
            <FigureItem key={figure.key} figure={figure} />
          ))}
        </dl>
      ))}
    </div>
  );
}
