import { AmanahError } from '../domain/errors.js';
import {
  consistencyProof,
  encodeBase64,
  encodeEntryBundle,
  encodeUtf8,
  inclusionProof,
  parseTilePath,
  treeRoot,
  isTranslogError,
  type TileResource,
} from '../translog/index.js';
import type { Store } from '../store/database.js';
import {
  findLatestCheckpoint,
  findLatestCosignedCheckpoint,
  type StoredCheckpoint,
} from '../store/checkpoint-repository.js';
import { findLogInfo, getEntry, logSize, readEntries } from '../store/log-repository.js';
import { SIGNING_CONTEXT } from '../domain/envelope.js';
import { findTile, FullTileCache, tileReader } from '../store/tile-repository.js';
import { publishedNote } from './checkpointer.js';

/** A witness as the log publishes it: who, its cosignature/v1 verifier key, where it listens. */
export interface WitnessInfo {
  name: string;
  key: string;
  url: string;
}

export interface LogPublication {
  /** the log's signed-note verifier key string */
  verifierKey: string;
  witnesses: WitnessInfo[];
  /** how many witness cosignatures a checkpoint needs to be trusted */
  quorum: number;
}

/**
 * Read access to the log as C2SP tlog-tiles publishes it: the checkpoint, hash tiles, entry bundles
 * and proofs. Everything is computed from the stored tiles, never from a rescan of the leaves.
 */
export class LogService {
  private readonly tiles = new FullTileCache();

  constructor(
    private readonly store: Store,
    readonly publication: LogPublication,
  ) {}

  /**
   * The checkpoint to publish: the newest one the witness quorum has cosigned, or, while none has,
   * the newest one signed.
   */
  async checkpoint(): Promise<StoredCheckpoint> {
    const cp =
      (this.publication.quorum > 0
        ? await findLatestCosignedCheckpoint(this.store.db, this.publication.quorum)
        : undefined) ?? (await findLatestCheckpoint(this.store.db));
    if (!cp) throw new AmanahError('NOT_FOUND', 'the log has not signed a checkpoint yet');
    return cp;
  }

  /** What `GET /api/v1/log` answers: the log's identity, keys, witnesses and latest checkpoint. */
  async describe(origin: string): Promise<Record<string, unknown>> {
    const [info, size, checkpoint] = await Promise.all([
      findLogInfo(this.store.db),
      logSize(this.store.db),
      this.checkpoint().catch(() => undefined),
    ]);
    return {
      origin: info?.origin ?? origin,
      title: info?.title ?? null,
      size,
      logKey: this.publication.verifierKey,
      witnesses: this.publication.witnesses,
      quorum: this.publication.quorum,
      checkpoint: checkpoint
        ? {
            size: checkpoint.size,
            rootHash: encodeBase64(checkpoint.rootHash),
            cosignatures: checkpoint.cosignatures.length,
          }
        : null,
      signing: {
        algorithm: 'Ed25519',
        message: `${SIGNING_CONTEXT}\\n<origin>\\n<RFC 8785 canonical JSON of the event without "sig">`,
        leaf: 'RFC 8785 canonical JSON of the whole signed event, UTF-8; leaf hash SHA-256(0x00 || leaf)',
      },
    };
  }

  async checkpointNote(): Promise<string> {
    return publishedNote(await this.checkpoint());
  }

  /** The bytes at a `tile/…` path: a hash tile or an entry bundle. */
  async tile(path: string): Promise<{ bytes: Uint8Array; full: boolean }> {
    let r: TileResource;
    try {
      r = parseTilePath(path);
    } catch (e) {
      if (isTranslogError(e)) throw new AmanahError('NOT_FOUND', e.message);
      throw e;
    }
    if (r.kind === 'tile') {
      const bytes = await findTile(this.store.db, r.level, r.index, r.width);
      if (!bytes) throw new AmanahError('NOT_FOUND', `no tile ${path} in this log (yet)`);
      return { bytes, full: r.width === 256 };
    }
    const entries = await readEntries(this.store.db, { from: r.index * 256, limit: r.width });
    if (entries.length < r.width)
      throw new AmanahError('NOT_FOUND', `no entry bundle ${path} in this log (yet)`);
    return { bytes: encodeEntryBundle(entries.map((e) => encodeUtf8(e.body))), full: r.width === 256 };
  }

  async inclusion(
    index: number,
    size: number,
  ): Promise<{ index: number; size: number; leafHash: string; rootHash: string; proof: string[] }> {
    await this.assertSize(size, 'size');
    if (index >= size) {
      throw new AmanahError('VALIDATION_FAILED', `index ${index} is not in a tree of size ${size}`, [
        { path: 'querystring.index', message: `must be below size (${size})` },
      ]);
    }
    const reader = tileReader(this.store.db, this.tiles);
    const [entry, proof, root] = await Promise.all([
      getEntry(this.store.db, index),
      inclusionProof(reader, index, size),
      treeRoot(reader, size),
    ]);
    return {
      index,
      size,
      leafHash: encodeBase64(entry.leafHash),
      rootHash: encodeBase64(root),
      proof: proof.map(encodeBase64),
    };
  }

  async consistency(from: number, to: number): Promise<{ from: number; to: number; proof: string[] }> {
    await this.assertSize(to, 'to');
    if (from > to) {
      throw new AmanahError('VALIDATION_FAILED', `from (${from}) must not exceed to (${to})`, [
        { path: 'querystring.from', message: `must be at most ${to}` },
      ]);
    }
    const proof = await consistencyProof(tileReader(this.store.db, this.tiles), from, to);
    return { from, to, proof: proof.map(encodeBase64) };
  }

  private async assertSize(size: number, field: string): Promise<void> {
    const current = await logSize(this.store.db);
    if (size < 1 || size > current) {
      throw new AmanahError('VALIDATION_FAILED', `${field} must be a tree size from 1 to ${current}`, [
        { path: `querystring.${field}`, message: `must be 1..${current}` },
      ]);
    }
  }
}
