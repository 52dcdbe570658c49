/**
 * The one error type of `translog/`. It carries a code from a closed union so that the services layer
 * can map it to its own errors without parsing messages; the message says what was wrong and what
 * would have been accepted.
 */
export type TranslogErrorCode =
  // Merkle tree and proofs (RFC 9162 §2.1)
  | 'HASH_LENGTH_INVALID'
  | 'TREE_SIZE_INVALID'
  | 'INDEX_OUT_OF_RANGE'
  | 'PROOF_LENGTH_INVALID'
  | 'PROOF_NOT_NEEDED'
  | 'ROOT_MISMATCH'
  // tiles and entry bundles (c2sp.org/tlog-tiles)
  | 'TILE_PATH_INVALID'
  | 'TILE_MISSING'
  | 'ENTRY_TOO_LARGE'
  | 'ENTRY_BUNDLE_MALFORMED'
  // signed notes, keys, checkpoints, cosignatures
  | 'ENCODING_INVALID'
  | 'NOTE_MALFORMED'
  | 'NOTE_UNVERIFIED'
  | 'SIGNATURE_INVALID'
  | 'KEY_MALFORMED'
  | 'KEY_UNSUPPORTED'
  | 'CHECKPOINT_MALFORMED'
  | 'COSIGNATURE_MALFORMED'
  // tlog-witness
  | 'WITNESS_REQUEST_MALFORMED'
  | 'WITNESS_STATE_MISMATCH';

/** An error raised by `translog/`, with a stable {@link TranslogErrorCode}. */
export class TranslogError extends Error {
  override readonly name = 'TranslogError';
  constructor(
    readonly code: TranslogErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Type guard that also narrows to a given code when one is passed. */
export function isTranslogError(e: unknown, code?: TranslogErrorCode): e is TranslogError {
  return e instanceof TranslogError && (code === undefined || e.code === code);
}
