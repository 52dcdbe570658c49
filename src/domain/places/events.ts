import { z } from 'zod';
import { i18nText, point, slugId } from '../common.js';
import { defineEvent } from '../event-type.js';

export const CROSSING_KINDS = ['land', 'maritime', 'corridor'] as const;
export const CROSSING_STATUSES = ['open', 'closed', 'restricted', 'unknown'] as const;

export const governorateRegistered = defineEvent(
  'governorate.registered',
  1,
  z.strictObject({
    /** OCHA P-code (COD-AB), e.g. PS0255 for North Gaza. */
    code: z.string().regex(/^PS\d{2,6}$/, 'an OCHA P-code such as "PS0255"'),
    name: i18nText,
    centre: point.optional(),
    areaSqKm: z.number().positive().max(100_000).optional(),
  }),
  'Registers a governorate of the Gaza Strip with its OCHA P-code.',
);

export const crossingRegistered = defineEvent(
  'crossing.registered',
  1,
  z.strictObject({
    code: slugId,
    name: i18nText,
    kind: z.enum(CROSSING_KINDS),
    status: z.enum(CROSSING_STATUSES),
    location: point.optional(),
  }),
  'Registers a crossing or corridor through which consignments enter.',
);
