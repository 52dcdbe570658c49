/**
 * Builds mirrors for the verifier's tests and benchmark with the real pieces: events signed by
 * `Signer`, tiles from `appendLeaves`, entry bundles, a checkpoint signed with a note key and
 * cosigned by witness keys, and `api/v1/log` and `api/v1/overview` as the mirror contract has them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eventLeafText, type SignedEvent } from '../../src/domain/envelope.js';
import { fixedClock } from '../../src/services/clock.js';
import { applyEvent } from '../../src/services/event-handlers.js';
import { getOverview, type Overview } from '../../src/services/overview.js';
import { openStore } from '../../src/store/database.js';
import { appendEntries } from '../../src/store/log-repository.js';
import {
  MemoryTileStore,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  TILE_WIDTH,
  appendLeaves,
  emptyRoot,
  cosignatureSigner,
  encodeEntryBundle,
  formatCheckpoint,
  formatEntryBundlePath,
  formatNote,
  formatSignerKey,
  formatTilePath,
  formatVerifierKey,
  leafHash,
  noteSigner,
  parseNote,
  signNote,
  tileLayout,
  ed25519PublicKey,
  type CosignatureSigner,
  type NoteSigner,
} from '../../src/translog/index.js';

/** The keys of a test log: its note key and its witnesses' cosignature keys. */
export interface MirrorKeys {
  readonly origin: string;
  readonly logSigner: NoteSigner;
  /** The log's verifier key. */
  readonly logKey: string;
  readonly witnesses: readonly CosignatureSigner[];
  /** The witnesses' cosignature/v1 verifier keys. */
  readonly witnessKeys: readonly string[];
}

const seed = (label: string): Uint8Array => new Uint8Array(createHash('sha256').update(label).digest());

/** Reproducible keys for a log and `count` witnesses. */
export function mirrorKeys(origin: string, count = 3, label = 'log'): MirrorKeys {
  const logSeed = seed(`mirror:${label}:${origin}`);
  const logSigner = noteSigner(formatSignerKey({ name: origin, seed: logSeed }));
  const logKey = formatVerifierKey({
    name: origin,
    type: SIGNATURE_TYPE_ED25519,
    publicKey: ed25519PublicKey(logSeed),
  });
  const witnesses = Array.from({ length: count }, (_, i) =>
    cosignatureSigner(`witness-${i + 1}.example.org/w`, seed(`mirror:witness:${i}`)),
  );
  const witnessKeys = witnesses.map((w) =>
    formatVerifierKey({ name: w.name, type: SIGNATURE_TYPE_COSIGNATURE_V1, publicKey: w.publicKey }),
  );
  return { origin, logSigner, logKey, witnesses, witnessKeys };
}

/** One log entry: a signed event (stored as its canonical JSON) or raw text stored as it is. */
export type FixtureEntry = SignedEvent | { readonly raw: string };

export interface MirrorOptions {
  readonly keys: MirrorKeys;
  readonly entries: Iterable<FixtureEntry>;
  /** How many witnesses cosign (default all). */
  readonly cosigners?: number;
  /** The quorum published at api/v1/log (default all witnesses). */
  readonly quorum?: number;
  /** Whether to publish api/v1/log (default yes). */
  readonly publishLog?: boolean;
  /** The published overview: computed from the events (default), changed by a function, or none. */
  readonly overview?: 'none' | ((computed: Overview) => Overview);
}

/** What was written. */
export interface WrittenMirror {
  readonly dir: string;
  readonly size: number;
  readonly root: Uint8Array;
  /** Every file written, relative to `dir`. */
  readonly files: readonly string[];
}

const encoder = new TextEncoder();

function write(dir: string, path: string, data: Uint8Array | string, files: string[]): void {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  files.push(path);
}

/** Writes a mirror of `entries` to `dir`. */
export async function writeMirror(dir: string, options: MirrorOptions): Promise<WrittenMirror> {
  const { keys } = options;
  const files: string[] = [];
  const store = new MemoryTileStore();
  const projections = options.overview === 'none' ? undefined : await openStore(':memory:');
  let size = 0;
  let root: Uint8Array = emptyRoot();
  let bundle: Uint8Array[] = [];
  let pending: SignedEvent[] = [];
  let texts: string[] = [];

  const flush = async (): Promise<void> => {
    if (bundle.length === 0) return;
    const first = size;
    const result = await appendLeaves(store, size, bundle.map(leafHash));
    store.writeTiles(result.tiles);
    write(
      dir,
      `log/${formatEntryBundlePath(first / TILE_WIDTH, bundle.length)}`,
      encodeEntryBundle(bundle),
      files,
    );
    size = result.size;
    root = result.root;
    if (projections) {
      await projections.db.transaction().execute(async (tx) => {
        for (const [i, e] of pending.entries()) await applyEvent(tx, e, first + i);
        await appendEntries(
          tx,
          pending.map((e, i) => ({
            index: first + i,
            eventId: e.id,
            type: e.type,
            actor: e.actor,
            time: e.time,
            body: texts[i]!,
            leafHash: leafHash(encoder.encode(texts[i]!)),
          })),
        );
      });
    }
    bundle = [];
    pending = [];
    texts = [];
  };

  for (const entry of options.entries) {
    const text = 'raw' in entry ? entry.raw : eventLeafText(entry);
    bundle.push(encoder.encode(text));
    texts.push(text);
    pending.push('raw' in entry ? (JSON.parse(entry.raw) as SignedEvent) : entry);
    if (bundle.length === TILE_WIDTH) await flush();
  }
  await flush();

  for (const l of tileLayout(size)) {
    const ids = Array.from({ length: l.fullTiles }, (_, index) => ({
      level: l.level,
      index,
      width: TILE_WIDTH,
    }));
    if (l.partialWidth > 0) ids.push({ level: l.level, index: l.fullTiles, width: l.partialWidth });
    for (const id of ids)
      write(dir, `log/${formatTilePath(id)}`, (await store.readTile(id.level, id.index, id.width))!, files);
  }

  const text = formatCheckpoint({ origin: keys.origin, size, rootHash: root, extensions: [] });
  const signed = parseNote(signNote({ text }, [keys.logSigner]));
  const cosigners = keys.witnesses.slice(0, options.cosigners ?? keys.witnesses.length);
  const cosignatures = cosigners.map((w, i) => w.sign(text, 1_790_000_000 + i));
  write(
    dir,
    'log/checkpoint',
    formatNote({ text, signatures: [...signed.signatures, ...cosignatures] }),
    files,
  );

  if (options.publishLog !== false) {
    const info = {
      origin: keys.origin,
      title: { en: 'Test log', ar: 'سجل اختبار' },
      size,
      logKey: keys.logKey,
      witnesses: keys.witnesses.map((w, i) => ({
        name: w.name,
        key: keys.witnessKeys[i],
        url: `https://${w.name}`,
      })),
      quorum: options.quorum ?? keys.witnesses.length,
    };
    write(dir, 'api/v1/log', JSON.stringify(info), files);
  }
  if (projections) {
    const computed = await getOverview(projections, fixedClock(new Date('2026-01-01T00:00:00Z')));
    await projections.close();
    const overview = typeof options.overview === 'function' ? options.overview(computed) : computed;
    write(dir, 'api/v1/overview', JSON.stringify(overview), files);
  }
  return { dir, size, root, files };
}
