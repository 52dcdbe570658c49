import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Actor } from '../domain/actor.js';
import { assertEventSignature, signingBytes, type SignedEvent } from '../domain/envelope.js';
import { AmanahError, isAmanahError } from '../domain/errors.js';
import { decideGenesis } from '../domain/governance/decide.js';
import { publicKeyObject, verifyBytes } from '../domain/keys.js';
import { findActorKey, findActorKeys, type ActorKey } from '../store/governance-repository.js';
import { appendEntries, findEntriesByEventIds, logSize, type LogEntry } from '../store/log-repository.js';
import { SignaturePool } from './signature-pool.js';
import { appendLeaves, leafHashOfText } from '../translog/index.js';
import { edgeTileReader, writeTiles } from '../store/tile-repository.js';
import type { Store } from '../store/database.js';
import type { AheadRead, ReadAhead } from '../store/read-ahead.js';
import type { Clock } from './clock.js';
import { applyEvent, GENESIS, HANDLERS_BY_TYPE } from './event-handlers.js';
import { checkCommand, parseCommandText, type CheckedCommand } from './command-check.js';

/**
 * The key an event registers or revokes (the only events that write actor keys); after one, the
 * batch's prefetched copy of that key is read again.
 */
function changedKey(e: SignedEvent): string | undefined {
  const p = e.payload as { keyId?: unknown; key?: { keyId?: unknown } };
  if (e.type === 'key.registered' || e.type === 'key.revoked') return p.keyId as string;
  if (e.type === 'log.genesis') return p.key?.keyId as string;
  return undefined;
}

const MAX_BATCH = 512;

export interface CommandResult {
  index: number;
  id: string;
  type: string;
  /** `duplicate` when this exact command had already been accepted: it was not applied again */
  status: 'accepted' | 'duplicate';
}

interface Pending {
  event: SignedEvent;
  leaf: string;
  /** signature checked ahead, on a worker, against this public key */
  checked?: { publicKey: string; ok: Promise<boolean>; result?: boolean };
  resolve(r: CommandResult): void;
  reject(e: unknown): void;
}

type Outcome = { ok: CommandResult } | { error: unknown };

export interface CommandServiceOptions {
  store: Store;
  origin: string;
  clock: Clock;
  logger?: Logger | undefined;
  /** how far an event's time may be from the server's clock (default 15 minutes) */
  maxSkewMs?: number | undefined;
  /** verify signatures on worker threads (default) or on the calling thread */
  verifyOn?: 'workers' | 'main-thread';
}

/**
 * The only write path. A command is validated, its signature verified against the actor's registered
 * key, its rules decided against the current state, and then — in one transaction — appended to the log
 * and applied to the projections. Commands that arrive together are committed together (group commit),
 * each decided against the state its predecessors left; a refused command writes nothing, and an
 * unexpected failure rolls the batch back and retries its commands one by one so only the faulty one
 * fails. A result is returned only after its transaction has committed.
 */
export class CommandService {
  readonly origin: string;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly maxSkewMs: number;
  private readonly queue: Pending[] = [];
  private flushing = false;
  private closing = false;
  private drained: Array<() => void> = [];
  private readonly keyCache = new Map<string, KeyObject>();
  /** public key by key id; a key id is a hash of its key, so an entry never changes */
  private readonly publicKeys = new Map<string, string>();
  private readonly pool: SignaturePool | undefined;
  private readonly committedListeners: Array<(size: number) => void> = [];
  /**
   * Where the write path spends its time: whole transactions, and the Merkle tree's share of them;
   * and how many commands' states were read ahead and used, or read again in turn because an earlier
   * command of their batch may have changed them.
   */
  readonly stats = { batches: 0, commands: 0, writeMs: 0, treeMs: 0, readAhead: 0, readAgain: 0 };

  constructor(opts: CommandServiceOptions) {
    this.store = opts.store;
    this.origin = opts.origin;
    this.clock = opts.clock;
    this.logger = opts.logger;
    this.maxSkewMs = opts.maxSkewMs ?? 15 * 60_000;
    this.pool = opts.verifyOn === 'main-thread' ? undefined : new SignaturePool();
  }

