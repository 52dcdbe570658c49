import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import type { SignedEvent } from '../../domain/envelope.js';
import type { EventType } from '../../domain/event-type.js';
import type { Schema } from '../../store/schema.js';

type Db = Kysely<Schema>;

/**
 * How the command path treats one event type: `load` reads the state the rules need (inside the
 * write transaction), `decide` applies the rules (pure, from src/domain), `apply` updates the
 * projections (SQL, from src/store; also used by replay).
 */
export interface EventHandler<S extends z.ZodType = z.ZodType, State = unknown> {
  readonly event: EventType<S>;
  load(db: Db, e: SignedEvent<z.infer<S>>): Promise<State>;
  decide(e: SignedEvent<z.infer<S>>, actor: Actor, state: State): void;
  apply(db: Db, e: SignedEvent<z.infer<S>>, index: number): Promise<void>;
}

export function handler<S extends z.ZodType, State>(h: EventHandler<S, State>): EventHandler<S, State> {
  return h;
}
