// The dashboard's key figures as plain HTML, for readers without JavaScript (or before it arrives):
// a small server-side template, not a React renderer. Labels come from the web app's own catalogues.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure, Overview } from '../services/overview.js';

/** Languages the server can label figures in: those with a complete catalogue (web/src/i18n/languages.ts). */
export const HTML_LANGUAGES = ['en', 'ar'] as const;
export type HtmlLanguage = (typeof HTML_LANGUAGES)[number];

const DIR: Record<HtmlLanguage, 'ltr' | 'rtl'> = { en: 'ltr', ar: 'rtl' };
/** The digits the web app shows by default for each language. */
export const NUMBER_LOCALE: Record<HtmlLanguage, string> = { en: 'en-u-nu-latn', ar: 'ar-u-nu-arab' };

export type Catalogue = { [key: string]: string | Catalogue };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Reads web/src/locales/<language>.json; a missing catalogue leaves the keys as labels. */
export function loadCatalogues(localesDir: string): Record<HtmlLanguage, Catalogue> {
  const read = (language: HtmlLanguage): Catalogue => {
    const path = join(localesDir, `${language}.json`);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Catalogue) : {};
  };
  return { en: read('en'), ar: read('ar') };
}

export function lookup(catalogue: Catalogue, key: string): string | undefined {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * The reader's language for a server-rendered page: `?lang=` first (as the web app reads it), then
 * the first language of Accept-Language the server can label, then English.
 */
export function pickHtmlLanguage(
  query: string | undefined,
  acceptLanguage: string | undefined,
): HtmlLanguage {
  const supported = (code: string | undefined): HtmlLanguage | undefined =>
    HTML_LANGUAGES.find((language) => language === code?.trim().toLowerCase().split('-')[0]);
  const fromQuery = supported(query);
  if (fromQuery) return fromQuery;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const language = supported(entry.tag);
    if (language) return language;
  }
  return 'en';
}

// Building an Intl formatter costs far more than using one: a page formats dozens of amounts.
const formats = new Map<string, { format: Intl.NumberFormat; digit: Intl.NumberFormat }>();
function moneyFormats(
  locale: string,
  currency: string,
  minorUnits: number,
): { format: Intl.NumberFormat; digit: Intl.NumberFormat } {
  const key = `${locale}|${currency}|${minorUnits}`;
  let found = formats.get(key);
  if (found === undefined) {
    found = {
      format: new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: minorUnits,
        maximumFractionDigits: minorUnits,
      }),
      digit: new Intl.NumberFormat(locale, { useGrouping: false }),
    };
    // Locales and currencies are few; the bound only guards against a flood of unknown codes.
    if (formats.size < 1_000) formats.set(key, found);
  }
  return found;
}

/** An exact amount in integer minor units, formatted without passing through a float. */
export function formatMoneyHtml(minor: string, currency: string, minorUnits: number, locale: string): string {
  const match = /^(-?)(\d+)$/.exec(minor);
  if (match === null) return minor;
  const [, sign, digits] = match as unknown as [string, string, string];
  const padded = digits.padStart(minorUnits + 1, '0');
  const whole = BigInt(padded.slice(0, padded.length - minorUnits));
  const fraction = padded.slice(padded.length - minorUnits);
  const { format, digit } = moneyFormats(locale, currency, minorUnits);
  const negative = sign === '-' && /[1-9]/.test(digits);
  return format
    .formatToParts(negative ? -whole : whole)
    .map((part) =>
      part.type === 'fraction'
        ? Array.from(fraction, (d) => digit.format(Number(d))).join('')
        : part.type === 'currency'
          ? `<bdi>${escapeHtml(part.value)}</bdi>`
          : escapeHtml(part.value),
    )
    .join('');
}

function figureHtml(figure: Figure, label: string, locale: string): string {
  const value =
    figure.kind === 'money'
      ? formatMoneyHtml(figure.value, figure.currency, figure.minorUnits, locale)
      : escapeHtml(new Intl.NumberFormat(locale).format(figure.value));
  return `<div class="figure figure--${figure.kind}" data-static-figure="${escapeHtml(figure.key)}"><dt class="figure__label">${escapeHtml(label)}</dt><dd class="figure__value"><data value="${escapeHtml(String(figure.value))}">${value}</data></dd></div>`;
}

/**
 * The key figures block that goes into `<div id="root">`: the web app replaces it when it starts, so
 * a reader with JavaScript sees it only until then, and one without keeps it.
 */
export function renderKeyFigures(overview: Overview, language: HtmlLanguage, catalogue: Catalogue): string {
  const t = (key: string, fallback = key): string => lookup(catalogue, key) ?? fallback;
  const locale = NUMBER_LOCALE[language];
  const groups = (['money', 'count'] as const)
    .map((kind) => overview.figures.filter((f) => f.kind === kind))
    .filter((group) => group.length > 0)
    .map(
      (group) =>
        `<dl class="figures figures--${group[0]!.kind}">${group
          .map((f) => figureHtml(f, t(`figure.${f.key}`, f.key), locale))
          .join('')}</dl>`,
    )
    .join('');
  const when = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(overview.generatedAt));
  const other = language === 'ar' ? { code: 'en', name: 'English' } : { code: 'ar', name: 'العربية' };
  return [
    `<div class="static-page" data-static-page="dashboard">`,
    `<header class="site-header"><div class="site-header__inner"><a class="brand" href="/"><span class="brand__text"><span class="brand__name">${escapeHtml(t('app.name', 'Amanah'))}</span><span class="brand__tagline">${escapeHtml(t('app.tagline', ''))}</span></span></a>`,
    `<a href="/?lang=${other.code}" lang="${other.code}" hreflang="${other.code}">${other.name}</a></div></header>`,
    `<main id="main" class="site-main">`,
    `<section class="section" aria-labelledby="static-figures-heading"><h1 id="static-figures-heading">${escapeHtml(t('figures.heading', 'Key figures'))}</h1>`,
    `<div class="figure-groups">${groups}</div>`,
    `<p>${escapeHtml(t('log.generatedAt', 'Figures computed at'))}: <time datetime="${escapeHtml(overview.generatedAt)}">${escapeHtml(when)} UTC</time></p>`,
    `</section>`,
    `<section class="section"><p><a href="/data">${escapeHtml(t('nav.data', 'Open data'))}</a> · <a href="/api/v1/overview" dir="ltr">/api/v1/overview</a></p></section>`,
    `</main></div>`,
  ].join('');
}

/** index.html with the language, direction and the pre-rendered block in place. */
export function fillTemplate(template: string, language: HtmlLanguage, rootContent: string): string {
  return template
    .replace(/<html lang="[^"]*" dir="[^"]*">/, `<html lang="${language}" dir="${DIR[language]}">`)
    .replace('<div id="root"></div>', `<div id="root">${rootContent}</div>`);
}
