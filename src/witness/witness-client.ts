/**
 * The log's side of c2sp.org/tlog-witness: ask every configured witness, in parallel, to cosign a
 * new checkpoint, and keep the cosignatures that verify.
 *
 * Per witness the coordinator remembers the size it last acknowledged (in memory; 0 at start) and
 * sends the consistency proof from there. A witness that has moved on without us knowing (a restart
 * of the log, a response lost to a timeout) answers 409 with its size; the coordinator retries once
 * from that size. Each witness gets one deadline for the whole exchange, so a witness that is down or
 * slow delays only its own cosignature, and `cosign` never throws because of a witness.
 */
import { AmanahError } from '../domain/errors.js';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  TLOG_SIZE_CONTENT_TYPE,
  formatAddCheckpointRequest,
  formatNote,
  formatSignatureLine,
  isTranslogError,
  noteVerifier,
  parseCheckpoint,
  parseCosignature,
  parseDecimal,
  parseNote,
  parseVerifierKey,
  verifyNote,
  type Note,
  type NoteSignature,
  type NoteVerifier,
} from '../translog/index.js';

/** How long a witness gets to answer, including the retry after a 409, unless told otherwise. */
export const DEFAULT_WITNESS_TIMEOUT_MS = 5_000;

/** Characters of a refusal body quoted in an error message. */
const QUOTED_BODY_LIMIT = 200;

/** A witness as the log knows it. */
export interface WitnessEndpoint {
  /** What to call it in results and errors (need not be its key name, but must be unique). */
  readonly name: string;
  /** Its cosignature/v1 verifier key (type 0x04), `<key name>+<hex key ID>+<base64>`. */
  readonly verifierKey: string;
  /** Its submission prefix: `POST <url>/add-checkpoint`. */
  readonly url: string;
}

export interface WitnessCoordinatorOptions {
  readonly witnesses: readonly WitnessEndpoint[];
  /** The log's consistency proof from tree size `from` to `to` (RFC 6962 §2.1.2), `0 < from < to`. */
  readonly proof: (from: number, to: number) => Promise<Uint8Array[]>;
  /** Deadline for each witness's whole exchange, in milliseconds. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Told about every witness that gave no valid cosignature, and why. */
  readonly onError?: (witness: string, error: Error) => void;
}

/** A cosignature obtained and verified. */
export interface WitnessCosignature {
  /** The witness's {@link WitnessEndpoint.name}. */
  readonly witness: string;
  /** The note signature line, `— <key name> <base64>` and a newline. */
  readonly signatureLine: string;
}

/** Why a witness gave no cosignature, in `AmanahError.details.reason`. */
export type WitnessFailure = 'timeout' | 'unreachable' | 'refused' | 'cosignature-invalid' | 'proof-failed';

interface Witness {
  readonly endpoint: WitnessEndpoint;
  readonly verifier: NoteVerifier;
  readonly submitUrl: string;
}

function failure(
  witness: Witness,
  reason: WitnessFailure,
  message: string,
  details: Record<string, unknown> = {},
): AmanahError {
  // TODO(codes): WITNESS_UNAVAILABLE / WITNESS_REFUSED once errors.ts has them; `reason` tells them apart.
  const code = reason === 'cosignature-invalid' ? 'SIGNATURE_INVALID' : 'INTERNAL';
  return new AmanahError(code, `witness ${witness.endpoint.name}: ${message}`, [], {
    witness: witness.endpoint.name,
    url: witness.submitUrl,
    reason,
    ...details,
  });
}

function quote(body: string): string {
  const trimmed = body.trim();
  return JSON.stringify(
    trimmed.length > QUOTED_BODY_LIMIT ? `${trimmed.slice(0, QUOTED_BODY_LIMIT)}…` : trimmed,
  );
}

/** Asks witnesses to cosign the log's checkpoints. One instance per log. */
export class WitnessCoordinator {
  private readonly witnesses: readonly Witness[];
  private readonly proof: (from: number, to: number) => Promise<Uint8Array[]>;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly onError: (witness: string, error: Error) => void;
  /** Per witness name: the largest size it is known to have cosigned. */
  private readonly acknowledged = new Map<string, number>();

