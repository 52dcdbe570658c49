import type { z } from 'zod';
import { AmanahError, type FieldIssue } from './errors.js';

/** Zod issues as field issues with dotted paths (`payload.name.en`, `payload.roles.1`). */
export function fieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter((s) => s !== '').join('.') || '(root)',
    message: i.message,
  }));
}

/**
 * Validates without transforming: returns the input itself when it conforms, so what was signed is
 * exactly what is stored. Throws VALIDATION_FAILED naming every offending field.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string, prefix = ''): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = fieldIssues(r.error, prefix);
    const first = issues[0];
    throw new AmanahError(
      'VALIDATION_FAILED',
      `${what} is not valid: ${first ? `${first.path}: ${first.message}` : 'unknown reason'}${
        issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
      }`,
      issues,
    );
  }
  return value as T;
}
