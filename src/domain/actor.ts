import { AmanahError } from './errors.js';

/** What a key may do. A key carries roles; an organisation's kind limits which roles its keys can hold. */
export const ROLES = [
  'secretariat',
  'member-signatory',
  'governance-signatory',
  'observer',
  'partner',
  'field-monitor',
  'access-officer',
  'protection-officer',
  'stabilisation-liaison',
] as const;
export type Role = (typeof ROLES)[number];

/** The registered key that signed an event, as the log knew it when the event arrived. */
export interface Actor {
  keyId: string;
  org: string;
  roles: readonly Role[];
}

/** Refuses with ROLE_REQUIRED unless the actor holds one of `roles`. */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.some((r) => actor.roles.includes(r))) {
    throw new AmanahError(
      'ROLE_REQUIRED',
      `${what} needs a key with the role ${roles.map((r) => `"${r}"`).join(' or ')}; key ${actor.keyId} has ${
        actor.roles.length ? actor.roles.join(', ') : 'no role'
      }`,
    );
  }
}