  /**
   * Throws `CONFIG_INVALID` for a repeated witness name, a verifier key that does not parse or is not
   * a cosignature/v1 (type 0x04) key, a URL that is not http(s), or a timeout that is not positive.
   */
  constructor(options: WitnessCoordinatorOptions) {
    const names = new Set<string>();
    this.witnesses = options.witnesses.map((endpoint) => {
      if (names.has(endpoint.name)) {
        throw new AmanahError(
          'CONFIG_INVALID',
          `witness ${JSON.stringify(endpoint.name)} is configured twice`,
        );
      }
      names.add(endpoint.name);
      return {
        endpoint,
        verifier: cosignatureVerifierOf(endpoint),
        submitUrl: submissionUrl(endpoint),
      };
    });
    const timeoutMs = options.timeoutMs ?? DEFAULT_WITNESS_TIMEOUT_MS;
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new AmanahError(
        'CONFIG_INVALID',
        `the witness timeout must be a positive number of ms, got ${timeoutMs}`,
      );
    }
    this.timeoutMs = timeoutMs;
    this.proof = options.proof;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.onError = options.onError ?? (() => undefined);
  }

  /** The largest checkpoint size `witness` is known to have cosigned, if any. */
  acknowledgedSize(witness: string): number | undefined {
    return this.acknowledged.get(witness);
  }

  /**
   * Sends `signedCheckpointNote` (the log-signed checkpoint of `size` leaves) to every witness at
   * once, and resolves, within about the timeout, with the cosignatures that verified against each
   * witness's key, in the order the witnesses were configured. Witness failures go to `onError`;
   * this throws (`VALIDATION_FAILED`) only if the note is not a checkpoint of `size` leaves.
   */
  async cosign(signedCheckpointNote: string, size: number): Promise<WitnessCosignature[]> {
    let note: Note;
    try {
      note = parseNote(signedCheckpointNote);
      const checkpoint = parseCheckpoint(note.text);
      if (checkpoint.size !== size) {
        throw new AmanahError(
          'VALIDATION_FAILED',
          `the checkpoint has ${checkpoint.size} leaves, but cosign was asked for size ${size}`,
        );
      }
    } catch (e) {
      if (isTranslogError(e)) {
        throw new AmanahError('VALIDATION_FAILED', `cannot send this checkpoint to witnesses: ${e.message}`);
      }
      throw e;
    }
    const results = await Promise.all(
      this.witnesses.map((w) => this.cosignWithDeadline(w, signedCheckpointNote, note, size)),
    );
    return results.filter((r): r is WitnessCosignature => r !== undefined);
  }

  private async cosignWithDeadline(
    witness: Witness,
    noteText: string,
    note: Note,
    size: number,
  ): Promise<WitnessCosignature | undefined> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = failure(witness, 'timeout', `no cosignature within ${this.timeoutMs} ms`);
        controller.abort(error);
        reject(error);
      }, this.timeoutMs);
    });
    try {
      // The race also bounds a proof function that hangs, which the abort signal cannot stop.
      return await Promise.race([this.exchange(witness, noteText, note, size, controller.signal), deadline]);
    } catch (e) {
      this.onError(witness.endpoint.name, e instanceof Error ? e : new Error(String(e)));
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** add-checkpoint from the acknowledged size; after a 409, once more from the witness's size. */
  private async exchange(
    witness: Witness,
    noteText: string,
    note: Note,
    size: number,
    signal: AbortSignal,
  ): Promise<WitnessCosignature> {
    const name = witness.endpoint.name;
    let oldSize = this.acknowledged.get(name) ?? 0;
    for (let attempt = 1; ; attempt++) {
      if (oldSize > size) {
        throw failure(
          witness,
          'refused',
          `it has cosigned size ${oldSize}, newer than this checkpoint of size ${size}`,
          { witnessSize: oldSize },
        );
      }
      const proof = await this.proofFor(witness, oldSize, size);
      const response = await this.post(witness, formatAddCheckpointRequest(oldSize, proof, noteText), signal);
      if (response.status === 200) {
        const signatureLine = this.verifyCosignature(witness, note, response.body);
        this.acknowledged.set(name, Math.max(this.acknowledged.get(name) ?? 0, size));
        return { witness: name, signatureLine };
      }
      if (response.status === 409 && attempt === 1) {
        // tlog-witness: the body is the size of the latest checkpoint the witness cosigned.
        const witnessSize = parseTlogSize(response.contentType, response.body);
        if (witnessSize === undefined) {
          throw failure(
            witness,
            'refused',
            `409 without a ${TLOG_SIZE_CONTENT_TYPE} size: ${quote(response.body)}`,
            {
              status: 409,
            },
          );
        }
        this.acknowledged.set(name, witnessSize);
        oldSize = witnessSize;
        continue;
      }
      throw failure(witness, 'refused', `HTTP ${response.status} ${quote(response.body)}`, {
        status: response.status,
        oldSize,
      });
    }
  }

  private async proofFor(witness: Witness, from: number, to: number): Promise<Uint8Array[]> {
    // tlog-witness: no proof from the empty tree, and none when the sizes are equal.
    if (from === 0 || from === to) return [];
    try {
      return await this.proof(from, to);
    } catch (e) {
      throw failure(
        witness,
        'proof-failed',
        `cannot build the consistency proof ${from} → ${to}: ${(e as Error).message}`,
      );
    }
  }

  private async post(
    witness: Witness,
    body: string,
    signal: AbortSignal,
  ): Promise<{ status: number; contentType: string; body: string }> {
    try {
      const res = await this.fetch(witness.submitUrl, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body,
        signal,
      });
      return {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        body: await res.text(),
      };
    } catch (e) {
      if (signal.aborted && signal.reason instanceof Error) throw signal.reason;
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw failure(witness, 'unreachable', `${(e as Error).message}${cause ? ` (${cause})` : ''}`);
    }
  }

  /**
   * Keeps the first cosignature line of the response that the witness's key verifies over this
   * checkpoint (tlog-witness: the client MUST ignore cosignatures from unknown keys).
   */
  private verifyCosignature(witness: Witness, note: Note, body: string): string {
    let signatures: readonly NoteSignature[];
    try {
      if (body === '' || !body.endsWith('\n'))
        throw new Error('the body is not newline-terminated signature lines');
      signatures = parseNote(`${note.text}\n${body}`).signatures;
      const verified = verifyNote({ text: note.text, signatures }, [witness.verifier]).verified[0]!;
      // tlog-witness: "The cosignature MUST NOT omit the timestamp, i.e. the timestamp MUST NOT be zero."
      const { timestamp } = parseCosignature(verified.signature);
      if (timestamp === 0) throw new Error('the cosignature timestamp is zero');
      return formatSignatureLine(verified);
    } catch (e) {
      throw failure(
        witness,
        'cosignature-invalid',
        `no valid cosignature in its 200 response: ${(e as Error).message}`,
        {
          body,
        },
      );
    }
  }
}