  /** Validates a signed command and resolves once it is committed to the log (or rejects with the reason). */
  submit(raw: unknown): Promise<CommandResult> {
    if (this.closing) return Promise.reject(shuttingDown());
    let checked: CheckedCommand;
    try {
      checked = checkCommand(this.origin, raw);
    } catch (e) {
      return Promise.reject(e);
    }
    const { event, leaf, signing } = checked;
    const publicKey = this.publicKeys.get(event.actor);
    return this.enqueue(
      event,
      leaf,
      this.pool && publicKey
        ? { publicKey, ok: this.pool.verify({ publicKey, message: signing, signature: event.sig }) }
        : undefined,
    );
  }

  /**
   * {@link submit} for a signed event given as its JSON text, as a client sends it (an in-process one
   * hands over the text it signed). Text that is not JSON is refused as such.
   */
  submitText(text: string): Promise<CommandResult> {
    try {
      return this.submit(parseCommandText(text));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Queues a checked command; resolves once it is committed (or rejects with the reason). */
  private enqueue(event: SignedEvent, leaf: string, checked: Pending['checked']): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, leaf, resolve, reject, ...(checked ? { checked } : {}) });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Called after each commit with the new log size (checkpoints and witnesses hang off this). */
  onCommitted(listener: (size: number) => void): void {
    this.committedListeners.push(listener);
  }

