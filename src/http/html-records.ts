// The key figures of the project, consignment and distribution-point pages as plain HTML, for readers
// without JavaScript (or before it arrives), like the dashboard's (html-figures.ts). The server also
// decides the status here: 404 for an id the log does not hold, 400 for a query the list cannot read,
// each with its explanation in the reader's language.
import { z } from 'zod';
import { ITEM_CATEGORIES, STAGES } from '../domain/access/events.js';
import { slugId } from '../domain/common.js';
import { isAmanahError } from '../domain/errors.js';
import { readListQuery, type QueryProblem, type QueryRule } from '../domain/list-query.js';
import { SECTORS } from '../domain/funds/events.js';
import { isoDate } from '../domain/funds/money.js';
import { governorateCode } from '../domain/projects/events.js';
import { CONSIGNMENT_ITEMS, listProjects, projectDetail } from '../services/projects.js';
import { getConsignment, listConsignments, listPoints } from '../store/access-repository.js';
import type { Store } from '../store/database.js';
import { listCrossings, listGovernorates } from '../store/places-repository.js';
import {
  escapeHtml,
  formatMoneyHtml,
  lookup,
  NUMBER_LOCALE,
  type Catalogue,
  type HtmlLanguage,
} from './html-figures.js';

/** Items a list page shows at once (web/src/api/list-query.ts LIST_PAGE_SIZE). */
export { readListQuery };
export const LIST_PAGE_SIZE = 25;

const PROJECT_STATUSES = ['proposed', 'approved', 'in-progress', 'completed'] as const;
const CONSIGNMENT_STAGES = ['requested', ...STAGES] as const;

const schemaRule = (schema: z.ZodType<string>, accepted: string): QueryRule => ({
  accepts: (value) => schema.safeParse(value).success,
  accepted,
});
const choice = (values: readonly [string, ...string[]]): QueryRule =>
  schemaRule(z.enum(values), values.join(', '));

/** The filters of the lists, as the web app reads them (web/src/api/list-query.ts). */
export const PROJECT_QUERY: Record<string, QueryRule> = {
  sector: choice(SECTORS),
  governorate: schemaRule(governorateCode, 'PS0270'),
  status: choice(PROJECT_STATUSES),
  partner: schemaRule(slugId, 'moh'),
};
export const CONSIGNMENT_QUERY: Record<string, QueryRule> = {
  crossing: schemaRule(slugId, 'kerem-shalom'),
  category: choice(ITEM_CATEGORIES),
  stage: choice(CONSIGNMENT_STAGES),
  from: schemaRule(isoDate, '2025-01-31'),
  to: schemaRule(isoDate, '2025-01-31'),
};

type Translate = (key: string, vars?: Record<string, string>, fallback?: string) => string;

/** What the page needs to write its words, numbers and links in the reader's language. */
interface Writer {
  readonly language: HtmlLanguage;
  readonly t: Translate;
  readonly count: (value: number | string | bigint) => string;
  readonly money: (minor: string, currency: string) => string;
  readonly date: (iso: string) => string;
  readonly name: (named: { en: string; ar: string }) => string;
}

const minorUnitsCache = new Map<string, number>();
function minorUnitsOf(currency: string): number {
  let units = minorUnitsCache.get(currency);
  if (units === undefined) {
    try {
      units =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      units = 2;
    }
    if (minorUnitsCache.size < 1_000) minorUnitsCache.set(currency, units);
  }
  return units;
}

const NUMBERS: Record<HtmlLanguage, Intl.NumberFormat> = {
  en: new Intl.NumberFormat(NUMBER_LOCALE.en),
  ar: new Intl.NumberFormat(NUMBER_LOCALE.ar),
};
const DATES: Record<HtmlLanguage, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat(NUMBER_LOCALE.en, { dateStyle: 'long', timeZone: 'UTC' }),
  ar: new Intl.DateTimeFormat(NUMBER_LOCALE.ar, { dateStyle: 'long', timeZone: 'UTC' }),
};

