import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** One signature to check: raw Ed25519 public key (base64url), message bytes, signature (base64url). */
export interface VerifyJob {
  publicKey: string;
  message: Uint8Array;
  signature: string;
}

// The worker is plain JavaScript with no imports but node:crypto, so it runs the same from src/ (tests)
// and from dist/ (production). It keeps a small cache of public key objects.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
function keyOf(x) {
  let k = keys.get(x);
  if (!k) {
    k = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    if (keys.size > 10000) keys.clear();
    keys.set(x, k);
  }
  return k;
}
parentPort.on('message', ({ id, jobs }) => {
  const ok = jobs.map((j) => {
    try {
      const sig = Buffer.from(j.signature, 'base64url');
      return sig.length === 64 && verify(null, j.message, keyOf(j.publicKey), sig);
    } catch {
      return false;
    }
  });
  parentPort.postMessage({ id, ok });
});
`;

const CHUNK = 64;

interface Pending {
  jobs: VerifyJob[];
  resolvers: Array<(ok: boolean) => void>;
}

/**
 * Verifies Ed25519 signatures on worker threads, one per core, in batches: the command path's most
 * expensive step runs beside the database work instead of before it.
 */
export class SignaturePool {
  private readonly workers: Worker[];
  private readonly inFlight: number[];
  private readonly waiting = new Map<number, Array<(ok: boolean) => void>>();
  private queued: Pending = { jobs: [], resolvers: [] };
  private scheduled = false;
  private nextId = 0;

  constructor(size = availableParallelism()) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.unref();
      w.on('message', ({ id, ok }: { id: number; ok: boolean[] }) => {
        const resolvers = this.waiting.get(id)!;
        this.waiting.delete(id);
        this.inFlight[this.workers.indexOf(w)]! -= 1;
        resolvers.forEach((r, i) => r(ok[i]!));
      });
      return w;
    });
    this.inFlight = this.workers.map(() => 0);
  }

  /**
   * Resolves true when the signature is valid. A message that is the whole of its own ArrayBuffer
   * (as TextEncoder gives) is moved to the worker rather than copied, and is unusable here afterwards.
   */
  verify(job: VerifyJob): Promise<boolean> {
    return new Promise((resolve) => {
      this.queued.jobs.push(job);
      this.queued.resolvers.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.dispatch());
      }
    });
  }

  private dispatch(): void {
    this.scheduled = false;
    const { jobs, resolvers } = this.queued;
    this.queued = { jobs: [], resolvers: [] };
    // Small chunks, least busy worker first: results stream back while the writer commits earlier
    // batches, instead of arriving all at once at the end.
    const per = CHUNK;
    for (let i = 0; i < jobs.length; i += per) {
      const w = this.inFlight.indexOf(Math.min(...this.inFlight));
      const id = this.nextId++;
      this.waiting.set(id, resolvers.slice(i, i + per));
      this.inFlight[w]! += 1;
      const chunk = jobs.slice(i, i + per);
      this.workers[w]!.postMessage({ id, jobs: chunk }, ownBuffers(chunk));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * The messages' buffers that can be handed over to a worker instead of copied: each message's own
 * ArrayBuffer, not a view into a larger or shared one (a Buffer from Node's pool shares its memory
 * with others).
 */
function ownBuffers(jobs: readonly VerifyJob[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const j of jobs) {
    const b = j.message.buffer;
    if (b instanceof ArrayBuffer && j.message.byteOffset === 0 && j.message.byteLength === b.byteLength)
      out.add(b);
  }
  return [...out];
}
