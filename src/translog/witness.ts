/**
 * The pure decision of a c2sp.org/tlog-witness `add-checkpoint` call: parse the request body, check
 * it against the witness's configuration and its last cosigned state for the log, and answer with
 * the status, body and new state the spec prescribes. HTTP and persistence are the caller's: it
 * must store `newState` atomically with the check against the state it passed in (tlog-witness
 * "add-checkpoint", the rollback race).
 */
import { parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { verifyConsistency } from './consistency-proof.js';
import type { CosignatureSigner } from './cosignature.js';
import {
  bytesEqual,
  decodeBase64,
  decodeUtf8,
  encodeBase64,
  hasLoneSurrogate,
  parseDecimal,
} from './encoding.js';
import { HASH_SIZE, emptyRoot } from './hash.js';
import {
  formatNote,
  formatSignatureLine,
  parseNote,
  verifyNote,
  type Note,
  type NoteVerifier,
} from './note.js';
import { TranslogError, isTranslogError } from './translog-error.js';

/** tlog-witness "add-checkpoint": the client MUST NOT send more than 63 consistency proof lines. */
export const MAX_CONSISTENCY_PROOF_LINES = 63;

/** tlog-witness "add-checkpoint": the content type of a 409 response. */
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

/** Content type of every other response (signature lines, or a sentence saying what was wrong). */
export const WITNESS_TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

const OLD_SIZE_PREFIX = 'old ';

/** What a witness remembers per log: the latest checkpoint it cosigned. */
export interface WitnessState {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
}

/** A parsed add-checkpoint request body. The checkpoint's signatures are not yet verified. */
export interface AddCheckpointRequest {
  /** The size of the previous checkpoint the client believes the witness holds. */
  readonly oldSize: number;
  /** Consistency proof from `oldSize` to the checkpoint size. */
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note. */
  readonly note: Note;
  /** The checkpoint body of `note` (unverified until {@link addCheckpoint} checks the signatures). */
  readonly checkpoint: Checkpoint;
}

/** The witness's configuration for one call. */
export interface WitnessConfig {
  /** Known logs: origin → the log's verifiers (tlog-witness: "the public key(s) it trusts for the checkpoint origin"). */
  readonly logs: ReadonlyMap<string, readonly NoteVerifier[]>;
  /** The witness's own cosignature/v1 key. */
  readonly witnessKey: CosignatureSigner;
  /** The time of the cosignature; must be after the epoch (the timestamp MUST NOT be zero). */
  readonly now: Date;
}

/** Why a request was refused, one code per rule of tlog-witness "add-checkpoint". */
export type AddCheckpointRefusal =
  | 'REQUEST_MALFORMED'
  | 'UNKNOWN_ORIGIN'
  | 'SIGNATURE_INVALID'
  | 'OLD_SIZE_TOO_LARGE'
  | 'OLD_SIZE_MISMATCH'
  | 'EMPTY_TREE_ROOT_INVALID'
  | 'PROOF_NOT_EMPTY'
  | 'ROOT_MISMATCH'
  | 'PROOF_INVALID';

/** The response to an add-checkpoint call, ready for the HTTP layer. */
export interface AddCheckpointResponse {
  readonly status: 200 | 400 | 403 | 404 | 409 | 422;
  readonly contentType: string;
  /** 200: the witness's cosignature line(s); 409: the stored size and a newline; else a sentence. */
  readonly body: string;
  /** Present on refusal: which rule refused the request. */
  readonly refusal?: AddCheckpointRefusal;
  /** Present on 200: the state to persist (atomically, see the module comment). */
  readonly newState?: WitnessState;
  /**
   * Present on 200: the checkpoint with the log signatures the witness verified and its own
   * cosignature, as the monitoring endpoint `GET <origin hash>/checkpoint` serves it.
   */
  readonly cosignedCheckpoint?: string;
}

function malformedRequest(why: string): TranslogError {
  return new TranslogError('WITNESS_REQUEST_MALFORMED', `malformed add-checkpoint request: ${why}`);
}

/**
 * Parses an add-checkpoint request body (tlog-witness "add-checkpoint"): `old <size>`, up to 63
 * base64 proof hashes, an empty line, then a signed checkpoint, every line newline-terminated.
 * Throws `WITNESS_REQUEST_MALFORMED` naming what is wrong (including a malformed note or checkpoint).
 */
export function parseAddCheckpointRequest(body: string | Uint8Array): AddCheckpointRequest {
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  if (text === undefined || hasLoneSurrogate(text)) throw malformedRequest('the body is not valid UTF-8');
  const firstEnd = text.indexOf('\n');
  if (firstEnd < 0) throw malformedRequest('the body has no complete old size line');
  const oldLine = text.slice(0, firstEnd);
  const oldSize = oldLine.startsWith(OLD_SIZE_PREFIX)
    ? parseDecimal(oldLine.slice(OLD_SIZE_PREFIX.length))
    : undefined;
  if (oldSize === undefined) {
    throw malformedRequest(
      `the first line must be "old <size>" with no leading zeroes, got ${JSON.stringify(oldLine)}`,
    );
  }
  const proof: Uint8Array[] = [];
  let offset = firstEnd + 1;
  for (;;) {
    const end = text.indexOf('\n', offset);
    if (end < 0) throw malformedRequest('the empty line before the checkpoint is missing');
    const line = text.slice(offset, end);
    offset = end + 1;
    if (line === '') break;
    if (proof.length === MAX_CONSISTENCY_PROOF_LINES) {
      throw malformedRequest(`more than ${MAX_CONSISTENCY_PROOF_LINES} consistency proof lines`);
    }
    let hash: Uint8Array;
    try {
      hash = decodeBase64(line, 'proof hash');
    } catch {
      throw malformedRequest(`consistency proof line ${proof.length + 1} is not base64`);
    }
    if (hash.length !== HASH_SIZE) {
      throw malformedRequest(
        `consistency proof line ${proof.length + 1} is ${hash.length} bytes, not ${HASH_SIZE}`,
      );
    }
    proof.push(hash);
  }
  try {
    const note = parseNote(text.slice(offset));
    return { oldSize, proof, note, checkpoint: parseCheckpoint(note.text) };
  } catch (e) {
    if (isTranslogError(e)) throw malformedRequest(e.message);
    throw e;
  }
}

/** Formats an add-checkpoint request body, as a log sends it to a witness. */
export function formatAddCheckpointRequest(
  oldSize: number,
  proof: readonly Uint8Array[],
  checkpointNote: string,
): string {
  if (parseDecimal(String(oldSize)) === undefined) {
    throw malformedRequest(`old size ${oldSize} is not a tree size`);
  }
  if (proof.length > MAX_CONSISTENCY_PROOF_LINES) {
    throw malformedRequest(`more than ${MAX_CONSISTENCY_PROOF_LINES} consistency proof lines`);
  }
  return `${OLD_SIZE_PREFIX}${oldSize}\n${proof.map((h) => `${encodeBase64(h)}\n`).join('')}\n${checkpointNote}`;
}

function refuse(
  status: 400 | 403 | 404 | 422,
  refusal: AddCheckpointRefusal,
  message: string,
): AddCheckpointResponse {
  return { status, contentType: WITNESS_TEXT_CONTENT_TYPE, body: `${message}\n`, refusal };
}

/**
 * Decides an add-checkpoint call (tlog-witness "add-checkpoint"), in the spec's order:
 *
 * - 400 if the body is malformed, or the old size is larger than the checkpoint size;
 * - 404 if the checkpoint's origin is not a configured log;
 * - 403 if no signature from the log's keys verifies, or one from a log key fails to verify;
 * - 409 (body: the stored size and a newline, `text/x.tlog.size`) if the old size is not the size
 *   of the latest checkpoint cosigned for this origin (0 if none);
 * - 422 if a size-0 checkpoint's root is not SHA-256(""), if the old size is 0 and the proof is not
 *   empty, if the old size equals the checkpoint size but the roots differ (current C2SP main; v1.0.0
 *   said 409), or if the consistency proof from the stored root does not verify;
 * - 200 otherwise, with the witness's cosignature/v1 line and the new state to persist.
 *
 * `state` is the stored state for the request's origin (parse the body first to learn it), or
 * `undefined` if the witness never cosigned for that log. `request` may be the raw body; a body that
 * does not parse yields 400. Throws `WITNESS_STATE_MISMATCH` if `state` is for another origin.
 */
export function addCheckpoint(
  state: WitnessState | undefined,
  request: AddCheckpointRequest | string | Uint8Array,
  config: WitnessConfig,
): AddCheckpointResponse {
  let req: AddCheckpointRequest;
  try {
    req =
      typeof request === 'string' || request instanceof Uint8Array
        ? parseAddCheckpointRequest(request)
        : request;
  } catch (e) {
    if (isTranslogError(e)) return refuse(400, 'REQUEST_MALFORMED', e.message);
    throw e;
  }
  const { checkpoint, oldSize, proof } = req;
  if (state !== undefined && state.origin !== checkpoint.origin) {
    throw new TranslogError(
      'WITNESS_STATE_MISMATCH',
      `the state passed is for ${JSON.stringify(state.origin)}, the checkpoint for ${JSON.stringify(checkpoint.origin)}`,
    );
  }

  const verifiers = config.logs.get(checkpoint.origin);
  if (verifiers === undefined) {
    return refuse(404, 'UNKNOWN_ORIGIN', `unknown log origin ${JSON.stringify(checkpoint.origin)}`);
  }
  let logSignatures;
  try {
    logSignatures = verifyNote(req.note, verifiers).verified;
  } catch (e) {
    if (isTranslogError(e)) return refuse(403, 'SIGNATURE_INVALID', e.message);
    throw e;
  }

  if (oldSize > checkpoint.size) {
    return refuse(
      400,
      'OLD_SIZE_TOO_LARGE',
      `old size ${oldSize} is larger than the checkpoint size ${checkpoint.size}`,
    );
  }
  const storedSize = state?.size ?? 0;
  if (oldSize !== storedSize) {
    return {
      status: 409,
      contentType: TLOG_SIZE_CONTENT_TYPE,
      body: `${storedSize}\n`,
      refusal: 'OLD_SIZE_MISMATCH',
    };
  }
  if (checkpoint.size === 0 && !bytesEqual(checkpoint.rootHash, emptyRoot())) {
    return refuse(
      422,
      'EMPTY_TREE_ROOT_INVALID',
      'a checkpoint of size 0 must have the empty tree root SHA-256("")',
    );
  }
  if (oldSize === 0) {
    if (proof.length !== 0) {
      return refuse(422, 'PROOF_NOT_EMPTY', 'the consistency proof from old size 0 must be empty');
    }
  } else if (oldSize === checkpoint.size) {
    if (!bytesEqual(state!.rootHash, checkpoint.rootHash) || proof.length !== 0) {
      return refuse(
        422,
        'ROOT_MISMATCH',
        `the checkpoint has size ${oldSize} like the cosigned one but a different root hash, or a non-empty proof`,
      );
    }
  } else {
    try {
      verifyConsistency(oldSize, checkpoint.size, proof, state!.rootHash, checkpoint.rootHash);
    } catch (e) {
      if (isTranslogError(e)) {
        return refuse(422, 'PROOF_INVALID', `the consistency proof does not verify: ${e.message}`);
      }
      throw e;
    }
  }

  const timestamp = Math.floor(config.now.getTime() / 1000);
  if (!(timestamp > 0)) {
    throw new TranslogError('COSIGNATURE_MALFORMED', 'the witness clock is at or before the epoch');
  }
  const cosignature = config.witnessKey.sign(req.note.text, timestamp);
  return {
    status: 200,
    contentType: WITNESS_TEXT_CONTENT_TYPE,
    body: formatSignatureLine(cosignature),
    newState: {
      origin: checkpoint.origin,
      size: checkpoint.size,
      rootHash: new Uint8Array(checkpoint.rootHash),
    },
    cosignedCheckpoint: formatNote({ text: req.note.text, signatures: [...logSignatures, cosignature] }),
  };
}
