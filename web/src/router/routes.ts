// The portal's addresses. The server keeps the same list (src/http/pages.ts, PAGE_PATTERNS) to answer
// 404 for any other path; test/browser/portal.test.ts checks that both agree.

/** A page of the portal, with what its address names. */
export type Route =
  | { readonly name: 'dashboard' }
  | { readonly name: 'explorer'; readonly from: number | undefined }
  | { readonly name: 'entry'; readonly index: number }
  | { readonly name: 'decisions' }
  | { readonly name: 'decision'; readonly id: string }
  | { readonly name: 'orgs' }
  | { readonly name: 'org'; readonly id: string }
  | { readonly name: 'donor'; readonly id: string }
  | { readonly name: 'map' }
  | { readonly name: 'data' }
  | { readonly name: 'projects'; readonly search: string }
  | { readonly name: 'project'; readonly id: string }
  | { readonly name: 'consignments'; readonly search: string }
  | { readonly name: 'consignment'; readonly id: string }
  | { readonly name: 'distribution-points' }
  | { readonly name: 'not-found' };

export type RouteName = Route['name'];

// Ids as the API accepts them (slugId: lowercase letters, digits, dashes, dots, underscores).
const id = '([a-z0-9][a-z0-9._-]{0,127})';

const patterns: ReadonlyArray<[RegExp, (match: RegExpExecArray, query: URLSearchParams) => Route]> = [
  [/^\/$/, () => ({ name: 'dashboard' })],
  [
    /^\/explorer$/,
    (_, query) => {
      const from = query.get('from');
      return { name: 'explorer', from: from !== null && /^\d{1,12}$/.test(from) ? Number(from) : undefined };
    },
  ],
  [/^\/explorer\/(\d{1,12})$/, (m) => ({ name: 'entry', index: Number(m[1]) })],
  [/^\/decisions$/, () => ({ name: 'decisions' })],
  [new RegExp(`^/decisions/${id}$`), (m) => ({ name: 'decision', id: m[1]! })],
  [/^\/orgs$/, () => ({ name: 'orgs' })],
  [new RegExp(`^/orgs/${id}$`), (m) => ({ name: 'org', id: m[1]! })],
  [new RegExp(`^/donors/${id}$`), (m) => ({ name: 'donor', id: m[1]! })],
  [/^\/map$/, () => ({ name: 'map' })],
  [/^\/data$/, () => ({ name: 'data' })],
  // The lists keep their query (filters and page); the page checks it (web/src/api/list-query.ts).
  [/^\/projects$/, (_, query) => ({ name: 'projects', search: query.toString() })],
  [new RegExp(`^/projects/${id}$`), (m) => ({ name: 'project', id: m[1]! })],
  [/^\/consignments$/, (_, query) => ({ name: 'consignments', search: query.toString() })],
  [new RegExp(`^/consignments/${id}$`), (m) => ({ name: 'consignment', id: m[1]! })],
  [/^\/distribution-points$/, () => ({ name: 'distribution-points' })],
];

/** The page at `pathname` (a trailing slash is ignored), or `not-found`. */
export function matchRoute(pathname: string, search = ''): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const query = new URLSearchParams(search);
  for (const [pattern, route] of patterns) {
    const match = pattern.exec(path);
    if (match !== null) return route(match, query);
  }
  return { name: 'not-found' };
}

/** Addresses of the pages, built in one place. */
export const paths = {
  dashboard: (): string => '/',
  explorer: (from?: number): string => (from === undefined ? '/explorer' : `/explorer?from=${from}`),
  entry: (index: number): string => `/explorer/${index}`,
  decisions: (): string => '/decisions',
  decision: (decisionId: string): string => `/decisions/${encodeURIComponent(decisionId)}`,
  orgs: (): string => '/orgs',
  org: (orgId: string): string => `/orgs/${encodeURIComponent(orgId)}`,
  donor: (orgId: string): string => `/donors/${encodeURIComponent(orgId)}`,
  map: (): string => '/map',
  data: (): string => '/data',
  projects: (query?: string): string =>
    query === undefined || query === '' ? '/projects' : `/projects?${query}`,
  project: (projectId: string): string => `/projects/${encodeURIComponent(projectId)}`,
  consignments: (query?: string): string =>
    query === undefined || query === '' ? '/consignments' : `/consignments?${query}`,
  consignment: (consignmentId: string): string => `/consignments/${encodeURIComponent(consignmentId)}`,
  distributionPoints: (): string => '/distribution-points',
} as const;
