/**
 * `verifyLog`: checks a whole log from a mirror, trusting nothing the mirror says but what the keys
 * sign. In order:
 *
 * 1. the checkpoint: the log's signature and a quorum of witness cosignatures;
 * 2. every entry bundle and every tile, downloaded in parallel: the tree rebuilt from the entries'
 *    leaf hashes must give every tile byte for byte, and the checkpoint's root;
 * 3. every entry: canonical JSON of a valid signed event, signed by a key the log registered before
 *    it and had not revoked (signatures checked on worker threads);
 * 4. the projections, rebuilt from the events with the server's own code (the most frequent
 *    registrations with prepared statements that write the same rows), give the figures the mirror
 *    publishes;
 * 5. with a previous state: the same keys, and a tree that only grew since the last verified
 *    checkpoint.
 *
 * It streams: memory holds the keys, the projections, the right edge of the tree and a bounded
 * window of bundles, never the whole log.
 */
import { availableParallelism } from 'node:os';
import { signingBytes, type SignedEvent } from '../domain/envelope.js';
import { systemClock, type Clock } from '../services/clock.js';
import {
  decodeBase64,
  decodeEntryBundle,
  decodeUtf8,
  encodeBase64,
  formatEntryBundlePath,
  formatTilePath,
} from '../translog/index.js';
import { checkCheckpoint, resolveTrust, type TrustSource } from './checkpoint-check.js';
import { createEntryChecker, type EntryChecker } from './entry-checker.js';
import type { EntryVerdict, SignatureJob } from './entry-checks.js';
import { KeyRegistry } from './key-registry.js';
import { readPublishedLog, readPublishedOverview } from './mirror-documents.js';
import {
  CHECKPOINT_PATH,
  MAX_BUNDLE_BYTES,
  MAX_DOCUMENT_BYTES,
  MAX_TILE_BYTES,
  tileResourcePath,
  type MirrorSource,
} from './mirror-source.js';
import { Limiter, mapOrdered } from './ordered-map.js';
import {
  ProjectionReplay,
  compareFigures,
  type FigureComparison,
  type IndexedEvent,
} from './projection-replay.js';
import { TreeCheck, bundleCount, bundleWidth } from './tree-check.js';
import { VERIFIER_STATE_FORMAT, type VerifierState } from './verifier-state.js';
import { failureOf, logFailure, type VerifyFailure } from './verify-failure.js';

/** Below this many entries, starting worker threads costs more than it saves. */
export const SMALL_LOG = 4096;

/** How to verify. */
export interface VerifyOptions {
  /** The log's verifier key; default: pinned in `state`, else published at api/v1/log (trust on first use). */
  readonly logKey?: string | undefined;
  /** The witnesses' cosignature/v1 verifier keys; default: pinned in `state`, else published. */
  readonly witnesses?: readonly string[] | undefined;
  /** Cosignatures required; default: pinned in `state`, else published. */
  readonly quorum?: number | undefined;
  /** What the last verification remembered; the report carries the new state when all holds. */
  readonly state?: VerifierState | undefined;
  /** Downloads at once (default 8). */
  readonly concurrency?: number | undefined;
  /**
   * Threads checking entries: 0 checks on the calling thread. Default: one per core, or 0 for a log
   * smaller than {@link SMALL_LOG} entries, which is checked before threads would have started.
   */
  readonly threads?: number | undefined;
  readonly clock?: Clock | undefined;
}

/** Progress of the entry phase, after each bundle. */
export interface VerifyProgress {
  readonly done: number;
  readonly total: number;
}

/** The published figures, beside the rebuilt ones. */
export interface FiguresReport {
  /** `matched`: every figure compared and equal; `not-compared`: see `note`. */
  readonly status: 'matched' | 'not-compared';
  readonly note?: string;
  readonly figures: readonly FigureComparison[];
  /** Figures the mirror publishes that this verifier does not compute. */
  readonly extra: readonly string[];
}

