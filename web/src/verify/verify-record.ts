/**
 * Checks, inside the page, that the records it shows are in the log: the latest checkpoint must carry
 * a valid signature of the log and a quorum of witness cosignatures, and each record's log entry must
 * be included in that checkpoint's tree. The checks run the server's own code (src/translog, with the
 * browser's crypto swapped in, and src/domain/canonical-json.ts); the server is asked for data only,
 * never for a verdict. Its `leafHash` and `rootHash` fields are ignored: the page recomputes them.
 *
 * Loaded with a dynamic import(), so the first visit does not pay for it (see load-verifier.ts).
 */
import { canonicalJson } from '../../../src/domain/canonical-json.js';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  concatBytes,
  decodeBase64,
  encodeHex,
  encodeUtf8,
  isTranslogError,
  leafHash,
  noteVerifier,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  sha256,
  verifyCheckpoint,
  verifyInclusion,
  verifyNote,
  type Checkpoint,
  type Note,
  type NoteVerifier,
} from '../../../src/translog/index.js';
// With its extension, because test/browser/verify-record.test.ts also compiles this file as NodeNext.
import { asArray, asInteger, asObject, asString, type JsonObject } from '../api/read-json.js';

/** Which step of the checkpoint's verification failed. */
export type CheckpointFailure =
  /** The verification code itself could not be downloaded (reported by load-verifier.ts). */
  | 'verifier-unavailable'
  /** `GET /api/v1/log` did not answer, or not with a log description. */
  | 'log-unavailable'
  /** The log's key or a witness key in the description cannot be read. */
  | 'keys-invalid'
  /** `GET /log/checkpoint` did not answer. */
  | 'checkpoint-unavailable'
  /** The answer is not a signed checkpoint (c2sp.org/signed-note, c2sp.org/tlog-checkpoint). */
  | 'checkpoint-malformed'
  /** The checkpoint carries no valid signature by the log's key. */
  | 'log-signature'
  /** The checkpoint is signed by the log's key but names another log. */
  | 'origin-mismatch'
  /** A cosignature from a listed witness's key does not verify: a forgery, not an absence. */
  | 'witness-signature'
  /** Fewer valid witness cosignatures than the quorum. */
  | 'witness-quorum';

/** A checkpoint that verified, as the page shows it. */
export interface VerifiedCheckpointSummary {
  readonly ok: true;
  readonly origin: string;
  /** Entries covered by the checkpoint. */
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The log's verifier key as the server published it (c2sp.org/signed-note "Verifier keys"). */
  readonly logKey: string;
  /** SHA-256 of the key's type byte and public key, lowercase hex: what a reader compares. */
  readonly logKeyFingerprint: string;
  /** Distinct witnesses the log lists. */
  readonly witnesses: number;
  /** Names of the listed witnesses whose cosignature verified. */
  readonly cosignedBy: readonly string[];
  readonly quorum: number;
}

export interface CheckpointVerificationFailure {
  readonly ok: false;
  readonly failure: CheckpointFailure;
  /** What exactly was wrong, in English, for the technical detail. */
  readonly detail: string;
  /** Known once the keys were read. */
  readonly logKey?: string;
  readonly logKeyFingerprint?: string;
  /** Known for `witness-quorum`. */
  readonly cosigned?: number;
  readonly quorum?: number;
}

export type CheckpointVerification = VerifiedCheckpointSummary | CheckpointVerificationFailure;

/** Which step of a record's verification failed. */
export type RecordFailure =
  /** The checkpoint itself did not verify, so nothing can be verified against it. */
  | 'checkpoint'
  /** `GET /api/v1/events/<index>` did not answer, or not with that entry. */
  | 'entry-unavailable'
  /** `GET /api/v1/log/proof/inclusion` did not answer, or not with a proof. */
  | 'proof-unavailable'
  /** The entry, hashed here, is not in the checkpoint's tree at that index (RFC 9162 §2.1.3.2). */
  | 'inclusion'
  /** The entry is in the log but records something other than what the page shows. */
  | 'record-mismatch';

export type RecordVerification =
  | { readonly status: 'verified'; readonly index: number; readonly checkpointSize: number }
  /** Appended after the latest checkpoint: not yet covered by a signed tree head, so not checkable. */
  | { readonly status: 'pending'; readonly index: number; readonly checkpointSize: number }
  | {
      readonly status: 'failed';
      readonly index: number;
      readonly failure: RecordFailure;
      readonly detail: string;
    };

