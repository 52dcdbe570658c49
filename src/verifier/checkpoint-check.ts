/**
 * Which keys to trust, and the checkpoint checked against them: the log's signature
 * (c2sp.org/signed-note, c2sp.org/tlog-checkpoint) and a quorum of witness cosignatures
 * (c2sp.org/tlog-cosignature).
 */
import { AmanahError } from '../domain/errors.js';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  decodeUtf8,
  encodeUtf8,
  formatKeyId,
  formatNote,
  isTranslogError,
  noteVerifier,
  parseCosignature,
  parseNote,
  parseVerifierKey,
  verifyCheckpoint,
  type Checkpoint,
  type Note,
  type VerifierKey,
} from '../translog/index.js';
import type { PublishedLog } from './mirror-documents.js';
import type { VerifierState } from './verifier-state.js';
import { logFailure } from './verify-failure.js';

/** Where a trusted key or number came from. `published` means trusted on first use. */
export type TrustSource = 'option' | 'state' | 'published';

/** The keys and quorum a verification trusts. */
export interface Trust {
  readonly logKey: string;
  readonly logKeyFrom: TrustSource;
  readonly witnesses: readonly string[];
  readonly witnessesFrom: TrustSource;
  readonly quorum: number;
  readonly quorumFrom: TrustSource;
}

/** What the caller passes: explicit keys win over the state, the state over what the mirror publishes. */
export interface TrustOptions {
  readonly logKey?: string | undefined;
  readonly witnesses?: readonly string[] | undefined;
  readonly quorum?: number | undefined;
}

function parseKey(vkey: string, type: number, what: string): VerifierKey {
  let key: VerifierKey;
  try {
    key = parseVerifierKey(vkey);
  } catch (e) {
    throw new AmanahError('CONFIG_INVALID', `${what} ${JSON.stringify(vkey)}: ${(e as Error).message}`);
  }
  if (key.type !== type) {
    const expected =
      type === SIGNATURE_TYPE_ED25519
        ? 'an Ed25519 note key (type 0x01)'
        : 'a cosignature/v1 key (type 0x04)';
    throw new AmanahError('CONFIG_INVALID', `${what} ${key.name} is not ${expected}`);
  }
  return key;
}

/**
 * Decides which keys to trust. Throws `CONFIG_INVALID` when there is no log key at all, a key is
 * malformed, the quorum cannot be met, or an explicit key contradicts the state; throws a failure
 * when the mirror now publishes a log key other than the one the state pinned.
 */
export function resolveTrust(
  options: TrustOptions,
  state: VerifierState | undefined,
  published: PublishedLog | undefined,
): Trust {
  if (options.logKey !== undefined && state !== undefined && options.logKey !== state.logKey) {
    throw new AmanahError(
      'CONFIG_INVALID',
      `the state pins the log key ${state.logKey}, but ${options.logKey} was given; use another state file for another key`,
    );
  }
  if (
    options.logKey === undefined &&
    state !== undefined &&
    published?.logKey !== undefined &&
    published.logKey !== state.logKey
  ) {
    throw logFailure(
      'SIGNATURE_INVALID',
      { kind: 'document', path: 'api/v1/log' },
      `api/v1/log: the mirror now publishes the log key ${published.logKey}, but the state pins ${state.logKey}`,
    );
  }
  const [logKey, logKeyFrom]: [string | undefined, TrustSource] =
    options.logKey !== undefined
      ? [options.logKey, 'option']
      : state !== undefined
        ? [state.logKey, 'state']
        : [published?.logKey, 'published'];
  if (logKey === undefined) {
    throw new AmanahError(
      'CONFIG_INVALID',
      'no log key to check the checkpoint with: the mirror publishes none at api/v1/log; pass it explicitly',
    );
  }
  parseKey(logKey, SIGNATURE_TYPE_ED25519, 'the log key');

  const [witnesses, witnessesFrom]: [readonly string[], TrustSource] =
    options.witnesses !== undefined && options.witnesses.length > 0
      ? [options.witnesses, 'option']
      : state !== undefined
        ? [state.witnesses, 'state']
        : [(published?.witnesses ?? []).map((w) => w.key), 'published'];
  for (const w of witnesses) parseKey(w, SIGNATURE_TYPE_COSIGNATURE_V1, 'the witness key');

  const [quorum, quorumFrom]: [number | undefined, TrustSource] =
    options.quorum !== undefined
      ? [options.quorum, 'option']
      : state !== undefined
        ? [state.quorum, 'state']
        : [published?.quorum ?? (witnesses.length === 0 ? 0 : undefined), 'published'];
  if (quorum === undefined) {
    throw new AmanahError('CONFIG_INVALID', 'the mirror publishes no witness quorum; pass it explicitly');
  }
  if (!Number.isInteger(quorum) || quorum < 0 || quorum > witnesses.length) {
    throw new AmanahError(
      'CONFIG_INVALID',
      `a quorum of ${quorum} cosignatures cannot be met by ${witnesses.length} trusted witness${witnesses.length === 1 ? '' : 'es'}`,
    );
  }
  return { logKey, logKeyFrom, witnesses, witnessesFrom, quorum, quorumFrom };
}