  /** Stops accepting commands and waits until every accepted one is committed. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.flushing || this.queue.length > 0)
      await new Promise<void>((resolve) => this.drained.push(resolve));
    await this.pool?.close();
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      let outcomes: Outcome[];
      const t0 = performance.now();
      try {
        outcomes = await this.runBatch(batch);
      } catch (e) {
        if (batch.length > 1) this.logger?.warn({ err: e }, 'batch failed; retrying its commands one by one');
        outcomes = [];
        for (const item of batch) {
          try {
            outcomes.push(...(batch.length > 1 ? await this.runBatch([item]) : [{ error: e }]));
          } catch (e2) {
            outcomes.push({ error: e2 });
          }
        }
      }
      this.stats.batches += 1;
      this.stats.commands += batch.length;
      this.stats.writeMs += performance.now() - t0;
      outcomes.forEach((o, i) => {
        const item = batch[i]!;
        if ('ok' in o) item.resolve(o.ok);
        else item.reject(isAmanahError(o.error) ? o.error : internal(o.error, this.logger));
      });
      if (outcomes.some((o) => 'ok' in o && o.ok.status === 'accepted')) {
        const size = Math.max(...outcomes.map((o) => ('ok' in o ? o.ok.index + 1 : 0)));
        for (const l of this.committedListeners) l(size);
      }
    }
    this.flushing = false;
    for (const d of this.drained.splice(0)) d();
  }

  /** One transaction for the whole batch; returns an outcome per command, in order. */
  private runBatch(batch: readonly Pending[]): Promise<Outcome[]> {
    return this.store.writeTransaction(async (tx, ahead) => {
      // Read what the whole batch needs in two queries rather than two per command: the ids already
      // in the log, and the actors' keys (refreshed below when the batch itself changes a key).
      const [size0, earlier, keys] = await Promise.all([
        logSize(tx),
        findEntriesByEventIds(tx, [...new Set(batch.map((b) => b.event.id))]),
        findActorKeys(tx, [...new Set(batch.map((b) => b.event.actor))]),
      ]);
      // Where round trips cost (PostgreSQL), every command's state is read at once, ahead of its
      // turn; a state an earlier command of the batch may have changed is read again in turn.
      const written = ahead && batch.length > 1 ? ahead.writes() : undefined;
      const [states, edge] = await Promise.all([
        ahead && written ? this.readAhead(tx, ahead, batch, earlier) : [],
        edgeTileReader(tx, size0), // the tiles the append will extend, read beside the states
      ]);
      let size = size0;
      const outcomes: Outcome[] = [];
      const entries: LogEntry[] = [];
      const inBatch = new Map<string, { leaf: string; result: CommandResult }>();
      for (const x of earlier) inBatch.set(x.eventId, toSeen(x));
      /** verdicts of signatures checked on a worker that were not back when their command was decided */
      const pendingVerdicts: Array<Promise<boolean>> = [];
      for (const [j, item] of batch.entries()) {
        const e = item.event;
        // 1. Idempotency: the same command again returns its first result and writes nothing.
        const seen = inBatch.get(e.id);
        if (seen) {
          outcomes.push(
            seen.leaf === item.leaf
              ? { ok: { ...seen.result, status: 'duplicate' } }
              : {
                  error: new AmanahError(
                    'IDEMPOTENCY_CONFLICT',
                    `event id ${e.id} was already used by a different command (log entry ${seen.result.index}); use a new id`,
                    [{ path: 'id', message: 'already used for other content' }],
                  ),
                },
          );
          continue;
        }
        // 2. Rules: nothing is written for a refused command.
        try {
          this.checkTime(e);
          let early = states[j];
          if (early && written!.affects(early.reads)) {
            early = undefined;
            this.stats.readAgain += 1;
          }
          await this.decide(tx, item, size, keys, early, batch.length > 1 ? pendingVerdicts : undefined);
        } catch (err) {
          if (!isAmanahError(err)) throw err;
          outcomes.push({ error: err });
          continue;
        }
        // 3. Append and project. A failure here is unexpected and aborts the whole transaction.
        const index = size++;
        entries.push({
          index,
          eventId: e.id,
          type: e.type,
          actor: e.actor,
          time: e.time,
          body: item.leaf,
          leafHash: leafHashOf(item.leaf),
        });
        await applyEvent(tx, e, index);
        const changed = changedKey(e);
        if (changed !== undefined) keys.delete(changed); // later commands read this key afresh
        const result: CommandResult = { index, id: e.id, type: e.type, status: 'accepted' };
        inBatch.set(e.id, { leaf: item.leaf, result });
        outcomes.push({ ok: result });
      }
      for (let i = 0; i < entries.length; i += 500) await appendEntries(tx, entries.slice(i, i + 500));
      if (entries.length > 0) {
        // The Merkle tree grows in the same transaction: its tiles always describe exactly the log.
        const t0 = performance.now();
        const grown = await appendLeaves(
          edge,
          entries[0]!.index,
          entries.map((x) => x.leafHash),
        );
        await writeTiles(tx, grown.tiles);
        this.stats.treeMs += performance.now() - t0;
      }
      // 4. Nothing commits on a signature not yet seen to verify. Should one not, the batch is undone
      // and its commands run again one by one, where that one is refused with the reason.
      if (!(await Promise.all(pendingVerdicts)).every(Boolean))
        throw new Error(
          'a signature checked on a worker does not verify; the batch is run again command by command',
        );
      return outcomes;
    });
  }

  /** Every command's state, read at once; `undefined` where it must be read in turn. */
  private async readAhead(
    tx: Store['db'],
    ahead: ReadAhead,
    batch: readonly Pending[],
    earlier: readonly LogEntry[],
  ): Promise<Array<AheadRead<unknown> | undefined>> {
    const logged = new Set(earlier.map((x) => x.eventId));
    const slots: number[] = [];
    const loads: Array<(db: Store['db']) => Promise<unknown>> = [];
    batch.forEach((item, j) => {
      const e = item.event;
      const h = HANDLERS_BY_TYPE.get(e.type);
      if (!h || logged.has(e.id)) return;
      slots.push(j);
      loads.push((db) => h.load(db, e));
    });
    const read = await ahead.run(tx, loads);
    const out: Array<AheadRead<unknown> | undefined> = [];
    slots.forEach((j, i) => (out[j] = read[i]));
    return out;
  }