/** What the page claims a log entry records: its event type and some of its payload's fields. */
export interface ExpectedRecord {
  readonly type: string;
  /** Fields the payload must hold (an object member may hold more than is given here). */
  readonly payload: JsonObject;
}

export interface VerifierOptions {
  /** Prefix of every URL; empty in the page (same origin), `http://host:port` elsewhere. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Records verified at the same time (each costs two requests). */
  readonly concurrency?: number;
  /** Per request. */
  readonly timeoutMs?: number;
}

export interface RecordVerifier {
  /** The verdict on the latest checkpoint; computed once, then the same promise. */
  verifyLatestCheckpoint(): Promise<CheckpointVerification>;
  /** Whether the log entry `logIndex` is in the verified checkpoint (and records `expected`). */
  verifyRecordInclusion(logIndex: number, expected?: ExpectedRecord): Promise<RecordVerification>;
}

/** Thrown inside a step, turned into a failure result at the step's end; never escapes. */
class StepError extends Error {
  constructor(
    readonly failure: CheckpointFailure | RecordFailure,
    message: string,
  ) {
    super(message);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs at most `limit` tasks at a time, in the order they were asked for. */
function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * Whether the JSON value `actual` holds `expected`: equal primitives and arrays, and for objects,
 * every member of `expected` held by the same member of `actual` (which may have more).
 */
function holdsJson(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return actual === expected;
  if (typeof actual !== 'object' || actual === null) return false;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => holdsJson(actual[i], item))
    );
  }
  if (Array.isArray(actual)) return false;
  const members = actual as JsonObject;
  return Object.entries(expected).every(
    ([name, value]) => Object.hasOwn(members, name) && holdsJson(members[name], value),
  );
}

/** Whether a signed event records what the page shows: its type, and the given payload fields. */
export function describesRecord(event: JsonObject, expected: ExpectedRecord): boolean {
  return event.type === expected.type && holdsJson(event.payload, expected.payload);
}

interface LogDescription {
  readonly origin: string;
  readonly logKey: string;
  readonly witnesses: readonly { readonly name: string; readonly key: string }[];
  readonly quorum: number;
}

function parseLogDescription(json: unknown): LogDescription {
  const log = asObject(json, 'log');
  return {
    origin: asString(log.origin, 'origin'),
    logKey: asString(log.logKey, 'logKey'),
    witnesses: asArray(log.witnesses, 'witnesses').map((raw, i) => {
      const witness = asObject(raw, `witnesses[${i}]`);
      return {
        name: asString(witness.name, `witnesses[${i}].name`),
        key: asString(witness.key, `witnesses[${i}].key`),
      };
    }),
    quorum: asInteger(log.quorum, 'quorum'),
  };
}

/** The keys of a log description, checked: the log signs Ed25519 notes, witnesses cosign. */
function readKeys(description: LogDescription): {
  log: NoteVerifier;
  fingerprint: string;
  witnesses: NoteVerifier[];
} {
  try {
    const logKey = parseVerifierKey(description.logKey);
    if (logKey.type !== SIGNATURE_TYPE_ED25519) {
      throw new Error(`the log key ${description.logKey} is not an Ed25519 note key (type 0x01)`);
    }
    const witnesses: NoteVerifier[] = [];
    for (const witness of description.witnesses) {
      const key = parseVerifierKey(witness.key);
      if (key.type !== SIGNATURE_TYPE_COSIGNATURE_V1) {
        throw new Error(`the key of witness ${witness.name} is not a cosignature/v1 key (type 0x04)`);
      }
      // A witness listed twice still counts once towards the quorum.
      if (!witnesses.some((w) => w.name === key.name && w.keyId === key.keyId)) {
        witnesses.push(noteVerifier(key));
      }
    }
    if (description.quorum < 0) throw new Error(`the quorum ${description.quorum} is negative`);
    return {
      log: noteVerifier(logKey),
      fingerprint: encodeHex(sha256(concatBytes(Uint8Array.of(logKey.type), logKey.publicKey))),
      witnesses,
    };
  } catch (error) {
    throw new StepError('keys-invalid', messageOf(error));
  }
}