/** A checkpoint whose log signature and cosignature quorum verified. */
export interface CheckedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The valid cosignatures, one per trusted witness, with their timestamps (POSIX seconds). */
  readonly cosignatures: ReadonlyArray<{ readonly name: string; readonly timestamp: number }>;
}

/**
 * Checks the signed checkpoint: well formed, in canonical signed-note encoding (re-encoding it gives
 * the same bytes, so no byte of it can change unnoticed), signed by the log key, for `origin` when
 * given, and cosigned by at least `quorum` trusted witnesses, each of whose cosignatures verifies.
 */
export function checkCheckpoint(
  bytes: Uint8Array,
  trust: Trust,
  origin: string | undefined,
): CheckedCheckpoint {
  const subject = { kind: 'checkpoint' } as const;
  const malformed = (why: string) => logFailure('VALIDATION_FAILED', subject, `checkpoint: ${why}`);
  const text = decodeUtf8(bytes);
  if (text === undefined) throw malformed('not valid UTF-8');
  let note: Note;
  try {
    note = parseNote(text);
  } catch (e) {
    throw malformed((e as Error).message);
  }
  if (formatNote(note) !== text) {
    throw malformed('not in canonical signed-note form (a signature line is not re-encoded byte for byte)');
  }
  const logKey = parseVerifierKey(trust.logKey);
  let checkpoint: Checkpoint;
  try {
    checkpoint = verifyCheckpoint(note, [noteVerifier(logKey)]).checkpoint;
  } catch (e) {
    if (!isTranslogError(e)) throw e;
    const who = `${logKey.name}+${formatKeyId(logKey.keyId)}`;
    if (e.code === 'SIGNATURE_INVALID') {
      throw logFailure(
        'SIGNATURE_INVALID',
        subject,
        `checkpoint: the log's signature (${who}) does not verify`,
      );
    }
    if (e.code === 'NOTE_UNVERIFIED') {
      throw logFailure(
        'SIGNATURE_INVALID',
        subject,
        `checkpoint: not signed by the log key ${who} (${e.message})`,
      );
    }
    throw malformed(e.message);
  }
  if (origin !== undefined && checkpoint.origin !== origin) {
    throw malformed(`it is for origin "${checkpoint.origin}", but this log is "${origin}"`);
  }

  const textBytes = encodeUtf8(note.text);
  const witnesses = trust.witnesses.map((w) => noteVerifier(w));
  const cosigned = new Map<string, number>();
  for (const sig of note.signatures) {
    const w = witnesses.find((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (w === undefined) continue; // not a trusted witness: ignored (signed-note "Signatures")
    if (!w.verify(textBytes, sig.signature)) {
      throw logFailure(
        'SIGNATURE_INVALID',
        subject,
        `checkpoint: the cosignature of witness ${w.name}+${formatKeyId(w.keyId)} does not verify`,
      );
    }
    cosigned.set(`${w.name}+${formatKeyId(w.keyId)}`, parseCosignature(sig.signature).timestamp);
  }
  if (cosigned.size < trust.quorum) {
    throw logFailure(
      'SIGNATURE_INVALID',
      subject,
      `checkpoint: cosigned by ${cosigned.size} of the ${witnesses.length} trusted witnesses, but the quorum is ${trust.quorum}`,
    );
  }
  return {
    checkpoint,
    cosignatures: [...cosigned].map(([name, timestamp]) => ({ name, timestamp })),
  };
}
