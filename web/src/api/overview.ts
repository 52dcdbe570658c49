import { asArray, asInteger, asObject, asString } from './read-json';

/** A key figure; the page renders each one by its key, so new figures need no new component. */
export type Figure =
  | { readonly key: string; readonly kind: 'count'; readonly value: number | string }
  | {
      readonly key: string;
      readonly kind: 'money';
      /** Integer minor units as a decimal string: exact for any amount. */
      readonly value: string;
      readonly currency: string;
      readonly minorUnits: number;
    };

export interface Overview {
  /** The log's origin line, as in its checkpoints. */
  readonly origin: string;
  readonly logSize: number;
  /** UTC instant, ISO 8601. */
  readonly generatedAt: string;
  readonly figures: readonly Figure[];
}

function parseFigure(raw: unknown, index: number): Figure {
  const what = `figures[${index}]`;
  const figure = asObject(raw, what);
  const key = asString(figure.key, `${what}.key`);
  if (figure.kind === 'money') {
    const value = asString(figure.value, `${what}.value`);
    if (!/^-?\d+$/.test(value)) throw new TypeError(`${what}.value: integer minor units expected`);
    return {
      key,
      kind: 'money',
      value,
      currency: asString(figure.currency, `${what}.currency`),
      minorUnits: asInteger(figure.minorUnits, `${what}.minorUnits`),
    };
  }
  if (figure.kind === 'count') {
    const value = typeof figure.value === 'string' ? figure.value : asInteger(figure.value, `${what}.value`);
    return { key, kind: 'count', value };
  }
  throw new TypeError(`${what}.kind: "count" or "money" expected`);
}

/** Checks the answer of `GET /api/v1/overview`. */
export function parseOverview(json: unknown): Overview {
  const overview = asObject(json, 'overview');
  return {
    origin: asString(overview.origin, 'origin'),
    logSize: asInteger(overview.logSize, 'logSize'),
    generatedAt: asString(overview.generatedAt, 'generatedAt'),
    figures: asArray(overview.figures, 'figures').map(parseFigure),
  };
}
