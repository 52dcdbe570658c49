/**
 * The witness's durable memory: per log origin, the latest checkpoint it cosigned (origin, size, root
 * hash) and that checkpoint with its verified log signature(s) and the witness's cosignature, as the
 * monitoring endpoint serves it (tlog-witness "Monitor Retrieval Mechanism").
 *
 * One JSON file per origin in one directory, named by the lowercase hex SHA-256 of the origin (the
 * "origin hash" of tlog-witness), so any origin string is a safe file name. A write goes to a temp
 * file, is fsynced, renamed over the old file and the directory is fsynced: after a crash the file
 * holds either the old or the new state, never a mix, and a state reported as written survives a
 * power cut.
 *
 * tlog-witness "add-checkpoint" requires the check against the stored size and the write of the new
 * state to be atomic, or two requests can roll the state back. {@link WitnessStateStore.update} runs
 * one origin's updates one after another (a promise chain per origin), re-reads the file under that
 * lock, and refuses to store a smaller size, or a different root at the same size, whatever the
 * caller decided. The lock is per process: one witness process per state directory.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AmanahError } from '../domain/errors.js';
import { HASH_SIZE, bytesEqual, decodeBase64, encodeBase64, type WitnessState } from '../translog/index.js';

/** The `kind` written in every state file, so a stray JSON file is never read as state. */
export const WITNESS_STATE_KIND = 'amanah-witness-state';

/** What is stored for one origin. */
export interface StoredWitnessState extends WitnessState {
  /** The latest cosigned checkpoint note (log signature(s) then the witness's cosignature). */
  readonly checkpoint: string;
}

/** What an update decided: nothing to store, or a new state and its cosigned checkpoint. */
export interface WitnessStateChange<T> {
  readonly result: T;
  readonly write?: StoredWitnessState;
}

const stateFileSchema = z.strictObject({
  kind: z.literal(WITNESS_STATE_KIND),
  origin: z.string().min(1),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  rootHash: z.string(),
  checkpoint: z.string(),
});

/** tlog-witness "Monitor Retrieval Mechanism": the origin hash, SHA-256 of the origin, lowercase hex. */
export function originHash(origin: string): string {
  return createHash('sha256').update(origin, 'utf8').digest('hex');
}

const ORIGIN_HASH_PATTERN = /^[0-9a-f]{64}$/;

export class WitnessStateStore {
  /** Per origin hash: the tail of the chain of updates waiting or running for that origin. */
  private readonly tails = new Map<string, Promise<void>>();

  private constructor(readonly directory: string) {}

  /** Opens (creating it, mode 0700, if needed) the state directory. */
  static async open(directory: string): Promise<WitnessStateStore> {
    try {
      await mkdir(directory, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new AmanahError(
        'CONFIG_INVALID',
        `cannot create the witness state directory ${directory}: ${(e as Error).message}`,
      );
    }
    return new WitnessStateStore(directory);
  }

  /** The state stored for `origin`, or `undefined` if the witness never cosigned for it. */
  async find(origin: string): Promise<StoredWitnessState | undefined> {
    const state = await this.findByHash(originHash(origin));
    if (state !== undefined && state.origin !== origin) {
      throw new AmanahError(
        'INTERNAL',
        `witness state file ${originHash(origin)} holds origin ${JSON.stringify(state.origin)}, not ${JSON.stringify(origin)}`,
      );
    }
    return state;
  }

  /**
   * The state stored under an origin hash (lowercase hex SHA-256 of the origin), or `undefined`.
   * Anything but 64 lowercase hex digits finds nothing. A file that exists but cannot be read as
   * state throws `INTERNAL`: treating it as absent would let a log roll the witness back.
   */
  async findByHash(hash: string): Promise<StoredWitnessState | undefined> {
    if (!ORIGIN_HASH_PATTERN.test(hash)) return undefined;
    const file = join(this.directory, hash);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new AmanahError('INTERNAL', `cannot read witness state file ${file}: ${(e as Error).message}`);
    }
    try {
      const data = stateFileSchema.parse(JSON.parse(text));
      const rootHash = decodeBase64(data.rootHash, 'root hash');
      if (rootHash.length !== HASH_SIZE) throw new Error(`the root hash is ${rootHash.length} bytes`);
      if (originHash(data.origin) !== hash) throw new Error('the origin does not match the file name');
      return { origin: data.origin, size: data.size, rootHash, checkpoint: data.checkpoint };
    } catch (e) {
      throw new AmanahError(
        'INTERNAL',
        `witness state file ${file} is corrupt (${(e as Error).message}); refusing to guess the state`,
      );
    }
  }

  /**
   * Runs `decide` with the current state of `origin`, read under the origin's lock, and stores the
   * state it returns (if any) before releasing the lock and returning its result. Updates of one
   * origin run one at a time, in call order; different origins run concurrently. A write that would
   * lower the size, or change the root at the same size, is refused with `INTERNAL` and nothing is
   * stored.
   */
  update<T>(
    origin: string,
    decide: (
      current: StoredWitnessState | undefined,
    ) => WitnessStateChange<T> | Promise<WitnessStateChange<T>>,
  ): Promise<T> {
    return this.serialise(originHash(origin), async () => {
      const current = await this.find(origin);
      const change = await decide(current);
      if (change.write !== undefined) await this.write(origin, current, change.write);
      return change.result;
    });
  }

  private async write(
    origin: string,
    current: StoredWitnessState | undefined,
    next: StoredWitnessState,
  ): Promise<void> {
    if (next.origin !== origin) {
      throw new AmanahError(
        'INTERNAL',
        `refusing to store state for ${JSON.stringify(next.origin)} under ${JSON.stringify(origin)}`,
      );
    }
    if (!Number.isSafeInteger(next.size) || next.size < 0 || next.rootHash.length !== HASH_SIZE) {
      throw new AmanahError('INTERNAL', `refusing to store an invalid witness state (size ${next.size})`);
    }
    // Belt and braces beside addCheckpoint's own rules: the witness's view of a log never shrinks
    // and never forks (tlog-witness "add-checkpoint", the rollback race).
    if (current !== undefined && next.size < current.size) {
      throw new AmanahError(
        'INTERNAL',
        `refusing to roll the witness state of ${JSON.stringify(origin)} back from size ${current.size} to ${next.size}`,
      );
    }
    if (current !== undefined && next.size === current.size && !bytesEqual(next.rootHash, current.rootHash)) {
      throw new AmanahError(
        'INTERNAL',
        `refusing to replace the root hash of ${JSON.stringify(origin)} at size ${current.size}`,
      );
    }
    const hash = originHash(origin);
    const body = `${JSON.stringify({
      kind: WITNESS_STATE_KIND,
      origin,
      size: next.size,
      rootHash: encodeBase64(next.rootHash),
      checkpoint: next.checkpoint,
    })}\n`;
    await this.writeAtomically(hash, body);
  }

  /** temp file + fsync + rename + directory fsync. */
  private async writeAtomically(name: string, body: string): Promise<void> {
    const target = join(this.directory, name);
    const temp = join(this.directory, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        await handle.writeFile(body, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      const dir = await open(this.directory, constants.O_RDONLY);
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new AmanahError('INTERNAL', `cannot write witness state file ${target}: ${(e as Error).message}`);
    }
  }

  /** Runs `task` after every task queued before it for `key` has settled. */
  private async serialise<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      // Drop the chain once it is idle so the map does not grow with every origin ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
