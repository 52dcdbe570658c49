/**
 * The projections rebuilt from the log alone: every event applied, in order, into a fresh in-memory
 * database — with the same code the server runs (`applyEvent`), or for the most frequent
 * registrations with prepared statements that write the same rows (src/store/projection-statements.ts) —
 * then the public key figures computed from them with the server's own `getOverview`, to compare
 * with the ones a mirror publishes.
 */
import type { SignedEvent } from '../domain/envelope.js';
import { systemClock, type Clock } from '../services/clock.js';
import { applyEvent } from '../services/event-handlers.js';
import { getOverview, type Figure, type Overview } from '../services/overview.js';
import type { Store } from '../store/database.js';
import { appendEntries } from '../store/log-repository.js';
import { openProjectionDatabase, type ProjectionDatabase } from '../store/projection-statements.js';
import { logFailure } from './verify-failure.js';

/** One event to apply, with its log index and the bundle it came in (for messages). */
export interface IndexedEvent {
  readonly index: number;
  readonly bundle: string;
  readonly event: SignedEvent;
}

/** Rebuilds the projections in an in-memory SQLite database. */
export class ProjectionReplay {
  private constructor(private readonly database: ProjectionDatabase) {}

  /** The database the projections are rebuilt in. */
  get store(): Store {
    return this.database.store;
  }

  /**
   * `statements: false` applies every event through `applyEvent`, as the server does (for tests
   * comparing the two ways).
   */
  static async open(options: { readonly statements?: boolean } = {}): Promise<ProjectionReplay> {
    const database = await openProjectionDatabase();
    return new ProjectionReplay(
      options.statements === false ? { ...database, statements: new Map() } : database,
    );
  }

  /**
   * Applies events in one transaction; a failure names the entry the projection refused. The
   * transaction is the connection's: the prepared statements and `applyEvent`'s queries (through
   * the same connection) run inside it, in log order.
   */
  async apply(events: readonly IndexedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const { connection, statements } = this.database;
    const db = this.store.db;
    let current: IndexedEvent | undefined;
    try {
      connection.exec('begin');
      for (const e of events) {
        current = e;
        const direct = statements.get(e.event.type);
        if (direct !== undefined) direct(e.event, e.index);
        else await applyEvent(db, e.event, e.index);
      }
      connection.exec('commit');
    } catch (e) {
      if (connection.inTransaction) connection.exec('rollback');
      const at = current!;
      throw logFailure(
        'VALIDATION_FAILED',
        { kind: 'entry', index: at.index, bundle: at.bundle },
        `entry ${at.index} (${at.bundle}): the projections cannot apply it (${(e as Error).message})`,
      );
    }
  }

  /**
   * Records the log's last entry. The overview counts entries from the log table, which the
   * projections do not fill; holding every entry there would make memory grow with the log, and the
   * last one is all the count needs (the log's size is its highest index plus one).
   */
  async recordLastEntry(
    entry: IndexedEvent & { readonly text: string; readonly leafHash: Uint8Array },
  ): Promise<void> {
    const { index, event, text, leafHash } = entry;
    await appendEntries(this.store.db, [
      {
        index,
        eventId: event.id,
        type: event.type,
        actor: event.actor,
        time: event.time,
        body: text,
        leafHash,
      },
    ]);
  }

  overview(clock: Clock = systemClock): Promise<Overview> {
    return getOverview(this.store, clock);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** One figure as rebuilt, beside the published one. */
export interface FigureComparison {
  readonly key: string;
  readonly rebuilt: Figure;
  readonly published?: unknown;
}

function figureValue(f: unknown): string {
  if (f === null || typeof f !== 'object') return JSON.stringify(f);
  const { kind, value, currency, minorUnits } = f as Record<string, unknown>;
  return kind === 'money'
    ? `${String(value)} ${String(currency)} (minor units ${String(minorUnits)})`
    : `${JSON.stringify(value)}${kind === 'count' ? '' : ` (${String(kind)})`}`;
}

function sameFigure(a: Figure, b: unknown): boolean {
  if (b === null || typeof b !== 'object') return false;
  const p = b as Record<string, unknown>;
  if (p.kind !== a.kind || p.value !== a.value) return false;
  return a.kind !== 'money' || (p.currency === a.currency && p.minorUnits === a.minorUnits);
}

/**
 * Compares the rebuilt figures with a published overview's, key by key; throws a failure naming
 * the first figure that differs or is missing. Figures published but not rebuilt (a newer server)
 * are returned as `extra`, not judged.
 */
export function compareFigures(
  rebuilt: Overview,
  published: { figures: readonly unknown[] },
): { compared: FigureComparison[]; extra: string[] } {
  const byKey = new Map<string, unknown>();
  for (const f of published.figures) {
    const k = (f as { key?: unknown } | null)?.key;
    if (typeof k === 'string') byKey.set(k, f);
  }
  const compared = rebuilt.figures.map((f): FigureComparison => {
    const p = byKey.get(f.key);
    const subject = { kind: 'figure', key: f.key } as const;
    if (p === undefined) {
      throw logFailure(
        'VALIDATION_FAILED',
        subject,
        `figure ${f.key}: missing from the published overview (the log gives ${figureValue(f)})`,
      );
    }
    if (!sameFigure(f, p)) {
      throw logFailure(
        'VALIDATION_FAILED',
        subject,
        `figure ${f.key}: the mirror publishes ${figureValue(p)}, the log's events give ${figureValue(f)}`,
      );
    }
    return { key: f.key, rebuilt: f, published: p };
  });
  const known = new Set(rebuilt.figures.map((f) => f.key));
  return { compared, extra: [...byKey.keys()].filter((k) => !known.has(k)) };
}
