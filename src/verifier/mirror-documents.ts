/**
 * The JSON documents a mirror publishes beside the log, as the verifier reads them. Lenient about
 * fields it does not use, so a newer server stays verifiable.
 */
import { z } from 'zod';
import { fieldIssues } from '../domain/validation.js';
import { decodeUtf8 } from '../translog/index.js';
import { LOG_INFO_PATH, MAX_DOCUMENT_BYTES, OVERVIEW_PATH, type MirrorSource } from './mirror-source.js';
import { logFailure } from './verify-failure.js';

/** `api/v1/log`: what the log says about itself. Its keys are trusted only on first use. */
export const publishedLogSchema = z.object({
  origin: z.string().min(1),
  size: z.number().int().min(0).optional(),
  /** The log's signed-note verifier key (`<origin>+<key id>+<base64>`). */
  logKey: z.string().min(1).optional(),
  witnesses: z
    .array(z.object({ name: z.string(), key: z.string().min(1), url: z.string().optional() }))
    .optional(),
  quorum: z.number().int().min(0).optional(),
});
export type PublishedLog = z.infer<typeof publishedLogSchema>;

/** `api/v1/overview`: the public key figures, as `getOverview` builds them. */
export const publishedOverviewSchema = z.object({
  origin: z.string().nullable().optional(),
  logSize: z.number().int().min(0),
  generatedAt: z.string().optional(),
  figures: z.array(z.unknown()),
});
export type PublishedOverview = z.infer<typeof publishedOverviewSchema>;

/**
 * Reads and parses a document; a document that is not what the contract says is a failure naming
 * it (the mirror publishes something wrong about the log).
 */
async function readJson<T>(source: MirrorSource, path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const bytes = await source.read(path, MAX_DOCUMENT_BYTES);
  if (bytes === undefined) return undefined;
  const wrong = (why: string) =>
    logFailure('VALIDATION_FAILED', { kind: 'document', path }, `${path}: ${why}`);
  let json: unknown;
  try {
    json = JSON.parse(decodeUtf8(bytes) ?? '');
  } catch {
    throw wrong('not JSON');
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = fieldIssues(r.error)[0];
    throw wrong(`not the document the mirror contract describes (${i?.path}: ${i?.message})`);
  }
  return r.data;
}

/** The mirror's `api/v1/log`, or `undefined` when it publishes none. */
export function readPublishedLog(source: MirrorSource): Promise<PublishedLog | undefined> {
  return readJson(source, LOG_INFO_PATH, publishedLogSchema);
}

/** The mirror's `api/v1/overview`, or `undefined` when it publishes none. */
export function readPublishedOverview(source: MirrorSource): Promise<PublishedOverview | undefined> {
  return readJson(source, OVERVIEW_PATH, publishedOverviewSchema);
}
