import { z } from 'zod';
import { ROLES } from '../actor.js';
import { cleanText, countryCode, i18nText, slugId } from '../common.js';
import { keyId } from '../envelope.js';
import { defineEvent } from '../event-type.js';

export const ORG_KINDS = [
  'secretariat',
  'member-state',
  'palestinian-governance',
  'observer',
  'implementing-partner',
  'donor',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const PARTNER_TYPES = [
  'ministry',
  'municipality',
  'ngo',
  'contractor',
  'utility',
  'un-agency',
] as const;

export const orgSpec = z.strictObject({
  id: slugId,
  kind: z.enum(ORG_KINDS),
  name: i18nText,
  country: countryCode.optional(),
  partnerType: z.enum(PARTNER_TYPES).optional(),
});

export const publicKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'a raw Ed25519 public key, base64url without padding (43 chars)');

export const keySpec = z.strictObject({
  keyId,
  publicKey,
  org: slugId,
  /** Name or function of the person who holds the key: signatories act in a public capacity. */
  holder: cleanText(120),
  roles: z
    .array(z.enum(ROLES))
    .min(1)
    .max(ROLES.length)
    .refine((r) => new Set(r).size === r.length, 'roles must not repeat'),
});

export const logGenesis = defineEvent(
  'log.genesis',
  1,
  z.strictObject({
    origin: z
      .string()
      .regex(
        /^[a-z0-9.-]+(\/[A-Za-z0-9._-]+)*$/,
        'a log origin like "amanah.example.org/log" (tlog-checkpoint)',
      ),
    title: i18nText,
    org: orgSpec,
    key: keySpec,
  }),
  'Opens the log: names it and records the secretariat and its first key, which signs this event.',
);

export const orgRegistered = defineEvent(
  'org.registered',
  1,
  orgSpec,
  'Registers an organisation: a member state, the Palestinian governance body, an observer, an implementing partner or a donor.',
);

export const keyRegistered = defineEvent(
  'key.registered',
  1,
  keySpec,
  'Registers a public key for a person acting for an organisation, with the roles it may sign for.',
);

export const keyRevoked = defineEvent(
  'key.revoked',
  1,
  z.strictObject({ keyId, reason: cleanText(500) }),
  'Revokes a key: it can sign nothing from now on; what it signed before stays valid.',
);
