// The query of a list page (`/projects?sector=health&page=2`): which filters it holds and which page.
// The server checks the same parameters before it answers (src/http/html-records.ts), so an address
// with a malformed one is a 400 there and the same explanation here.

/** Items a list page shows at once. */
export const LIST_PAGE_SIZE = 25;

/** The API's identifiers (src/domain/common.ts slugId). */
export const SLUG_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const slug = SLUG_ID;
const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const SECTORS = [
  'housing',
  'education',
  'health',
  'water-sanitation',
  'energy',
  'roads-infrastructure',
  'livelihoods',
  'rubble-removal',
] as const;
export const PROJECT_STATUSES = ['proposed', 'approved', 'in-progress', 'completed'] as const;
export const ITEM_CATEGORIES = [
  'food',
  'medical',
  'shelter',
  'water-sanitation',
  'fuel',
  'construction-material',
  'mixed',
  'other',
] as const;
export const CONSIGNMENT_STAGES = [
  'requested',
  'cleared',
  'denied',
  'arrived',
  'inspected',
  'returned',
  'entered',
  'collected',
  'delivered',
  'intercepted',
  'looted',
] as const;

/** A filter: the values it accepts, as a list (shown in a select) or a pattern. */
export type FilterRule =
  | { readonly kind: 'choice'; readonly values: readonly string[] }
  | { readonly kind: 'pattern'; readonly pattern: RegExp; readonly example: string };

export const PROJECT_FILTERS = {
  sector: { kind: 'choice', values: SECTORS },
  governorate: { kind: 'pattern', pattern: /^PS\d{2,6}$/, example: 'PS0270' },
  status: { kind: 'choice', values: PROJECT_STATUSES },
  partner: { kind: 'pattern', pattern: slug, example: 'moh' },
} as const satisfies Record<string, FilterRule>;

export const CONSIGNMENT_FILTERS = {
  crossing: { kind: 'pattern', pattern: slug, example: 'kerem-shalom' },
  category: { kind: 'choice', values: ITEM_CATEGORIES },
  stage: { kind: 'choice', values: CONSIGNMENT_STAGES },
  from: { kind: 'pattern', pattern: isoDate, example: '2025-01-31' },
  to: { kind: 'pattern', pattern: isoDate, example: '2025-01-31' },
} as const satisfies Record<string, FilterRule>;

export interface QueryProblem {
  readonly param: string;
  readonly value: string;
  /** Not a parameter of this list, a value it does not accept, or a parameter given twice. */
  readonly kind: 'unknown' | 'invalid' | 'repeated';
  /** What would be accepted: the parameters, the choices, or an example. */
  readonly accepted: string;
}

export type ListQuery<K extends string> =
  | {
      readonly ok: true;
      readonly filters: Partial<Record<K, string>>;
      /** 1 for the first page. */
      readonly page: number;
    }
  | { readonly ok: false; readonly problems: readonly QueryProblem[] };

/** Parameters every page accepts besides its filters. */
const COMMON = ['page', 'lang'];

export function parseListQuery<K extends string>(search: string, rules: Record<K, FilterRule>): ListQuery<K> {
  const query = new URLSearchParams(search);
  const problems: QueryProblem[] = [];
  const filters: Partial<Record<K, string>> = {};
  let page = 1;
  const names = Object.keys(rules) as K[];
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
    const rule = (rules as Record<string, FilterRule | undefined>)[param];
    if (rule === undefined) {
      problems.push({ param, value, kind: 'unknown', accepted: [...names, ...COMMON].join(', ') });
      continue;
    }
    if (value === '') continue;
    const fits = rule.kind === 'choice' ? rule.values.includes(value) : rule.pattern.test(value);
    if (fits) filters[param as K] = value;
    else
      problems.push({
        param,
        value,
        kind: 'invalid',
        accepted: rule.kind === 'choice' ? rule.values.join(', ') : rule.example,
      });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, filters, page };
}

/** The query string of a list page (without `?`): its filters in a fixed order, and the page after 1. */
export function listSearch(filters: Readonly<Record<string, string | undefined>>, page = 1): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined && value !== '') query.set(name, value);
  if (page > 1) query.set('page', String(page));
  return query.toString();
}

/** The API's query for one page of the list: its filters, offset and limit. */
export function apiSearch(filters: Readonly<Record<string, string | undefined>>, page: number): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined && value !== '') query.set(name, value);
  query.set('offset', String((page - 1) * LIST_PAGE_SIZE));
  query.set('limit', String(LIST_PAGE_SIZE));
  return query.toString();
}
