/**
 * Checkpoints (c2sp.org/tlog-checkpoint): the note text `<origin>\n<size>\n<base64 root hash>\n`
 * followed by optional extension lines, signed by the log as a signed note.
 */
import { decodeBase64, encodeBase64, parseDecimal } from './encoding.js';
import { HASH_SIZE } from './hash.js';
import { assertNoteText, verifyNote, type Note, type NoteVerifier, type VerifiedNote } from './note.js';
import { TranslogError } from './translog-error.js';
import { assertTreeSize } from './tree-math.js';

/** A checkpoint body: a log's tree head. */
export interface Checkpoint {
  /** tlog-checkpoint "Note text" 1: the log's unique identity. */
  readonly origin: string;
  /** tlog-checkpoint "Note text" 2: the number of leaves. */
  readonly size: number;
  /** tlog-checkpoint "Note text" 3: the RFC 6962 root hash at that size. */
  readonly rootHash: Uint8Array;
  /** tlog-checkpoint "Note text" 4: opaque extension lines (use NOT RECOMMENDED by the spec). */
  readonly extensions: readonly string[];
}

function malformed(why: string): TranslogError {
  return new TranslogError('CHECKPOINT_MALFORMED', `malformed checkpoint: ${why}`);
}

/**
 * Parses a checkpoint note text (tlog-checkpoint "Note text"). Throws `CHECKPOINT_MALFORMED` unless
 * it is at least three non-empty newline-terminated lines: a non-empty origin, a decimal size with
 * no leading zeroes (below 2^53), a base64 32-byte root hash, then non-empty extension lines.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('the text does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) {
    throw malformed(`expected at least 3 lines (origin, size, root hash), got ${lines.length}`);
  }
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') throw malformed('the origin line is empty');
  const size = parseDecimal(sizeLine);
  if (size === undefined) {
    throw malformed(
      `the size line must be a decimal with no leading zeroes, got ${JSON.stringify(sizeLine)}`,
    );
  }
  let rootHash: Uint8Array;
  try {
    rootHash = decodeBase64(rootLine, 'root hash');
  } catch {
    throw malformed(`the root hash is not base64: ${JSON.stringify(rootLine)}`);
  }
  if (rootHash.length !== HASH_SIZE) {
    throw malformed(`the root hash is ${rootHash.length} bytes, expected ${HASH_SIZE}`);
  }
  if (extensions.some((e) => e === '')) throw malformed('extension lines must be non-empty');
  return { origin, size, rootHash, extensions };
}

/** Formats a checkpoint note text, validating it the same way {@link parseCheckpoint} does. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions } = checkpoint;
  if (origin === '' || origin.includes('\n')) throw malformed('the origin must be one non-empty line');
  assertTreeSize(size, 'checkpoint size');
  if (rootHash.length !== HASH_SIZE) {
    throw malformed(`the root hash is ${rootHash.length} bytes, expected ${HASH_SIZE}`);
  }
  if (extensions.some((e) => e === '' || e.includes('\n'))) {
    throw malformed('extension lines must be non-empty single lines');
  }
  const text = [origin, String(size), encodeBase64(rootHash), ...extensions].join('\n') + '\n';
  try {
    assertNoteText(text);
  } catch (e) {
    throw malformed((e as Error).message);
  }
  return text;
}

/** A checkpoint whose note verified against the log's keys. */
export interface VerifiedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: VerifiedNote;
}

/**
 * Verifies a signed checkpoint against the log's verifiers (signed-note rules, see
 * {@link verifyNote}), then parses its text. When `origin` is given, the checkpoint must be for it.
 */
export function verifyCheckpoint(
  note: string | Uint8Array | Note,
  logVerifiers: readonly NoteVerifier[],
  origin?: string,
): VerifiedCheckpoint {
  const verified = verifyNote(note, logVerifiers);
  const checkpoint = parseCheckpoint(verified.text);
  if (origin !== undefined && checkpoint.origin !== origin) {
    throw malformed(`the origin is ${JSON.stringify(checkpoint.origin)}, expected ${JSON.stringify(origin)}`);
  }
  return { checkpoint, note: verified };
}