  /**
   * Decides one command against the state. Its signature, when a worker was asked to check it against
   * the actor's registered key, is taken from the worker: awaited here, or — given `pendingVerdicts`,
   * in a batch of several commands — left for the batch to await before it commits, so that the
   * commands after it are decided in the meantime.
   */
  private async decide(
    tx: Store['db'],
    item: Pending,
    size: number,
    keys: Map<string, ActorKey>,
    early?: AheadRead<unknown>,
    pendingVerdicts?: Array<Promise<boolean>>,
  ): Promise<void> {
    const e = item.event;
    if (e.type === GENESIS.type) {
      const g = e as SignedEvent<z.infer<typeof GENESIS.schema>>;
      decideGenesis(g, { logSize: size, origin: this.origin });
      assertEventSignature(this.origin, e, publicKeyObject(g.payload.key.publicKey));
      return;
    }
    if (size === 0) {
      throw new AmanahError('GENESIS_REQUIRED', 'the log is empty: its first event must be log.genesis');
    }
    let key = keys.get(e.actor);
    if (!key) {
      key = await findActorKey(tx, e.actor);
      if (key) keys.set(key.keyId, key);
    }
    if (!key) {
      throw new AmanahError('KEY_UNKNOWN', `key ${e.actor} is not registered in this log`, [
        { path: 'actor', message: 'not a registered key' },
      ]);
    }
    if (key.status === 'revoked') {
      throw new AmanahError(
        'KEY_REVOKED',
        `key ${e.actor} was revoked at log entry ${key.revokedIndex}; it can sign nothing new`,
        [{ path: 'actor', message: 'revoked key' }],
      );
    }
    this.publicKeys.set(key.keyId, key.publicKey);
    const checked = item.checked?.publicKey === key.publicKey ? item.checked : undefined;
    if (checked && checked.result === undefined && pendingVerdicts) {
      pendingVerdicts.push(checked.ok);
    } else {
      if (checked && checked.result === undefined) checked.result = await checked.ok;
      // verified on a worker against this very key, or else here (refused with the reason)
      if (checked?.result !== true) this.verify(e, key.keyId, key.publicKey);
    }
    const actor: Actor = { keyId: key.keyId, org: key.org, roles: key.roles };
    const h = HANDLERS_BY_TYPE.get(e.type)!;
    if (early) this.stats.readAhead += 1;
    const state = early ? early.value : await h.load(tx, e);
    h.decide(e, actor, state);
  }

  private verify(e: SignedEvent, keyId: string, publicKey: string): void {
    let key = this.keyCache.get(keyId);
    if (!key) {
      key = publicKeyObject(publicKey);
      this.keyCache.set(keyId, key);
    }
    if (!verifyBytes(key, signingBytes(this.origin, e), e.sig)) assertEventSignature(this.origin, e, key);
  }

  private checkTime(e: SignedEvent): void {
    const skew = Date.parse(e.time) - this.clock.now().getTime();
    if (Math.abs(skew) > this.maxSkewMs) {
      throw new AmanahError(
        'EVENT_TIME_SKEW',
        `the event is signed for ${e.time}, ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'ahead of' : 'behind'} the server's clock; sign it again with the current time (within ${this.maxSkewMs / 60_000} minutes)`,
        [{ path: 'time', message: 'too far from the current time' }],
      );
    }
  }
}

function toSeen(x: LogEntry): { leaf: string; result: CommandResult } {
  return { leaf: x.body, result: { index: x.index, id: x.eventId, type: x.type, status: 'accepted' } };
}

/** RFC 6962 leaf hash of an entry: SHA-256(0x00 || UTF-8 bytes of the canonical event). */
function leafHashOf(leaf: string): Uint8Array {
  return leafHashOfText(leaf);
}

function internal(e: unknown, logger: Logger | undefined): AmanahError {
  logger?.error({ err: e }, 'command failed unexpectedly');
  return new AmanahError(
    'INTERNAL',
    'the command could not be recorded because of an internal error; nothing was written',
  );
}

function shuttingDown(): AmanahError {
  return new AmanahError('SHUTTING_DOWN', 'the server is shutting down; retry the command shortly');
}
