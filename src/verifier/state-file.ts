import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AmanahError } from '../domain/errors.js';
import { formatVerifierState, parseVerifierState, type VerifierState } from './verifier-state.js';

/** The state in `path`, or `undefined` when the file does not exist yet (the first run). */
export function readStateFile(path: string): VerifierState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AmanahError('CONFIG_INVALID', `cannot read the state file ${path}: ${(e as Error).message}`);
  }
  return parseVerifierState(text, `the state file ${path}`);
}

/**
 * Replaces the state file atomically: the new state is written and flushed to a temporary file in
 * the same directory, then renamed over the old one, so a crash leaves the old state or the new one,
 * never a mix.
 */
export function writeStateFile(path: string, state: VerifierState): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      writeSync(fd, formatVerifierState(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new AmanahError('CONFIG_INVALID', `cannot write the state file ${path}: ${(e as Error).message}`);
  }
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir); // make the rename itself durable
    } finally {
      closeSync(dir);
    }
  } catch {
    // some platforms cannot open or sync a directory; the rename is still atomic
  }
}
