// The query of a list page (`/projects?sector=health&page=2`): which filters it holds and which page.
// The server checks the same parameters before it answers (src/http/html-records.ts), so an address
// with a malformed one is a 400 there and the same explanation here.

import {
  readListQuery,
  type ListQuery,
  type QueryProblem,
  type QueryRule,
} from '../../../src/domain/list-query.js';
import { ITEM_CATEGORIES, STAGES } from '../../../src/domain/access/vocabulary.js';

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
export { ITEM_CATEGORIES };
/** A consignment's stage in the list's filter: the stages, and `requested` before the first. */
export const CONSIGNMENT_STAGES = ['requested', ...STAGES] as const;

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

export type { ListQuery, QueryProblem };

/** Reads a list page's query, as the server does (src/domain/list-query.ts). */
export function parseListQuery<K extends string>(search: string, rules: Record<K, FilterRule>): ListQuery<K> {
  const tests = {} as Record<K, QueryRule>;
  for (const [name, rule] of Object.entries(rules) as Array<[K, FilterRule]>) {
    tests[name] =
      rule.kind === 'choice'
        ? { accepts: (v) => rule.values.includes(v), accepted: rule.values.join(', ') }
        : { accepts: (v) => rule.pattern.test(v), accepted: rule.example };
  }
  return readListQuery(new URLSearchParams(search), tests);
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
