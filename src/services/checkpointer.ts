import {
  bytesEqual,
  consistencyProof,
  formatCheckpoint,
  formatSignatureLine,
  noteSigner,
  parseNote,
  signNote,
  treeRoot,
  verifyConsistency,
  type NoteSigner,
} from '../translog/index.js';
import type { Store } from '../store/database.js';
import {
  addCosignatures,
  findLatestCheckpoint,
  insertCheckpoint,
  type StoredCheckpoint,
} from '../store/checkpoint-repository.js';
import { logSize } from '../store/log-repository.js';
import { tileReader } from '../store/tile-repository.js';
import type { Clock } from './clock.js';

/** Whoever collects witness cosignatures for a signed checkpoint (the witness coordinator). */
export interface Cosigner {
  cosign(signedNote: string, size: number): Promise<Array<{ witness: string; signatureLine: string }>>;
}

export interface CheckpointerOptions {
  store: Store;
  origin: string;
  /** the log's signed-note private key (PRIVATE+KEY+<origin>+…) */
  signerKey: string;
  clock: Clock;
  /** at most one new checkpoint per interval (default 1 s) */
  intervalMs?: number;
  cosigner?: Cosigner | undefined;
  onError?: (e: unknown) => void;
}

/** The published form of a checkpoint: its body, the log's signature, then every cosignature. */
export function publishedNote(c: StoredCheckpoint): string {
  const line = (l: string): string => `${l.replace(/\n$/, '')}\n`;
  return `${c.body}\n${line(c.signature)}${c.cosignatures.map((s) => line(s.line)).join('')}`;
}

/**
 * Cuts signed checkpoints (C2SP tlog-checkpoint) as the log grows, at most once per interval, and asks
 * the witnesses to cosign each one. Before signing, it proves the new tree consistent with the last
 * checkpoint it signed, so the log never signs two inconsistent checkpoints. A slow or absent witness
 * delays only its own cosignature: the checkpoint is stored (and served) at once, and cosignatures
 * are added as they arrive.
 */
export class Checkpointer {
  private readonly signer: NoteSigner;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private lastCutAt = 0;
  private closed = false;

  constructor(private readonly opts: CheckpointerOptions) {
    this.signer = noteSigner(opts.signerKey);
    if (this.signer.name !== opts.origin) {
      throw new Error(
        `the checkpoint key is named "${this.signer.name}", but the log's origin is "${opts.origin}"`,
      );
    }
    this.intervalMs = opts.intervalMs ?? 1000;
  }

  /** Called after each commit: schedules a checkpoint for the new size. */
  notify(): void {
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.lastCutAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.running.then(() => this.cutOnce()).catch((e: unknown) => this.opts.onError?.(e));
    }, wait);
    this.timer.unref?.();
  }

  /** Signs a checkpoint for the current tree if it has grown; returns the newest checkpoint. */
  cut(): Promise<StoredCheckpoint | undefined> {
    const run = this.running.then(() => this.cutOnce());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async cutOnce(): Promise<StoredCheckpoint | undefined> {
    this.lastCutAt = Date.now();
    const { db } = this.opts.store;
    const [size, last] = await Promise.all([logSize(db), findLatestCheckpoint(db)]);
    if (size === 0 || (last && last.size >= size)) return last;
    const reader = tileReader(db);
    const rootHash = await treeRoot(reader, size);
    if (last) {
      const proof = await consistencyProof(reader, last.size, size);
      verifyConsistency(last.size, size, proof, last.rootHash, rootHash);
    }
    const body = formatCheckpoint({ origin: this.opts.origin, size, rootHash, extensions: [] });
    const note = signNote({ text: body }, [this.signer]);
    const signature = formatSignatureLine(parseNote(note).signatures[0]!);
    const createdAt = this.opts.clock.now().toISOString();
    const storedRoot = await insertCheckpoint(db, { size, rootHash, body, signature, createdAt });
    if (!bytesEqual(storedRoot, rootHash)) {
      // Never expected: the tiles give one root per size. Stop rather than sign past a fork.
      throw new Error(
        `a checkpoint of size ${size} with another root hash is already stored; refusing to go on`,
      );
    }
    const stored: StoredCheckpoint = { size, rootHash, body, signature, createdAt, cosignatures: [] };
    if (this.opts.cosigner) {
      // Not awaited by the caller's commit path; a witness that is down delays only its own line.
      const cosigs = await this.opts.cosigner.cosign(note, size);
      const receivedAt = this.opts.clock.now().toISOString();
      await addCosignatures(
        db,
        size,
        cosigs.map((c) => ({ witness: c.witness, line: c.signatureLine })),
        receivedAt,
      );
      stored.cosignatures = cosigs.map((c) => ({ witness: c.witness, line: c.signatureLine, receivedAt }));
    }
    return stored;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running.catch(() => undefined);
  }
}
