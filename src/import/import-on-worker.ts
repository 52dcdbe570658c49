/**
 * Runs an import's own work — reading the file, mapping and checking its rows, batching and signing —
 * on a worker thread ({@link ./import-worker.ts}), while this thread answers the worker's two
 * questions: which consignment ids are already recorded, and what the server says to each signed
 * batch. The command service (validating, verifying, deciding, writing) thus has this thread to itself,
 * and the importer's share runs on another core.
 *
 * The worker signs with the same key as the client the import was given; each signed batch comes back
 * as JSON text and is submitted here exactly as signed (the server checks the signature as for any
 * command). This thread's `now()` reaches the worker with every reply, and the worker checks rows and
 * signs batches with the latest reading it has.
 */
import type { Worker } from 'node:worker_threads';
import {
  fromThreadError,
  startModuleWorker,
  toThreadError,
  type ThreadError,
} from '../services/module-worker.js';
import type { ImportJob, ImportSummary, ImportTarget, WorkerSigning } from './importer.js';

/** What the worker is started with (its job follows in the first message). */
export interface ImportWorkerData {
  key: WorkerSigning['key'];
  /** the key id the worker's key must have: the client's signer */
  keyId: string;
  origin: string;
  /** this thread's clock, in milliseconds since the epoch */
  now: number;
}

/** Messages from the worker. */
export type FromImportWorker =
  | { kind: 'known'; id: number; ids: string[] }
  /** signed commands, as JSON text, sent together so that the command service commits them together */
  | { kind: 'submit'; commands: Array<{ id: number; event: string }> }
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'failed'; error: ThreadError };

/** The worker's job, then replies to the worker. */
export type ToImportWorker =
  | { job: ImportJob }
  | { id: number; now: number; known: string[] }
  | { id: number; now: number; ok: true }
  | { id: number; now: number; error: ThreadError };

/** Starts the worker ({@link ./import-worker.ts}), from dist/ or from the sources. */
function startWorker(data: ImportWorkerData): Worker {
  return startModuleWorker(import.meta.url, 'import-worker', { workerData: data }, []);
}

/**
 * Runs `job` on a worker thread; resolves with its summary once the worker has written the report. The
 * worker starts at once, and takes the job once it is known: its start-up (a tenth of a second)
 * overlaps with what the job needs first (the file's digest, the log's crossings).
 */
export async function importOnWorker(
  job: Promise<ImportJob>,
  target: ImportTarget,
  signing: WorkerSigning,
  now: () => Date,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  const worker = startWorker({
    key: signing.key,
    keyId: target.client.signer.keyId,
    origin: await signing.transport.origin(),
    now: now().getTime(),
  });
  try {
    return await new Promise<ImportSummary>((resolve, reject) => {
      const reply = (m: ToImportWorker): void => worker.postMessage(m);
      job.then((j) => reply({ job: j }), reject);
      worker.on('message', (m: FromImportWorker) => {
        switch (m.kind) {
          case 'known':
            target.known(m.ids).then(
              (known) => reply({ id: m.id, now: now().getTime(), known: [...known] }),
              (e: unknown) => reply({ id: m.id, now: now().getTime(), error: toThreadError(e) }),
            );
            return;
          case 'submit':
            for (const c of m.commands)
              signing.transport.submitText(c.event).then(
                () => reply({ id: c.id, now: now().getTime(), ok: true }),
                (e: unknown) => reply({ id: c.id, now: now().getTime(), error: toThreadError(e) }),
              );
            return;
          case 'progress':
            onProgress?.(m.done, m.total);
            return;
          case 'done':
            resolve(m.summary);
            return;
          case 'failed':
            reject(fromThreadError(m.error));
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) =>
        reject(new Error(`the import worker stopped with exit code ${code} before it finished`)),
      );
    });
  } finally {
    // its work is done (or failed) once it has answered: the thread's teardown, ten milliseconds or
    // so, need not be waited for
    worker.terminate().catch(() => undefined);
  }
}
