import { asArray, asInteger, asObject, asString } from './read-json';

/** A row of `GET /api/v1/projects/progress`: one sector (or governorate) in one currency. */
export interface ProgressRow {
  readonly key: string;
  readonly currency: string;
  readonly projects: number;
  readonly budget: string;
  readonly released: string;
  readonly assetsStanding: number;
  readonly assetsDamaged: number;
  readonly assetsDestroyed: number;
  readonly valueLost: string;
}

const minor = (value: unknown, what: string): string => {
  const text = asString(value, what);
  if (!/^-?\d+$/.test(text)) throw new TypeError(`${what}: integer minor units expected`);
  return text;
};

function rows(json: unknown, what: string): ProgressRow[] {
  return asArray(json, what).map((raw, i) => {
    const w = `${what}[${i}]`;
    const row = asObject(raw, w);
    return {
      key: asString(row.key, `${w}.key`),
      currency: asString(row.currency, `${w}.currency`),
      projects: asInteger(row.projects, `${w}.projects`),
      budget: minor(row.budget, `${w}.budget`),
      released: minor(row.released, `${w}.released`),
      assetsStanding: asInteger(row.assetsStanding, `${w}.assetsStanding`),
      assetsDamaged: asInteger(row.assetsDamaged, `${w}.assetsDamaged`),
      assetsDestroyed: asInteger(row.assetsDestroyed, `${w}.assetsDestroyed`),
      valueLost: minor(row.valueLost, `${w}.valueLost`),
    };
  });
}

/** `GET /api/v1/projects/progress`. */
export function parseProjectProgress(json: unknown): {
  bySector: readonly ProgressRow[];
  byGovernorate: readonly ProgressRow[];
} {
  const object = asObject(json, 'progress');
  return {
    bySector: rows(object.bySector, 'bySector'),
    byGovernorate: rows(object.byGovernorate, 'byGovernorate'),
  };
}
