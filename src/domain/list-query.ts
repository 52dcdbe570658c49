/**
 * The query of a list page (`/projects?sector=health&page=2`), read one way by the server, which
 * answers a malformed one with a 400 page (src/http/html-records.ts), and by the portal, which shows
 * the same explanation (web/src/api/list-query.ts). Each side brings its own rules — the server the
 * domain's schemas, the portal plain patterns that keep zod out of its bundle — and a test holds
 * them to the same verdicts.
 */

/** What a filter accepts: a test of the value, and the words shown when a value is refused. */
export interface QueryRule {
  readonly accepts: (value: string) => boolean;
  /** the choices, or an example */
  readonly accepted: string;
}

export interface QueryProblem {
  readonly param: string;
  readonly value: string;
  /** Not a parameter of this list, a value it does not accept, or a parameter given twice. */
  readonly kind: 'unknown' | 'invalid' | 'repeated';
  /** What would be accepted: the parameters, the choices, or an example. */
  readonly accepted: string;
}

export type ListQuery<K extends string = string> =
  | {
      readonly ok: true;
      readonly filters: Partial<Record<K, string>>;
      /** 1 for the first page. */
      readonly page: number;
    }
  | { readonly ok: false; readonly problems: readonly QueryProblem[] };

/** Parameters every list accepts besides its filters. */
const COMMON = ['page', 'lang'];

/** Reads a list page's query: its filters, `page` (from 1) and `lang`; anything else is a problem. */
export function readListQuery<K extends string>(
  query: URLSearchParams,
  rules: Readonly<Record<K, QueryRule>>,
): ListQuery<K> {
  const problems: QueryProblem[] = [];
  const filters: Partial<Record<K, string>> = {};
  let page = 1;
  const seen = new Set<string>();
  for (const [param, value] of query) {
    if (seen.has(param)) {
      problems.push({ param, value, kind: 'repeated', accepted: param });
      continue;
    }
    seen.add(param);
    if (param === 'lang') continue;
    if (param === 'page') {
      if (/^[1-9]\d{0,5}$/.test(value)) page = Number(value);
      else problems.push({ param, value, kind: 'invalid', accepted: '1, 2, 3' });
      continue;
    }
    const rule = (rules as Record<string, QueryRule | undefined>)[param];
    if (rule === undefined) {
      problems.push({
        param,
        value,
        kind: 'unknown',
        accepted: [...Object.keys(rules), ...COMMON].join(', '),
      });
      continue;
    }
    if (value === '') continue;
    if (rule.accepts(value)) filters[param as K] = value;
    else problems.push({ param, value, kind: 'invalid', accepted: rule.accepted });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, filters, page };
}