function cosignatureVerifierOf(endpoint: WitnessEndpoint): NoteVerifier {
  try {
    const key = parseVerifierKey(endpoint.verifierKey);
    if (key.type !== SIGNATURE_TYPE_COSIGNATURE_V1) {
      throw new AmanahError(
        'CONFIG_INVALID',
        `witness ${JSON.stringify(endpoint.name)}: ${endpoint.verifierKey} is not a cosignature/v1 key (type 0x04)`,
      );
    }
    return noteVerifier(key);
  } catch (e) {
    if (isTranslogError(e)) {
      throw new AmanahError('CONFIG_INVALID', `witness ${JSON.stringify(endpoint.name)}: ${e.message}`);
    }
    throw e;
  }
}

function submissionUrl(endpoint: WitnessEndpoint): string {
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw new AmanahError(
      'CONFIG_INVALID',
      `witness ${JSON.stringify(endpoint.name)}: ${endpoint.url} is not a URL`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AmanahError(
      'CONFIG_INVALID',
      `witness ${JSON.stringify(endpoint.name)}: ${endpoint.url} is not http(s)`,
    );
  }
  return `${url.href.replace(/\/+$/, '')}/add-checkpoint`;
}

/** The body of a 409: the content type `text/x.tlog.size` and a decimal size and a newline. */
function parseTlogSize(contentType: string, body: string): number | undefined {
  if (contentType.split(';')[0]!.trim().toLowerCase() !== TLOG_SIZE_CONTENT_TYPE) return undefined;
  if (!body.endsWith('\n')) return undefined;
  return parseDecimal(body.slice(0, -1));
}

/**
 * The note to publish: the checkpoint with its own signature lines first (the log's), then the
 * cosignature lines, each key (name and key ID) once — the first signature seen for a key is kept.
 * It does not verify the lines: pass those {@link WitnessCoordinator.cosign} returned. Throws
 * `VALIDATION_FAILED` if the note or a line is malformed.
 */
export function mergeCosignatures(signedNote: string, lines: readonly string[]): string {
  try {
    const note = parseNote(signedNote);
    const block = lines.map((l) => (l.endsWith('\n') ? l : `${l}\n`)).join('');
    const added = block === '' ? [] : parseNote(`${note.text}\n${block}`).signatures;
    const seen = new Set<string>();
    const signatures = [...note.signatures, ...added].filter((s) => {
      const key = `${s.name}\n${s.keyId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return formatNote({ text: note.text, signatures });
  } catch (e) {
    if (isTranslogError(e)) {
      throw new AmanahError('VALIDATION_FAILED', `cannot merge cosignatures: ${e.message}`);
    }
    throw e;
  }
}