/** What a verification found. */
export interface VerifyReport {
  /** Whether everything holds. */
  readonly ok: boolean;
  /** The first thing found wrong. */
  readonly failure?: VerifyFailure;
  readonly mirror: string;
  readonly origin?: string;
  readonly checkpoint?: { readonly size: number; readonly rootHash: string };
  readonly logKey?: { readonly key: string; readonly from: TrustSource };
  readonly witnesses?: {
    readonly trusted: number;
    readonly from: TrustSource;
    readonly quorum: number;
    readonly quorumFrom: TrustSource;
    readonly cosigned: ReadonlyArray<{ readonly name: string; readonly timestamp: number }>;
  };
  /** Entries checked. */
  readonly entries: number;
  /** Tiles compared byte for byte. */
  readonly tiles: number;
  /** Event signatures verified, and the threads that checked entries (0: the calling thread). */
  readonly signatures: { readonly verified: number; readonly threads: number };
  readonly keys?: { readonly registered: number; readonly revoked: number };
  readonly figures?: FiguresReport;
  /** The previously verified checkpoint the new one was found consistent with. */
  readonly previous?: { readonly size: number; readonly rootHash: string };
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Caveats: keys taken on trust, figures not compared, first run of a state. */
  readonly notes: readonly string[];
  /** The state to remember; present only when everything holds. */
  readonly state?: VerifierState;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface FetchedBundle {
  readonly b: number;
  readonly width: number;
  readonly path: string;
  readonly bytes: Uint8Array | undefined;
  readonly tiles: ReadonlyMap<string, Uint8Array | undefined>;
}

/** Verifies the log behind `source`. Verification failures are reported; I/O and option errors throw. */
export async function verifyLog(
  source: MirrorSource,
  options: VerifyOptions = {},
  onProgress?: (p: VerifyProgress) => void,
): Promise<VerifyReport> {
  const started = performance.now();
  const report: Mutable<VerifyReport> = {
    ok: false,
    mirror: source.location,
    entries: 0,
    tiles: 0,
    signatures: { verified: 0, threads: 0 },
    seconds: 0,
    eventsPerSecond: 0,
    notes: [],
  };
  const notes = report.notes as string[];
  const finish = (): VerifyReport => {
    report.seconds = (performance.now() - started) / 1000;
    report.eventsPerSecond = report.seconds > 0 ? report.entries / report.seconds : 0;
    return report;
  };
  try {
    await run(source, options, report, notes, onProgress);
    report.ok = true;
  } catch (e) {
    const failure = failureOf(e);
    if (failure === undefined) throw e;
    report.failure = failure;
    delete report.state;
  }
  return finish();
}

async function run(
  source: MirrorSource,
  options: VerifyOptions,
  report: Mutable<VerifyReport>,
  notes: string[],
  onProgress: ((p: VerifyProgress) => void) | undefined,
): Promise<void> {
  const state = options.state;
  // 1. Keys and checkpoint. What the mirror says about itself is needed only for what is neither
  //    given nor pinned; when nothing is, a broken api/v1/log does not stop the verification.
  const needsPublished =
    state === undefined &&
    (options.logKey === undefined || !options.witnesses?.length || options.quorum === undefined);
  const published = await readPublishedLog(source).catch((e: unknown) => {
    const failure = failureOf(e);
    if (needsPublished || failure === undefined) throw e;
    notes.push(`${failure.message}; not needed, ignored`);
    return undefined;
  });
  const trust = resolveTrust(options, state, published);
  report.logKey = { key: trust.logKey, from: trust.logKeyFrom };
  if (trust.logKeyFrom === 'published') {
    notes.push(
      'the log key was taken on trust from api/v1/log: give it explicitly, or keep a state to pin it',
    );
  }
  const onTrust = [
    ...(trust.witnessesFrom === 'published' ? ['witness keys'] : []),
    ...(trust.quorumFrom === 'published' ? ['quorum'] : []),
  ];
  if (onTrust.length > 0) notes.push(`the ${onTrust.join(' and ')} were taken on trust from api/v1/log`);
  const checkpointBytes = await source.read(CHECKPOINT_PATH, MAX_DOCUMENT_BYTES);
  if (checkpointBytes === undefined) {
    throw logFailure(
      'NOT_FOUND',
      { kind: 'checkpoint' },
      `checkpoint: ${CHECKPOINT_PATH} is missing from the mirror`,
    );
  }
  // Read right after the checkpoint: a live server most likely still has figures for its size.
  const publishedOverview = await readPublishedOverview(source);
  const origin = state?.origin ?? published?.origin;
  const { checkpoint, cosignatures } = checkCheckpoint(checkpointBytes, trust, origin);
  report.origin = checkpoint.origin;
  report.checkpoint = { size: checkpoint.size, rootHash: encodeBase64(checkpoint.rootHash) };
  report.witnesses = {
    trusted: trust.witnesses.length,
    from: trust.witnessesFrom,
    quorum: trust.quorum,
    quorumFrom: trust.quorumFrom,
    cosigned: cosignatures,
  };
  if (state !== undefined && checkpoint.size < state.size) {
    throw logFailure(
      'VALIDATION_FAILED',
      { kind: 'history', size: state.size },
      `history rewritten: the checkpoint has ${checkpoint.size} entries, fewer than the checkpoint of size ${state.size} verified before`,
    );
  }
  if (state !== undefined) report.previous = { size: state.size, rootHash: state.rootHash };

  // 2–4. Entries, tiles, signatures and projections, streamed bundle by bundle.
  const previous = state && { size: state.size, rootHash: decodeBase64(state.rootHash, 'state root hash') };
  const tree = new TreeCheck(checkpoint.size, previous);
  const registry = new KeyRegistry(checkpoint.origin);
  const projection = await ProjectionReplay.open();
  const threads = options.threads ?? (checkpoint.size < SMALL_LOG ? 0 : availableParallelism());
  const checker = createEntryChecker(checkpoint.origin, threads);
  report.signatures = { verified: 0, threads: checker.threads };
  try {
    await streamEntries(source, options, checkpoint.size, checkpoint.origin, {
      tree,
      registry,
      checker,
      projection,
      report,
      onProgress,
    });
    const result = await tree.finish(checkpoint.rootHash);
    report.tiles = result.tilesCompared;
    report.keys = registry.counts();

    // 4. Figures.
    // Some figures depend on the time (a proposal still open or already expired): compute them for
    // the moment the published figures were computed.
    const at = publishedOverview?.generatedAt;
    const overview = await projection.overview(
      options.clock ?? (at && !Number.isNaN(Date.parse(at)) ? { now: () => new Date(at) } : systemClock),
    );
    if (publishedOverview === undefined) {
      report.figures = {
        status: 'not-compared',
        note: 'the mirror publishes no api/v1/overview',
        figures: [],
        extra: [],
      };
    } else if (publishedOverview.logSize !== checkpoint.size) {
      report.figures = {
        status: 'not-compared',
        note: `the published overview is for ${publishedOverview.logSize} entries, the checkpoint for ${checkpoint.size}`,
        figures: overview.figures.map((f) => ({ key: f.key, rebuilt: f })),
        extra: [],
      };
    } else {
      if (publishedOverview.origin != null && publishedOverview.origin !== checkpoint.origin) {
        throw logFailure(
          'VALIDATION_FAILED',
          { kind: 'document', path: 'api/v1/overview' },
          `api/v1/overview: it is for origin "${publishedOverview.origin}", the checkpoint for "${checkpoint.origin}"`,
        );
      }
      const { compared, extra } = compareFigures(overview, publishedOverview);
      report.figures = { status: 'matched', figures: compared, extra };
    }
    if (report.figures.status === 'not-compared') notes.push(`figures not compared: ${report.figures.note}`);
  } finally {
    await Promise.all([checker.close(), projection.close()]);
  }

  // 5. What to remember.
  if (state === undefined) {
    notes.push('no previous state: nothing to check this checkpoint against');
  }
  report.state = {
    format: VERIFIER_STATE_FORMAT,
    origin: checkpoint.origin,
    logKey: trust.logKey,
    witnesses: [...trust.witnesses],
    quorum: trust.quorum,
    size: checkpoint.size,
    rootHash: encodeBase64(checkpoint.rootHash),
    verifiedAt: (options.clock ?? systemClock).now().toISOString(),
  };
}

interface StreamContext {
  readonly tree: TreeCheck;
  readonly registry: KeyRegistry;
  readonly checker: EntryChecker;
  readonly projection: ProjectionReplay;
  readonly report: Mutable<VerifyReport>;
  readonly onProgress: ((p: VerifyProgress) => void) | undefined;
}

async function streamEntries(
  source: MirrorSource,
  options: VerifyOptions,
  size: number,
  origin: string,
  ctx: StreamContext,
): Promise<void> {
  const { tree, checker, report } = ctx;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const limiter = new Limiter(concurrency);
  const read = (path: string, maxBytes: number): Promise<Uint8Array | undefined> =>
    limiter.run(() => source.read(tileResourcePath(path), maxBytes));

  const bundles = Array.from({ length: bundleCount(size) }, (_, b) => b);
  const fetched = mapOrdered(bundles, concurrency, async (b): Promise<FetchedBundle> => {
    const width = bundleWidth(b, size);
    const path = formatEntryBundlePath(b, width);
    const tilePaths = tree.tilesForBundle(b).map(formatTilePath);
    const [bytes, ...tiles] = await Promise.all([
      read(path, MAX_BUNDLE_BYTES),
      ...tilePaths.map((p) => read(p, MAX_TILE_BYTES)),
    ]);
    return { b, width, path, bytes, tiles: new Map(tilePaths.map((p, i) => [p, tiles[i]])) };
  });
  // Enough bundles in hand that no checking thread waits while this one replays a bundle.
  const window = Math.max(2, checker.threads * 4);
  const checked = mapOrdered(fetched, window, async (item) => ({
    item,
    verdict: item.bytes === undefined ? undefined : await checker.checkBundle(item.bytes, item.width),
  }));

  for await (const { item, verdict } of checked) {
    const first = item.b * 256;
    if (item.bytes === undefined || verdict === undefined) {
      throw logFailure(
        'NOT_FOUND',
        { kind: 'bundle', path: item.path },
        `${item.path}: missing from the mirror, but the checkpoint's tree has entries ${first}–${first + item.width - 1}`,
      );
    }
    if (verdict.problem !== undefined) {
      throw logFailure(
        'VALIDATION_FAILED',
        { kind: 'bundle', path: item.path },
        `${item.path}: ${verdict.problem}`,
      );
    }
    const events = await admitEntries(item, verdict.entries, origin, ctx);
    await tree.appendBundle(verdict.leafHashes, item.tiles);
    await ctx.projection.apply(events);
    if (item.b === bundles.length - 1) {
      const last = events[events.length - 1]!;
      const j = item.width - 1;
      await ctx.projection.recordLastEntry({
        ...last,
        text: decodeUtf8(decodeEntryBundle(item.bytes, item.width)[j]!)!,
        leafHash: verdict.leafHashes.subarray(j * 32, (j + 1) * 32),
      });
    }
    report.entries += item.width;
    ctx.onProgress?.({ done: report.entries, total: size });
  }
}

/**
 * The in-order checks of one bundle's entries: each was found valid by the checker, was signed by
 * a key the log allowed at its index, and its signature verifies with that key. Returns the events
 * to project. Throws a failure naming the first bad entry.
 */
async function admitEntries(
  item: FetchedBundle,
  verdicts: readonly EntryVerdict[],
  origin: string,
  ctx: StreamContext,
): Promise<IndexedEvent[]> {
  const { registry, checker, report } = ctx;
  const entries = decodeEntryBundle(item.bytes!, item.width);
  const events: IndexedEvent[] = [];
  const later: Array<{ index: number; keyId: string; registeredAt: number; job: SignatureJob }> = [];
  const learnt: Array<[string, string]> = [];
  let failure: unknown;
  let failedAt = Infinity;
  const badSignature = (index: number, keyId: string, registeredAt: number) =>
    logFailure(
      'SIGNATURE_INVALID',
      { kind: 'entry', index, bundle: item.path },
      `entry ${index} (${item.path}): the signature does not verify with key ${keyId} (registered at entry ${registeredAt})`,
    );
  for (let j = 0; j < entries.length; j++) {
    const index = item.b * 256 + j;
    const verdict = verdicts[j]!;
    try {
      if (verdict.problem !== undefined) {
        throw logFailure(
          'VALIDATION_FAILED',
          { kind: 'entry', index, bundle: item.path },
          `entry ${index} (${item.path}): ${verdict.problem}`,
        );
      }
      const event = JSON.parse(decodeUtf8(entries[j]!)!) as SignedEvent;
      const key = registry.signingKey(event, index, item.path);
      if (verdict.signature !== 'unchecked' && verdict.checkedWith === key.publicKey) {
        if (verdict.signature === 'invalid') throw badSignature(index, key.keyId, key.registeredAt);
      } else {
        // The checking thread did not know this key yet (registered in a bundle still in flight).
        const message = verdict.message ?? signingBytes(origin, event);
        later.push({
          index,
          keyId: key.keyId,
          registeredAt: key.registeredAt,
          job: { publicKey: key.publicKey, message, signature: event.sig },
        });
      }
      const added = registry.record(event, index, item.path);
      if (added !== undefined) learnt.push([added.keyId, added.publicKey]);
      events.push({ index, bundle: item.path, event });
    } catch (e) {
      if (failureOf(e) === undefined) throw e;
      failure = e;
      failedAt = index;
      break;
    }
  }
  if (later.length > 0) {
    const ok = await checker.verify(later.map((l) => l.job));
    const bad = later.find((l, i) => !ok[i] && l.index < failedAt);
    if (bad !== undefined) throw badSignature(bad.index, bad.keyId, bad.registeredAt);
  }
  if (failure !== undefined) throw failure;
  report.signatures = {
    verified: report.signatures.verified + events.length,
    threads: report.signatures.threads,
  };
  checker.learnKeys(learnt);
  return events;
}
