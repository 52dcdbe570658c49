import type { z } from 'zod';

/**
 * A kind of event the log can hold: its name, the version of its payload schema and the schema itself.
 * The schemas are the public contract: the API validates with them and the OpenAPI document is built
 * from them.
 */
export interface EventType<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly version: number;
  readonly schema: S;
  /** One neutral sentence: what recording this event means. */
  readonly summary: string;
}

/** Declares an event type (a helper that keeps the schema's inferred type). */
export function defineEvent<S extends z.ZodType>(
  type: string,
  version: number,
  schema: S,
  summary: string,
): EventType<S> {
  return { type, version, schema, summary };
}

export type PayloadOf<E> = E extends EventType<infer S> ? z.infer<S> : never;
