/**
 * Test helpers for the witness: a log built with src/translog (tiles in memory, a real Ed25519
 * checkpoint key), temp directories, and a witness app listening on a free port of 127.0.0.1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import {
  MemoryTileStore,
  appendLeaves,
  consistencyProof,
  emptyRoot,
  encodeUtf8,
  formatCheckpoint,
  generateKey,
  leafHash,
  noteSigner,
  noteVerifier,
  signNote,
  treeRoot,
  type GeneratedKey,
  type NoteSigner,
  type NoteVerifier,
} from '../../src/translog/index.js';
import { buildWitnessApp, type WitnessAppOptions } from '../../src/witness/witness-app.js';

/** A transparency log that grows in memory and signs its checkpoints with its own key. */
export class TestLog {
  readonly tiles = new MemoryTileStore();
  readonly signer: NoteSigner;
  readonly verifier: NoteVerifier;
  readonly vkey: string;
  size = 0;
  root: Uint8Array = emptyRoot();

  /** `key` defaults to a fresh key named after the origin; `tag` makes the leaves differ (forks). */
  constructor(
    readonly origin: string,
    readonly key: GeneratedKey = generateKey(origin),
    private readonly tag = 'main',
  ) {
    this.signer = noteSigner(key.signerKey);
    this.verifier = noteVerifier(key.verifierKey);
    this.vkey = key.verifierKey;
  }

  async append(count: number): Promise<this> {
    const leaves = Array.from({ length: count }, (_, i) =>
      leafHash(encodeUtf8(`${this.origin} ${this.tag} leaf ${this.size + i}`)),
    );
    const result = await appendLeaves(this.tiles, this.size, leaves);
    this.tiles.writeTiles(result.tiles);
    this.size = result.size;
    this.root = result.root;
    return this;
  }

  /** The signed checkpoint of the tree at `size` (default: the current size). */
  async checkpoint(size = this.size): Promise<string> {
    const rootHash = size === this.size ? this.root : await treeRoot(this.tiles, size);
    return signNote({ text: formatCheckpoint({ origin: this.origin, size, rootHash, extensions: [] }) }, [
      this.signer,
    ]);
  }

  proof(from: number, to: number): Promise<Uint8Array[]> {
    return consistencyProof(this.tiles, from, to);
  }
}

export async function tempDir(
  prefix = 'amanah-witness-',
): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface RunningWitness {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Builds the witness app and listens on 127.0.0.1 (`port` 0: any free port). */
export async function startWitness(
  options: WitnessAppOptions,
  port = 0,
  beforeListen?: (app: FastifyInstance) => void,
): Promise<RunningWitness> {
  const app = await buildWitnessApp(options);
  beforeListen?.(app);
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('not listening');
  return { app, url: `http://127.0.0.1:${address.port}`, port: address.port, close: () => app.close() };
}

/** POSTs an add-checkpoint body and returns status, content type and body text. */
export async function postAddCheckpoint(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string; body: string }> {
  const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body, headers });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
