import { z } from 'zod';

/** Text in both languages of the portal; more languages may be added beside them. */
/**
 * Free text as signed: schemas never transform input (no trimming, no defaults), because the actor's
 * signature covers the exact bytes; they refuse what is not clean instead.
 */
export const cleanText = (max: number): z.ZodString =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^\S(?:[\s\S]*\S)?$/, 'no leading or trailing white space');

export const i18nText = z.strictObject({ en: cleanText(300), ar: cleanText(300) });
export type I18nText = z.infer<typeof i18nText>;

/** Stable, URL-safe identifiers chosen when a record is created and never reused. */
export const slugId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and hyphens, 2 to 63 characters');

export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code, e.g. "QA"');

/** WGS 84 point; six decimals (about 10 cm) is more than any record needs. */
export const point = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
