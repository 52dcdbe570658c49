import type { z } from 'zod';
import { AmanahError, type FieldIssue } from './errors.js';

/**
 * Zod issues as field issues with dotted paths (`payload.name.en`, `payload.roles.1`). Where the path
 * goes through the items of a tuple that are described (a row of named columns), the message names
 * them: `payload.rows.3.4` reads "trucks: Too big …".
 */
export function fieldIssues(error: z.ZodError, prefix = '', schema?: z.ZodType): FieldIssue[] {
  return error.issues.map((i) => {
    const names = schema ? tupleItemNames(schema, i.path) : [];
    return {
      path: [prefix, ...i.path.map(String)].filter((s) => s !== '').join('.') || '(root)',
      message: names.length > 0 ? `${names.join('.')}: ${i.message}` : i.message,
    };
  });
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  items?: z.ZodType[];
  innerType?: z.ZodType;
}

/** The descriptions of the tuple items a path goes through, outermost first. */
function tupleItemNames(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const names: string[] = [];
  let at: z.ZodType | undefined = schema;
  for (const key of path) {
    let def: SchemaDef = (at as unknown as { _zod: { def: SchemaDef } })._zod.def;
    while ((def.type === 'optional' || def.type === 'nullable') && def.innerType)
      def = (def.innerType as unknown as { _zod: { def: SchemaDef } })._zod.def;
    if (def.type === 'object') at = def.shape?.[String(key)];
    else if (def.type === 'array') at = def.element;
    else if (def.type === 'tuple') {
      at = def.items?.[Number(key)];
      if (at?.description) names.push(at.description);
    } else at = undefined;
    if (!at) break;
  }
  return names;
}

/**
 * Validates without transforming: returns the input itself when it conforms, so what was signed is
 * exactly what is stored. Throws VALIDATION_FAILED naming every offending field.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string, prefix = ''): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = fieldIssues(r.error, prefix, schema);
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