function writer(language: HtmlLanguage, catalogue: Catalogue): Writer {
  const locale = NUMBER_LOCALE[language];
  const numbers = NUMBERS[language];
  const dates = DATES[language];
  return {
    language,
    t: (key, vars = {}, fallback = key) =>
      (lookup(catalogue, key) ?? fallback).replace(/\{\{(\w+)\}\}/g, (_m, name: string) => vars[name] ?? ''),
    count: (value) => {
      const text = String(value);
      // Exact for amounts beyond 2^53: Intl formats a bigint without rounding.
      return /^-?\d+$/.test(text) ? numbers.format(BigInt(text)) : text;
    },
    money: (minor, currency) => formatMoneyHtml(minor, currency, minorUnitsOf(currency), locale),
    date: (iso) => {
      const time = Date.parse(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
      return Number.isNaN(time) ? escapeHtml(iso) : escapeHtml(dates.format(new Date(time)));
    },
    name: (named) => named[language] || named.en,
  };
}

const e = escapeHtml;

/** The address of this page in the other language, with its query kept. */
function otherLanguageLink(path: string, query: URLSearchParams, language: HtmlLanguage): string {
  const other = language === 'ar' ? { code: 'en', name: 'English' } : { code: 'ar', name: 'العربية' };
  const next = new URLSearchParams(query);
  next.set('lang', other.code);
  return `<a href="${e(`${path}?${next.toString()}`)}" lang="${other.code}" hreflang="${other.code}">${other.name}</a>`;
}

function shell(
  w: Writer,
  path: string,
  query: URLSearchParams,
  pageName: string,
  heading: string,
  body: string,
): string {
  return [
    `<div class="static-page" data-static-page="${e(pageName)}">`,
    `<header class="site-header"><div class="site-header__inner"><a class="brand" href="/"><span class="brand__text"><span class="brand__name">${e(w.t('app.name', {}, 'Amanah'))}</span></span></a>`,
    `${otherLanguageLink(path, query, w.language)}</div>`,
    `<nav class="page-nav" aria-label="${e(w.t('nav.pages'))}"><ul>${(
      [
        ['/', 'nav.dashboard'],
        ['/projects', 'nav.projects'],
        ['/consignments', 'nav.consignments'],
        ['/distribution-points', 'points.heading'],
        ['/data', 'nav.data'],
      ] as const
    )
      .map(([href, key]) => `<li><a href="${href}?lang=${w.language}">${e(w.t(key))}</a></li>`)
      .join('')}</ul></nav></header>`,
    `<main id="main" class="site-main"><h1>${heading}</h1>${body}</main></div>`,
  ].join('');
}

interface StaticFigure {
  readonly key: string;
  readonly label: string;
  /** The figure as shown (HTML). */
  readonly value: string;
  /** The exact value, for machines (`<data value>`). */
  readonly raw: string;
  readonly kind?: 'money' | 'count';
}

/** Key figures as the dashboard shows them: amounts of money first, in wider cells, then counts. */
function figures(items: readonly StaticFigure[]): string {
  return `<div class="figure-groups">${(['money', 'count'] as const)
    .map((kind) => items.filter((f) => (f.kind ?? 'count') === kind))
    .filter((group) => group.length > 0)
    .map(
      (group) =>
        `<dl class="figures figures--${group[0]!.kind ?? 'count'}">${group
          .map(
            (f) =>
              `<div class="figure" data-static-figure="${e(f.key)}"><dt class="figure__label">${e(f.label)}</dt><dd class="figure__value"><data value="${e(f.raw)}">${f.value}</data></dd></div>`,
          )
          .join('')}</dl>`,
    )
    .join('')}</div>`;
}

/** A table; on a phone its rows become cards, each cell under its column's name (styles.css). */
function table(
  caption: string,
  head: readonly string[],
  rows: readonly (readonly string[])[],
  name: string,
): string {
  return `<div class="table-scroll"><table class="table table--stack" data-static-table="${e(name)}"><caption>${e(caption)}</caption><thead><tr>${head
    .map((h) => `<th scope="col">${e(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(
      (cells) =>
        `<tr>${cells
          .map((c, i) =>
            i === 0 ? `<th scope="row">${c}</th>` : `<td data-label="${e(head[i] ?? '')}">${c}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('')}</tbody></table></div>`;
}

const logLink = (w: Writer, index: number): string =>
  `<a href="/explorer/${index}">${e(w.t('entry.heading', { index: w.count(index) }))}</a>`;

/** The query of a list's filters (the ones given: a filter read from a query is never undefined). */
function filterSearch(filters: Partial<Record<string, string>>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) query.set(name, value);
  return query;
}

function downloads(w: Writer, list: string, filters: Partial<Record<string, string>>): string {
  const search = filterSearch(filters).toString();
  const suffix = search === '' ? '' : `?${search}`;
  return `<p class="downloads" data-downloads="${e(list)}"><span class="downloads__label">${e(w.t('downloads.label'))}</span> ${(
    [
      ['csv', 'downloads.csv'],
      ['hxl.csv', 'downloads.hxl'],
      ['json', 'downloads.json'],
    ] as const
  )
    .map(
      ([format, key]) => `<a href="${e(`/api/v1/${list}.${format}${suffix}`)}" download>${e(w.t(key))}</a>`,
    )
    .join(' ')}</p>`;
}

function pager(
  w: Writer,
  path: string,
  filters: Partial<Record<string, string>>,
  page: number,
  total: number,
): string {
  const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  if (pages === 1 && page === 1) return '';
  const href = (n: number): string => {
    const query = filterSearch(filters);
    if (n > 1) query.set('page', String(n));
    query.set('lang', w.language);
    return `${path}?${query.toString()}`;
  };
  return `<nav class="pager" aria-label="${e(w.t('list.pages'))}">${
    page > 1
      ? `<a rel="prev" href="${e(href(Math.min(page - 1, pages)))}">${e(w.t('list.previous'))}</a>`
      : ''
  }<span>${e(w.t('list.pageOf', { page: w.count(page), pages: w.count(pages) }))}</span>${
    page < pages ? `<a rel="next" href="${e(href(page + 1))}">${e(w.t('list.next'))}</a>` : ''
  }</nav>`;
}

export interface StaticPage {
  readonly status: number;
  readonly html: string;
}

/** The not-found page, for an address the portal does not have or an id the log does not hold. */
export function renderNotFound(
  path: string,
  query: URLSearchParams,
  language: HtmlLanguage,
  catalogue: Catalogue,
  what: 'page' | 'record',
): string {
  const w = writer(language, catalogue);
  return shell(
    w,
    path,
    query,
    'not-found',
    e(w.t('notFound.title')),
    `<p>${e(w.t(what === 'record' ? 'notFound.record' : 'notFound.page'))}</p><ul class="link-list"><li><a href="/">${e(
      w.t('nav.dashboard'),
    )}</a></li><li><a href="/explorer">${e(w.t('nav.explorer'))}</a></li><li><a href="/data">${e(w.t('nav.data'))}</a></li></ul>`,
  );
}

function badQuery(w: Writer, path: string, pageName: string, problems: readonly QueryProblem[]): StaticPage {
  const items = problems
    .map(
      (p) =>
        `<li data-param="${e(p.param)}">${e(w.t(`list.problem.${p.kind}`, { param: p.param, value: p.value }))}${
          p.kind === 'repeated' ? '' : ` <bdi dir="ltr">${e(p.accepted)}</bdi>`
        }</li>`,
    )
    .join('');
  return {
    status: 400,
    html: shell(
      w,
      path,
      new URLSearchParams({ lang: w.language }),
      pageName,
      e(w.t('static.badRequest')),
      `<div class="notice notice--error" role="alert" data-query-problems><p class="notice__title">${e(
        w.t('list.badQuery'),
      )}</p><ul>${items}</ul><p><a href="${e(path)}">${e(w.t('list.clearFilters'))}</a></p></div>`,
    ),
  };
}

const names = async (store: Store) => {
  const [governorates, crossings] = await Promise.all([listGovernorates(store.db), listCrossings(store.db)]);
  return {
    governorate: new Map(governorates.map((g) => [g.code, g.name])),
    crossing: new Map(crossings.map((c) => [c.code, c.name])),
  };
};

async function projectsPage(
  store: Store,
  w: Writer,
  path: string,
  query: URLSearchParams,
): Promise<StaticPage> {
  const q = readListQuery(query, PROJECT_QUERY);
  if (!q.ok) return badQuery(w, path, 'projects', q.problems);
  const [list, known] = await Promise.all([
    listProjects(store.db, { ...q.filters, offset: (q.page - 1) * LIST_PAGE_SIZE, limit: LIST_PAGE_SIZE }),
    names(store),
  ]);
  const rows = list.items.map((p) => [
    `<a href="/projects/${e(p.id)}">${e(w.name(p.title))}</a>`,
    e(w.t(`sector.${p.sector}`, {}, p.sector)),
    e(known.governorate.has(p.governorate) ? w.name(known.governorate.get(p.governorate)!) : p.governorate),
    e(w.t(`projectStatus.${p.status}`, {}, p.status)),
    w.money(p.budget.value, p.budget.currency),
  ]);
  return {
    status: 200,
    html: shell(
      w,
      path,
      query,
      'projects',
      e(w.t('projectList.heading')),
      [
        figures([
          {
            key: 'projects',
            label: w.t('projectList.heading'),
            value: w.count(list.total),
            raw: String(list.total),
          },
        ]),
        rows.length === 0
          ? `<p class="notice">${e(w.t('list.none'))}</p>`
          : table(
              w.t('projectList.caption', { total: w.count(list.total) }),
              [
                w.t('projectList.project'),
                w.t('projects.sector'),
                w.t('projectList.governorate'),
                w.t('projectList.status'),
                w.t('projects.budget'),
              ],
              rows,
              'projects',
            ),
        pager(w, path, q.filters, q.page, list.total),
        downloads(w, 'projects', q.filters),
      ].join(''),
    ),
  };
}

async function projectPage(store: Store, w: Writer, path: string, query: URLSearchParams, id: string) {
  const [p, known] = await Promise.all([projectDetail(store, id, CONSIGNMENT_ITEMS), names(store)]);
  const currency = p.budget.currency;
  const sum = (values: readonly string[]): string => String(values.reduce((n, v) => n + BigInt(v), 0n));
  const released = sum(p.funding.tranches.map((t) => t.amount.value));
  const disbursed = sum(p.funding.disbursements.map((d) => d.amount.value));
  const spent = sum(p.funding.expenditures.map((x) => x.amount.value));
  const verified = p.milestones.filter((m) => m.status === 'verified' || m.status === 'released').length;
  const destroyedAgain = p.assets.filter((a) => a.rebuiltThenDestroyed !== null).length;
  const partner = p.partnerName === null ? p.partner : w.name(p.partnerName);
  const governorate = known.governorate.get(p.governorate);
  const money = (key: string, label: string, value: string): StaticFigure => ({
    key,
    label,
    value: w.money(value, currency),
    raw: value,
    kind: 'money',
  });
  const count = (key: string, label: string, value: number) => ({
    key,
    label,
    value: w.count(value),
    raw: String(value),
  });
  const flags =
    p.flags.length === 0
      ? ''
      : `<div class="notice notice--warning" role="note" data-static-flags="${p.flags.length}"><p class="notice__title">${e(
          w.t('project.flagsHeading', { n: w.count(p.flags.length) }),
        )}</p><ul>${p.flags.map((f) => `<li>${e(f.message[w.language] || f.message.en)}</li>`).join('')}</ul></div>`;
  const facts = `<dl class="facts">${[
    [w.t('projectList.status'), e(w.t(`projectStatus.${p.status}`, {}, p.status))],
    [w.t('projects.sector'), e(w.t(`sector.${p.sector}`, {}, p.sector))],
    [w.t('projectList.governorate'), e(governorate === undefined ? p.governorate : w.name(governorate))],
    [w.t('projectList.partner'), `<a href="/orgs/${e(p.partner)}">${e(partner)}</a>`],
    [w.t('project.logEntry'), logLink(w, p.logIndex)],
  ]
    .map(([label, value]) => `<div class="fact"><dt>${e(label!)}</dt><dd>${value}</dd></div>`)
    .join('')}</dl>`;
  const milestones = table(
    w.t('project.milestones'),
    [w.t('project.milestone'), w.t('project.due'), w.t('project.tranche'), w.t('projectList.status')],
    p.milestones.map((m) => [
      e(w.name(m.title)),
      w.date(m.due),
      w.money(m.tranche.value, m.tranche.currency),
      e(w.t(`milestoneStatus.${m.status}`, {}, m.status)),
    ]),
    'milestones',
  );
  return {
    status: 200,
    html: shell(
      w,
      path,
      query,
      'project',
      e(w.name(p.title)),
      [
        facts,
        flags,
        figures([
          money('budget', w.t('projects.budget'), p.budget.value),
          money('released', w.t('projects.released'), released),
          money('disbursed', w.t('project.disbursements'), disbursed),
          money('spent', w.t('project.expenditures'), spent),
          count('milestonesVerified', w.t('project.milestonesVerified'), verified),
          count('milestones', w.t('project.milestones'), p.milestones.length),
          count('assets', w.t('project.assetsRecorded'), p.assets.length),
          count('rebuiltThenDestroyed', w.t('project.destroyedAgain'), destroyedAgain),
        ]),
        milestones,
        `<p><a href="/api/v1/projects/${e(p.id)}" dir="ltr">/api/v1/projects/${e(p.id)}</a> · <a href="/api/v1/export/ocds">${e(
          w.t('project.ocdsExport'),
        )}</a></p>`,
      ].join(''),
    ),
  };
}

async function consignmentsPage(
  store: Store,
  w: Writer,
  path: string,
  query: URLSearchParams,
): Promise<StaticPage> {
  const q = readListQuery(query, CONSIGNMENT_QUERY);
  if (!q.ok) return badQuery(w, path, 'consignments', q.problems);
  const [list, known] = await Promise.all([
    listConsignments(store.db, {
      ...q.filters,
      offset: (q.page - 1) * LIST_PAGE_SIZE,
      limit: LIST_PAGE_SIZE,
    }),
    names(store),
  ]);
  const rows = list.items.map((c) => [
    `<a href="/consignments/${e(c.id)}" dir="ltr">${e(c.id)}</a>`,
    e(known.crossing.has(c.crossing) ? w.name(known.crossing.get(c.crossing)!) : c.crossing),
    e(w.t(`category.${c.category}`, {}, c.category)),
    w.count(c.trucks),
    e(w.t(`stage.${c.stage}`, {}, c.stage)),
    w.date(c.requestedAt),
  ]);
  return {
    status: 200,
    html: shell(
      w,
      path,
      query,
      'consignments',
      e(w.t('consignments.heading')),
      [
        figures([
          {
            key: 'consignments',
            label: w.t('consignments.heading'),
            value: w.count(list.total),
            raw: String(list.total),
          },
        ]),
        rows.length === 0
          ? `<p class="notice">${e(w.t('list.none'))}</p>`
          : table(
              w.t('consignments.caption', { total: w.count(list.total) }),
              [
                w.t('consignments.consignment'),
                w.t('consignments.crossing'),
                w.t('consignments.category'),
                w.t('consignments.trucks'),
                w.t('consignments.stage'),
                w.t('consignments.requested'),
              ],
              rows,
              'consignments',
            ),
        pager(w, path, q.filters, q.page, list.total),
        downloads(w, 'access/consignments', q.filters),
      ].join(''),
    ),
  };
}

async function consignmentPage(store: Store, w: Writer, path: string, query: URLSearchParams, id: string) {
  const [c, known] = await Promise.all([getConsignment(store.db, id), names(store)]);
  const crossing = known.crossing.get(c.crossing);
  const sum = (pick: (i: (typeof c.items)[number]) => string): string =>
    String(c.items.reduce((n, i) => n + BigInt(pick(i)), 0n));
  const count = (key: string, label: string, value: string | number) => ({
    key,
    label,
    value: w.count(value),
    raw: String(value),
  });
  const facts = `<dl class="facts">${[
    [w.t('consignments.stage'), `${e(w.t(`stage.${c.stage}`, {}, c.stage))} · ${w.date(c.stageAt)}`],
    [w.t('consignments.crossing'), e(crossing === undefined ? c.crossing : w.name(crossing))],
    [w.t('consignments.category'), e(w.t(`category.${c.category}`, {}, c.category))],
    [w.t('consignments.requested'), w.date(c.requestedAt)],
    [w.t('project.logEntry'), logLink(w, c.logIndex)],
  ]
    .map(([label, value]) => `<div class="fact"><dt>${e(label!)}</dt><dd>${value}</dd></div>`)
    .join('')}</dl>`;
  const stages = table(
    w.t('consignment.stages'),
    [w.t('consignments.stage'), w.t('project.date'), w.t('consignment.reason'), w.t('project.logEntry')],
    c.stages.map((s) => [
      e(w.t(`stage.${s.stage}`, {}, s.stage)),
      w.date(s.at),
      e(s.reason ?? '—'),
      logLink(w, s.logIndex),
    ]),
    'stages',
  );
  return {
    status: 200,
    html: shell(
      w,
      path,
      query,
      'consignment',
      `${e(w.t('consignment.heading'))} <code dir="ltr">${e(c.id)}</code>`,
      [
        facts,
        figures([
          count('trucks', w.t('consignments.trucks'), c.trucks),
          count(
            'quantity',
            w.t('consignment.quantity'),
            sum((i) => i.quantity),
          ),
          count(
            'rejected',
            w.t('consignment.rejected'),
            sum((i) => i.rejected),
          ),
          count(
            'entered',
            w.t('project.entered'),
            sum((i) => i.entered),
          ),
          count(
            'delivered',
            w.t('consignment.delivered'),
            sum((i) => i.delivered),
          ),
          count('appeals', w.t('consignment.appeals'), c.appeals.length),
        ]),
        stages,
        `<p><a href="/api/v1/access/consignments/${e(c.id)}" dir="ltr">/api/v1/access/consignments/${e(c.id)}</a></p>`,
      ].join(''),
    ),
  };
}

async function pointsPage(
  store: Store,
  w: Writer,
  path: string,
  query: URLSearchParams,
): Promise<StaticPage> {
  const q = readListQuery(query, {});
  if (!q.ok) return badQuery(w, path, 'distribution-points', q.problems);
  const [points, known] = await Promise.all([listPoints(store.db), names(store)]);
  const total = (k: 'meals' | 'parcels' | 'litres' | 'consultations'): string =>
    String(points.reduce((n, p) => n + BigInt(p.served[k]), 0n));
  const rows = points.map((p) => [
    e(w.name(p.name)),
    e(w.t(`pointKind.${p.kind}`, {}, p.kind)),
    e(known.governorate.has(p.governorate) ? w.name(known.governorate.get(p.governorate)!) : p.governorate),
    w.count(p.served.meals),
    w.count(p.served.parcels),
    w.count(p.served.litres),
    w.count(p.served.consultations),
    w.count(p.households),
  ]);
  return {
    status: 200,
    html: shell(
      w,
      path,
      query,
      'distribution-points',
      e(w.t('points.heading')),
      [
        figures([
          {
            key: 'points',
            label: w.t('points.heading'),
            value: w.count(points.length),
            raw: String(points.length),
          },
          ...(['meals', 'parcels', 'litres', 'consultations'] as const).map((k) => ({
            key: k,
            label: w.t(`points.served.${k}`),
            value: w.count(total(k)),
            raw: total(k),
          })),
        ]),
        table(
          w.t('points.caption', { total: w.count(points.length) }),
          [
            w.t('points.point'),
            w.t('points.kind'),
            w.t('projectList.governorate'),
            w.t('points.served.meals'),
            w.t('points.served.parcels'),
            w.t('points.served.litres'),
            w.t('points.served.consultations'),
            w.t('points.households'),
          ],
          rows,
          'distribution-points',
        ),
        downloads(w, 'access/distribution-points', {}),
      ].join(''),
    ),
  };
}

/**
 * The page at `path` if it is one of the record pages this file renders, with its status: 200 with
 * the key figures, 404 for an unknown id, 400 for a query the list cannot read. `undefined` for any
 * other address.
 */
export async function renderRecordPage(
  store: Store,
  path: string,
  query: URLSearchParams,
  language: HtmlLanguage,
  catalogue: Catalogue,
): Promise<StaticPage | undefined> {
  const w = writer(language, catalogue);
  const record = /^\/(projects|consignments)\/([^/]+)$/.exec(path);
  try {
    if (path === '/projects') return await projectsPage(store, w, path, query);
    if (path === '/consignments') return await consignmentsPage(store, w, path, query);
    if (path === '/distribution-points') return await pointsPage(store, w, path, query);
    if (record !== null) {
      const [, kind, id] = record as unknown as [string, string, string];
      // An id the API could not hold is no record (the route's pattern is wider than slugId).
      if (!slugId.safeParse(id).success)
        return { status: 404, html: renderNotFound(path, query, language, catalogue, 'record') };
      return kind === 'projects'
        ? await projectPage(store, w, path, query, id)
        : await consignmentPage(store, w, path, query, id);
    }
  } catch (error) {
    if (isAmanahError(error, 'NOT_FOUND')) {
      return { status: 404, html: renderNotFound(path, query, language, catalogue, 'record') };
    }
    throw error;
  }
  return undefined;
}
