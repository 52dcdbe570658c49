import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { listSearch } from '../api/list-query';
import { useRouter } from '../router/router';

export type FilterField =
  | {
      readonly name: string;
      readonly label: string;
      readonly options: readonly { readonly value: string; readonly label: string }[];
    }
  | { readonly name: string; readonly label: string; readonly type: 'date' };

/**
 * The filters of a list as a plain GET form: it works without JavaScript (the server reads the same
 * query), and with it the page changes in place. Every control has its visible label.
 */
export function ListFilters({
  path,
  fields,
  values,
}: {
  /** The list's address, without a query. */
  path: string;
  fields: readonly FilterField[];
  values: Readonly<Record<string, string | undefined>>;
}): ReactNode {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [chosen, setChosen] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((field) => [field.name, values[field.name] ?? ''])),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const search = listSearch(chosen);
    navigate(search === '' ? path : `${path}?${search}`);
  };
  return (
    <form className="filters" method="get" action={path} onSubmit={onSubmit} data-filters>
      <fieldset>
        <legend>{t('list.filters')}</legend>
        <div className="filters__fields">
          {fields.map((field) => (
            <label key={field.name} className="filters__field">
              <span>{field.label}</span>
              {'options' in field ? (
                <select
                  name={field.name}
                  value={chosen[field.name] ?? ''}
                  data-filter={field.name}
                  onChange={(event) => setChosen({ ...chosen, [field.name]: event.target.value })}
                >
                  <option value="">{t('list.any')}</option>
                  {field.options.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  type="date"
                  name={field.name}
                  value={chosen[field.name] ?? ''}
                  data-filter={field.name}
                  onChange={(event) => setChosen({ ...chosen, [field.name]: event.target.value })}
                />
              )}
            </label>
          ))}
        </div>
        <div className="filters__actions">
          <button type="submit" className="button">
            {t('list.apply')}
          </button>
          <a
            href={path}
            onClick={(event) => {
              event.preventDefault();
              setChosen(Object.fromEntries(fields.map((field) => [field.name, ''])));
              navigate(path);
            }}
          >
            {t('list.clearFilters')}
          </a>
        </div>
      </fieldset>
    </form>
  );
}
