/**
 * What a verifier remembers between runs (`--state FILE`): the keys it pinned on its first run and
 * the last checkpoint it verified. The next run requires the same keys and a checkpoint consistent
 * with that one, so a log cannot rewrite history it has shown this verifier.
 */
import { z } from 'zod';
import { AmanahError } from '../domain/errors.js';
import { fieldIssues } from '../domain/validation.js';

export const VERIFIER_STATE_FORMAT = 'amanah-verifier-state/v1';

const stateSchema = z.strictObject({
  format: z.literal(VERIFIER_STATE_FORMAT),
  origin: z.string().min(1),
  /** The log's verifier key (signed-note vkey). */
  logKey: z.string().min(1),
  /** The witnesses' cosignature/v1 verifier keys. */
  witnesses: z.array(z.string().min(1)),
  /** How many of them must cosign. */
  quorum: z.number().int().min(0),
  /** The last verified checkpoint: its size and base64 root hash. */
  size: z.number().int().min(0),
  rootHash: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a base64 SHA-256 hash'),
  verifiedAt: z.string(),
});

export type VerifierState = z.infer<typeof stateSchema>;

/** Parses a state document; throws `CONFIG_INVALID` naming `what` (the file) when it is not one. */
export function parseVerifierState(text: string, what = 'the verifier state'): VerifierState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AmanahError('CONFIG_INVALID', `${what} is not JSON: ${(e as Error).message}`);
  }
  const r = stateSchema.safeParse(json);
  if (!r.success) {
    const i = fieldIssues(r.error)[0];
    throw new AmanahError(
      'CONFIG_INVALID',
      `${what} is not an Amanah verifier state (${i?.path}: ${i?.message})`,
    );
  }
  return r.data;
}

/** The state as a JSON document. */
export function formatVerifierState(state: VerifierState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}
