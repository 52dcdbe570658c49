import { asArray, asInteger, asObject, asString, type JsonObject } from './read-json';

/** A name in several languages, keyed by language code: `{ en: 'Rafah', ar: 'رفح' }`. */
export type LocalisedName = { readonly [language: string]: string };

export interface Governorate {
  /** OCHA P-code, e.g. PS0501. */
  readonly code: string;
  readonly name: LocalisedName;
  /** The log entry that registered it, which the page verifies in the browser. */
  readonly logIndex: number;
  /** Where the map puts its label (WGS 84); absent when the API has none. */
  readonly point?: { readonly lat: number; readonly lon: number };
  readonly areaSqKm?: number;
}

export type CrossingStatus = 'open' | 'closed' | 'restricted' | 'unknown';

export interface Crossing extends Governorate {
  readonly status: CrossingStatus;
  /** `land`, `sea`, `corridor` … as the API says. */
  readonly kind?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
}

const crossingStatuses: readonly string[] = ['open', 'closed', 'restricted', 'unknown'];

function parseName(raw: unknown, what: string): LocalisedName {
  const name: Record<string, string> = {};
  for (const [language, text] of Object.entries(asObject(raw, what))) {
    if (typeof text === 'string') name[language] = text;
  }
  return name;
}

function parsePage<T>(
  json: unknown,
  what: string,
  parseItem: (item: JsonObject, what: string) => T,
): Page<T> {
  const page = asObject(json, what);
  return {
    items: asArray(page.items, `${what}.items`).map((raw, index) =>
      parseItem(asObject(raw, `${what}.items[${index}]`), `${what}.items[${index}]`),
    ),
    total: asInteger(page.total, `${what}.total`),
  };
}

function parsePoint(raw: unknown): { lat: number; lon: number } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { lat, lon } = raw as { lat?: unknown; lon?: unknown };
  return typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon)
    ? { lat, lon }
    : undefined;
}

function parseGovernorate(item: JsonObject, what: string): Governorate {
  const logIndex = asInteger(item.logIndex, `${what}.logIndex`);
  if (logIndex < 0) throw new TypeError(`${what}.logIndex: a log index is not negative`);
  const point = parsePoint(item.centre ?? item.location);
  return {
    code: asString(item.code, `${what}.code`),
    name: parseName(item.name, `${what}.name`),
    logIndex,
    ...(point === undefined ? {} : { point }),
    ...(typeof item.areaSqKm === 'number' ? { areaSqKm: item.areaSqKm } : {}),
  };
}

/** Checks the answer of `GET /api/v1/governorates`. */
export function parseGovernorates(json: unknown): Page<Governorate> {
  return parsePage(json, 'governorates', parseGovernorate);
}

/** Checks the answer of `GET /api/v1/crossings`; a status this version does not know reads as unknown. */
export function parseCrossings(json: unknown): Page<Crossing> {
  return parsePage(json, 'crossings', (item, what) => {
    const status = asString(item.status, `${what}.status`);
    return {
      ...parseGovernorate(item, what),
      status: crossingStatuses.includes(status) ? (status as CrossingStatus) : 'unknown',
      ...(typeof item.kind === 'string' ? { kind: item.kind } : {}),
    };
  });
}

/**
 * The name to show in `language`, and the language it is really in (English when there is no
 * translation), so the page can mark it with `lang` for screen readers and fonts.
 */
export function pickName(
  name: LocalisedName,
  language: string,
  fallback: string,
): { text: string; lang: string } {
  const own = name[language];
  if (own !== undefined && own !== '') return { text: own, lang: language };
  if (name.en !== undefined && name.en !== '') return { text: name.en, lang: 'en' };
  const [first] = Object.entries(name);
  return first === undefined ? { text: fallback, lang: 'zxx' } : { text: first[1], lang: first[0] };
}
