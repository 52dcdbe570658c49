/**
 * Runs the bundle checks ({@link EntryChecks}) on worker threads, one per core, or inline.
 *
 * Signature checks dominate the cost of verifying a log, and so does everything else done per entry
 * (parsing, canonicalising, validating, hashing); all of it runs beside the caller, which only
 * keeps the key registry, the tree and the projections in log order. Work goes to the worker with
 * the fewest bundles in hand.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../services/module-worker.js';
import {
  EntryChecks,
  verifySignatures,
  type BundleVerdict,
  type EntryVerdict,
  type SignatureJob,
} from './entry-checks.js';

/** Checks bundles and signatures for one log. */
export interface EntryChecker {
  /** Number of threads checking (0 when inline). */
  readonly threads: number;
  checkBundle(bundle: Uint8Array, width: number): Promise<BundleVerdict>;
  /** Tells the checker public keys by key id (those the log registered so far). */
  learnKeys(keys: ReadonlyArray<readonly [string, string]>): void;
  /** Checks signatures against given public keys. */
  verify(jobs: readonly SignatureJob[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/** Messages to a worker. */
export type WorkerRequest =
  | { readonly kind: 'keys'; readonly keys: ReadonlyArray<readonly [string, string]> }
  | { readonly kind: 'bundle'; readonly id: number; readonly bytes: Uint8Array; readonly width: number }
  | { readonly kind: 'verify'; readonly id: number; readonly jobs: readonly SignatureJob[] };

/**
 * A bundle's verdict as a worker sends it. Sending copies every object, and a bundle's 256 entry
 * verdicts are nearly all alike ("valid, checked with key K"): they travel as the distinct verdicts
 * and, per entry, the index of its own.
 */
export interface PackedBundleVerdict {
  readonly problem?: string;
  readonly leafHashes: Uint8Array;
  readonly distinct: readonly EntryVerdict[];
  readonly which: Uint16Array;
}

/** Packs a verdict for sending ({@link PackedBundleVerdict}). */
export function packVerdict(verdict: BundleVerdict): PackedBundleVerdict {
  const distinct: EntryVerdict[] = [];
  const seen = new Map<string, number>();
  const which = new Uint16Array(verdict.entries.length);
  verdict.entries.forEach((v, i) => {
    // only verdicts made of a signature state and a key are shared; the others are kept apart
    const shared = v.problem === undefined && v.message === undefined && Object.keys(v).length <= 2;
    const key = shared ? `${v.signature} ${v.checkedWith ?? ''}` : undefined;
    let at = key === undefined ? undefined : seen.get(key);
    if (at === undefined) {
      at = distinct.push(v) - 1;
      if (key !== undefined) seen.set(key, at);
    }
    which[i] = at;
  });
  return {
    ...(verdict.problem === undefined ? {} : { problem: verdict.problem }),
    leafHashes: verdict.leafHashes,
    distinct,
    which,
  };
}

/** The verdict a {@link PackedBundleVerdict} carries (alike entries share one verdict object). */
export function unpackVerdict(packed: PackedBundleVerdict): BundleVerdict {
  const entries = Array.from(packed.which, (at) => packed.distinct[at]!);
  return {
    ...(packed.problem === undefined ? {} : { problem: packed.problem }),
    leafHashes: packed.leafHashes,
    entries,
  };
}

/** Messages from a worker. */
export type WorkerReply =
  | { readonly id: number; readonly bundle: PackedBundleVerdict }
  | { readonly id: number; readonly signatures: boolean[] }
  | { readonly id: number; readonly error: string };

/** The checks on the calling thread: for small logs, tests, and platforms without workers. */
export class InlineEntryChecker implements EntryChecker {
  readonly threads = 0;
  private readonly checks: EntryChecks;

  constructor(origin: string) {
    this.checks = new EntryChecks(origin);
  }

  checkBundle(bundle: Uint8Array, width: number): Promise<BundleVerdict> {
    try {
      return Promise.resolve(this.checks.checkBundle(bundle, width));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  learnKeys(keys: ReadonlyArray<readonly [string, string]>): void {
    this.checks.learnKeys(keys);
  }

  verify(jobs: readonly SignatureJob[]): Promise<boolean[]> {
    return Promise.resolve(verifySignatures(jobs));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Starts a worker on `entry-worker`, from dist/ or from the sources. */
function startWorker(origin: string): Worker {
  return startModuleWorker(import.meta.url, 'entry-worker', { workerData: { origin } });
}

interface Waiting {
  readonly worker: number;
  resolve(reply: WorkerReply): void;
  reject(e: Error): void;
}

/** The checks on worker threads. */
export class WorkerEntryChecker implements EntryChecker {
  readonly threads: number;
  private readonly workers: Worker[];
  private readonly load: number[];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failed: Error | undefined;

  constructor(origin: string, threads = availableParallelism()) {
    this.threads = Math.max(1, threads);
    this.workers = Array.from({ length: this.threads }, (_, w) => {
      const worker = startWorker(origin);
      worker.on('message', (reply: WorkerReply) => {
        const waiting = this.waiting.get(reply.id);
        if (waiting === undefined) return;
        this.waiting.delete(reply.id);
        this.load[w]! -= 1;
        waiting.resolve(reply);
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`an entry-check worker stopped with exit code ${code}`));
      });
      return worker;
    });
    this.load = this.workers.map(() => 0);
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const [id, waiting] of this.waiting) {
      this.waiting.delete(id);
      waiting.reject(e);
    }
  }

  private request(make: (id: number) => WorkerRequest): Promise<WorkerReply> {
    if (this.failed) return Promise.reject(this.failed);
    const worker = this.load.indexOf(Math.min(...this.load));
    const id = this.nextId++;
    this.load[worker]! += 1;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      this.workers[worker]!.postMessage(make(id));
    }).then((reply) => {
      if ('error' in reply) throw new Error(`an entry-check worker failed: ${reply.error}`);
      return reply;
    });
  }

  async checkBundle(bundle: Uint8Array, width: number): Promise<BundleVerdict> {
    const reply = await this.request((id) => ({ kind: 'bundle', id, bytes: bundle, width }));
    return unpackVerdict((reply as { bundle: PackedBundleVerdict }).bundle);
  }

  learnKeys(keys: ReadonlyArray<readonly [string, string]>): void {
    if (keys.length === 0) return;
    for (const w of this.workers) w.postMessage({ kind: 'keys', keys } satisfies WorkerRequest);
  }

  async verify(jobs: readonly SignatureJob[]): Promise<boolean[]> {
    if (jobs.length === 0) return [];
    const reply = await this.request((id) => ({ kind: 'verify', id, jobs }));
    return (reply as { signatures: boolean[] }).signatures;
  }

  async close(): Promise<void> {
    this.fail(new Error('the entry checker is closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Worker threads when `threads` > 0 (default: one per core), else the inline checker. */
export function createEntryChecker(origin: string, threads = availableParallelism()): EntryChecker {
  return threads > 0 ? new WorkerEntryChecker(origin, threads) : new InlineEntryChecker(origin);
}
