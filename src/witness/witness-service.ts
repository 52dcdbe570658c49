/**
 * The witness use cases, without HTTP: cosign a checkpoint submitted with tlog-witness
 * "add-checkpoint" (the decision is `addCheckpoint` of src/translog; this file adds the
 * configuration, the clock and durable, serialised state), and read back what was cosigned.
 */
import { AmanahError } from '../domain/errors.js';
import {
  addCheckpoint,
  isTranslogError,
  noteVerifier,
  parseAddCheckpointRequest,
  type AddCheckpointRequest,
  type AddCheckpointResponse,
  type NoteVerifier,
  type WitnessConfig,
} from '../translog/index.js';
import { parseWitnessKey, type WitnessKey } from './witness-key.js';
import type { StoredWitnessState, WitnessStateStore } from './witness-state-store.js';

/** A log the witness follows: its origin line and the verifier keys of its checkpoint key(s). */
export interface WitnessedLog {
  readonly origin: string;
  /** vkeys, `<name>+<hex key ID>+<base64>` (signed-note "Verifier keys"). */
  readonly verifierKeys: readonly string[];
}

export interface WitnessOptions {
  /** The witness's name; when given it must be the key name of `signerKey`. */
  readonly name?: string;
  /** The witness's private key, `PRIVATE+KEY+…` (see witness-key.ts). */
  readonly signerKey: string;
  readonly logs: readonly WitnessedLog[];
  readonly store: WitnessStateStore;
  readonly clock: { now(): Date };
}

/** What a witness tells about itself (`GET /`). */
export interface WitnessInfo {
  readonly name: string;
  /** The cosignature/v1 verifier key (type 0x04). */
  readonly verifierKey: string;
  /** Origins of the logs it cosigns. */
  readonly logs: readonly string[];
}

/** The answer to an add-checkpoint call, and the origin it was about (when the body parsed). */
export interface AddCheckpointOutcome {
  readonly response: AddCheckpointResponse;
  readonly origin?: string;
}

/**
 * Builds the witness's log table from its configuration. Throws `CONFIG_INVALID` for an empty or
 * repeated origin, a log without keys, or a verifier key that does not parse.
 */
export function witnessLogTable(logs: readonly WitnessedLog[]): ReadonlyMap<string, readonly NoteVerifier[]> {
  const table = new Map<string, NoteVerifier[]>();
  for (const log of logs) {
    if (log.origin === '' || log.origin.includes('\n')) {
      throw new AmanahError(
        'CONFIG_INVALID',
        `a log origin is one non-empty line, got ${JSON.stringify(log.origin)}`,
      );
    }
    if (table.has(log.origin)) {
      throw new AmanahError('CONFIG_INVALID', `log ${JSON.stringify(log.origin)} is configured twice`);
    }
    if (log.verifierKeys.length === 0) {
      throw new AmanahError('CONFIG_INVALID', `log ${JSON.stringify(log.origin)} has no verifier key`);
    }
    table.set(
      log.origin,
      log.verifierKeys.map((vkey) => {
        try {
          return noteVerifier(vkey);
        } catch (e) {
          if (isTranslogError(e)) {
            throw new AmanahError(
              'CONFIG_INVALID',
              `verifier key ${JSON.stringify(vkey)} of log ${JSON.stringify(log.origin)}: ${e.message}`,
            );
          }
          throw e;
        }
      }),
    );
  }
  return table;
}

/** A c2sp.org/tlog-witness witness. */
export class Witness {
  readonly key: WitnessKey;
  private readonly logs: ReadonlyMap<string, readonly NoteVerifier[]>;
  private readonly store: WitnessStateStore;
  private readonly clock: { now(): Date };

  constructor(options: WitnessOptions) {
    this.key = parseWitnessKey(options.signerKey);
    if (options.name !== undefined && options.name !== this.key.name) {
      throw new AmanahError(
        'CONFIG_INVALID',
        `the witness is named ${JSON.stringify(options.name)} but its key is for ${JSON.stringify(this.key.name)}; a cosignature/v1 key ID commits to the name`,
      );
    }
    this.logs = witnessLogTable(options.logs);
    this.store = options.store;
    this.clock = options.clock;
  }

  info(): WitnessInfo {
    return { name: this.key.name, verifierKey: this.key.verifierKey, logs: [...this.logs.keys()] };
  }

  /**
   * tlog-witness "add-checkpoint": decides the request against the stored state of its log and, on
   * 200, stores the new state before answering (the witness "MUST persist the new checkpoint before
   * responding"). Check and write run under the origin's lock, so concurrent requests never roll the
   * state back.
   */
  async addCheckpoint(body: Uint8Array): Promise<AddCheckpointOutcome> {
    let request: AddCheckpointRequest;
    try {
      request = parseAddCheckpointRequest(body);
    } catch (e) {
      // addCheckpoint turns an unparsable body into the 400 the spec asks for.
      if (isTranslogError(e)) return { response: addCheckpoint(undefined, body, this.config()) };
      throw e;
    }
    const origin = request.checkpoint.origin;
    if (!this.logs.has(origin)) return { response: addCheckpoint(undefined, request, this.config()), origin };
    const response = await this.store.update(origin, (current) => {
      // The clock is read under the lock: cosignatures of one log are issued in time order.
      const res = addCheckpoint(current, request, this.config());
      const write: StoredWitnessState | undefined =
        res.status === 200 ? { ...res.newState!, checkpoint: res.cosignedCheckpoint! } : undefined;
      return { result: res, write };
    });
    return { response, origin };
  }

  /** The latest cosigned checkpoint of `origin`, or `undefined` if the witness never cosigned one. */
  async latestCheckpoint(origin: string): Promise<string | undefined> {
    return (await this.store.find(origin))?.checkpoint;
  }

  /** The same, by origin hash (lowercase hex SHA-256 of the origin, tlog-witness monitoring path). */
  async latestCheckpointByHash(hash: string): Promise<string | undefined> {
    return (await this.store.findByHash(hash))?.checkpoint;
  }

  private config(): WitnessConfig {
    return { logs: this.logs, witnessKey: this.key.signer, now: this.clock.now() };
  }
}