/**
 * The cosignatures of `note` that verify, by witness; throws `witness-signature` if a signature line
 * carries a listed witness's name and key ID but does not verify (signed-note "Signatures": a known
 * key's bad signature rejects the note, it is not skipped).
 */
function countCosignatures(note: Note, witnesses: readonly NoteVerifier[]): string[] {
  const cosignedBy: string[] = [];
  for (const witness of witnesses) {
    const signed = note.signatures.some((s) => s.name === witness.name && s.keyId === witness.keyId);
    if (!signed) continue;
    try {
      verifyNote(note, [witness]);
    } catch (error) {
      throw new StepError('witness-signature', messageOf(error));
    }
    cosignedBy.push(witness.name);
  }
  return cosignedBy;
}

/** Creates a verifier that reads the log from `baseUrl`. The page uses one per visit (below). */
export function createRecordVerifier(options: VerifierOptions = {}): RecordVerifier {
  const baseUrl = options.baseUrl ?? '';
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const limit = concurrencyLimit(options.concurrency ?? 4);
  let latest: Promise<CheckpointVerification> | undefined;
  const inclusions = new Map<number, Promise<{ result: RecordVerification; event?: JsonObject }>>();

  async function get(
    path: string,
    accept: string,
    failure: CheckpointFailure | RecordFailure,
  ): Promise<Response> {
    let response: Response;
    try {
      response = await fetchFn(`${baseUrl}${path}`, {
        headers: { accept },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new StepError(failure, `GET ${path}: ${messageOf(error)}`);
    }
    if (!response.ok) throw new StepError(failure, `GET ${path} answered ${response.status}`);
    return response;
  }

  async function getJson<T>(
    path: string,
    failure: CheckpointFailure | RecordFailure,
    parse: (json: unknown) => T,
  ): Promise<T> {
    const response = await get(path, 'application/json', failure);
    try {
      return parse(await response.json());
    } catch (error) {
      throw new StepError(failure, `GET ${path}: ${messageOf(error)}`);
    }
  }

  async function checkLatestCheckpoint(): Promise<CheckpointVerification> {
    let known: Pick<CheckpointVerificationFailure, 'logKey' | 'logKeyFingerprint'> = {};
    try {
      const description = await getJson('/api/v1/log', 'log-unavailable', parseLogDescription);
      const keys = readKeys(description);
      known = { logKey: description.logKey, logKeyFingerprint: keys.fingerprint };

      const response = await get('/log/checkpoint', 'text/plain', 'checkpoint-unavailable');
      let note: Note;
      try {
        // Bytes, not response.text(): parseNote insists on strict UTF-8 where text() would patch it.
        note = parseNote(new Uint8Array(await response.arrayBuffer()));
      } catch (error) {
        throw new StepError('checkpoint-malformed', messageOf(error));
      }

      const checkpoint = verifyLogSignature(note, keys.log, description.origin);
      const cosignedBy = countCosignatures(note, keys.witnesses);
      if (cosignedBy.length < description.quorum) {
        return {
          ok: false,
          failure: 'witness-quorum',
          detail: `${cosignedBy.length} valid witness cosignature(s), ${description.quorum} required`,
          ...known,
          cosigned: cosignedBy.length,
          quorum: description.quorum,
        };
      }
      return {
        ok: true,
        origin: checkpoint.origin,
        size: checkpoint.size,
        rootHash: checkpoint.rootHash,
        logKey: description.logKey,
        logKeyFingerprint: keys.fingerprint,
        witnesses: keys.witnesses.length,
        cosignedBy,
        quorum: description.quorum,
      };
    } catch (error) {
      if (error instanceof StepError) {
        return { ok: false, failure: error.failure as CheckpointFailure, detail: error.message, ...known };
      }
      return { ok: false, failure: 'checkpoint-malformed', detail: messageOf(error), ...known };
    }
  }

  function verifyLatestCheckpoint(): Promise<CheckpointVerification> {
    latest ??= checkLatestCheckpoint();
    return latest;
  }

  async function checkInclusion(
    index: number,
    checkpoint: VerifiedCheckpointSummary,
  ): Promise<{ result: RecordVerification; event?: JsonObject }> {
    try {
      const event = await getJson(`/api/v1/events/${index}`, 'entry-unavailable', (json) => {
        const entry = asObject(json, 'entry');
        if (asInteger(entry.index, 'index') !== index) {
          throw new TypeError(`asked for entry ${index}, got entry ${String(entry.index)}`);
        }
        return asObject(entry.event, 'event');
      });
      // RFC 9162 §2.1.1 / RFC 6962 §2.1: the leaf is the canonical JSON of the signed event.
      const leaf = leafHash(encodeUtf8(canonicalJson(event)));
      const size = checkpoint.size;
      const proof = await getJson(
        `/api/v1/log/proof/inclusion?index=${index}&size=${size}`,
        'proof-unavailable',
        (json) =>
          asArray(asObject(json, 'proof').proof, 'proof').map((hash, i) =>
            decodeBase64(asString(hash, `proof[${i}]`), `proof[${i}]`),
          ),
      );
      try {
        verifyInclusion(leaf, index, size, proof, checkpoint.rootHash);
      } catch (error) {
        throw new StepError('inclusion', messageOf(error));
      }
      return { result: { status: 'verified', index, checkpointSize: size }, event };
    } catch (error) {
      const failure = error instanceof StepError ? (error.failure as RecordFailure) : 'inclusion';
      return { result: { status: 'failed', index, failure, detail: messageOf(error) } };
    }
  }

  async function verifyRecordInclusion(
    logIndex: number,
    expected?: ExpectedRecord,
  ): Promise<RecordVerification> {
    const checkpoint = await verifyLatestCheckpoint();
    if (!checkpoint.ok) {
      return {
        status: 'failed',
        index: logIndex,
        failure: 'checkpoint',
        detail: `the checkpoint did not verify (${checkpoint.failure}): ${checkpoint.detail}`,
      };
    }
    if (logIndex >= checkpoint.size) {
      return { status: 'pending', index: logIndex, checkpointSize: checkpoint.size };
    }
    let inclusion = inclusions.get(logIndex);
    if (inclusion === undefined) {
      inclusion = limit(() => checkInclusion(logIndex, checkpoint));
      inclusions.set(logIndex, inclusion);
    }
    const { result, event } = await inclusion;
    if (result.status === 'verified' && expected !== undefined && event !== undefined) {
      if (!describesRecord(event, expected)) {
        return {
          status: 'failed',
          index: logIndex,
          failure: 'record-mismatch',
          detail: `log entry ${logIndex} records ${String(event.type)}, not this ${expected.type} record`,
        };
      }
    }
    return result;
  }

  return { verifyLatestCheckpoint, verifyRecordInclusion };
}

/** The checkpoint, once the log's signature on it verified (c2sp.org/tlog-checkpoint). */
function verifyLogSignature(note: Note, log: NoteVerifier, origin: string): Checkpoint {
  try {
    return verifyCheckpoint(note, [log], origin).checkpoint;
  } catch (error) {
    if (!isTranslogError(error, 'CHECKPOINT_MALFORMED')) {
      // SIGNATURE_INVALID (the log's key, a bad signature) or NOTE_UNVERIFIED (no signature by it).
      throw new StepError('log-signature', messageOf(error));
    }
    let named: string | undefined;
    try {
      named = parseCheckpoint(note.text).origin;
    } catch {
      named = undefined;
    }
    throw new StepError(
      named !== undefined && named !== origin ? 'origin-mismatch' : 'checkpoint-malformed',
      messageOf(error),
    );
  }
}

// The page's verifier: one per visit, shared by every component, so the checkpoint is fetched and
// verified once and each record at most once.
const pageVerifier = createRecordVerifier();

/**
 * Fetches `/api/v1/log` and `/log/checkpoint`, verifies the log's signature on the checkpoint and
 * counts the witness cosignatures that verify, requiring the quorum. Cached for the page.
 */
export function verifyLatestCheckpoint(): Promise<CheckpointVerification> {
  return pageVerifier.verifyLatestCheckpoint();
}

/**
 * Verifies that log entry `logIndex` is in the latest verified checkpoint, hashing the entry's event
 * here and checking its inclusion proof against the checkpoint's root; with `expected`, also that the
 * entry records what the page shows. An entry appended after the checkpoint is `pending`.
 */
export function verifyRecordInclusion(
  logIndex: number,
  expected?: ExpectedRecord,
): Promise<RecordVerification> {
  return pageVerifier.verifyRecordInclusion(logIndex, expected);
}
