/**
 * The worker thread of {@link importOnWorker}: runs the import loop ({@link runImport}) with a signer of
 * its own, asking the thread that started it which ids are recorded and to submit each signed command.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readKeyFile, Signer } from '../client/signer.js';
import { AmanahError } from '../domain/errors.js';
import { fromThreadError, toThreadError } from '../services/module-worker.js';
import type { FromImportWorker, ImportWorkerData, ToImportWorker } from './import-on-worker.js';
import { runImport, type ImportJob } from './importer.js';

const port = parentPort!;
const data = workerData as ImportWorkerData;

/**
 * The starting thread's clock as it last read it: every answer carries a reading, and there is one for
 * each group of rows (which ids are recorded) and each command sent. Rows are thus checked, and
 * batches signed, with the server's clock as of at most one group of rows ago — never a later one.
 */
let clock = data.now;
const now = (): Date => new Date(clock);

let nextId = 0;
const waiting = new Map<number, { resolve(m: ToImportWorker): void }>();
let startJob: (job: ImportJob) => void = () => undefined;
const job = new Promise<ImportJob>((resolve) => (startJob = resolve));
port.on('message', (m: ToImportWorker) => {
  if ('job' in m) return startJob(m.job);
  clock = m.now;
  const w = waiting.get(m.id);
  waiting.delete(m.id);
  w?.resolve(m);
});

async function ask(
  send: (id: number) => void,
): Promise<Exclude<ToImportWorker, { error: unknown } | { job: unknown }>> {
  const id = nextId++;
  const answer = await new Promise<ToImportWorker>((resolve) => {
    waiting.set(id, { resolve });
    send(id);
  });
  if ('error' in answer) throw fromThreadError(answer.error);
  if ('job' in answer) throw new Error('the import worker was sent its job twice');
  return answer;
}

/**
 * Signed commands wait here until there are OUTBOX of them or the loop yields (at the latest, after a
 * chunk of the file): sent in one message, they reach the command service together and are committed
 * in one transaction rather than one each — fewer commits, each of which waits for the disk.
 */
const OUTBOX = 8;
let outbox: Array<{ id: number; event: string }> = [];
function sendOutbox(): void {
  if (outbox.length === 0) return;
  post({ kind: 'submit', commands: outbox });
  outbox = [];
}
function submitSoon(id: number, event: string): void {
  if (outbox.length === 0) setImmediate(sendOutbox);
  outbox.push({ id, event });
  if (outbox.length >= OUTBOX) sendOutbox();
}

function post(m: FromImportWorker): void {
  port.postMessage(m);
}

try {
  const signer = 'file' in data.key ? readKeyFile(data.key.file) : new Signer(data.key.pair);
  if (signer.keyId !== data.keyId)
    throw new AmanahError(
      'KEY_MISMATCH',
      `the import worker was given key ${signer.keyId}, but the import signs as ${data.keyId}`,
    );
  const summary = await runImport(
    await job,
    {
      now,
      known: async (ids) => {
        const a = await ask((id) => post({ kind: 'known', id, ids: [...ids] }));
        return new Set('known' in a ? a.known : []);
      },
      send: async (type, payload, o) => {
        const event = signer.sign(data.origin, type, payload, o);
        await ask((id) => submitSoon(id, JSON.stringify(event)));
      },
      sendText: async (type, payloadText, o) => {
        const event = signer.signText(data.origin, type, payloadText, o);
        await ask((id) => submitSoon(id, event));
      },
    },
    (done, total) => post({ kind: 'progress', done, total }),
  );
  post({ kind: 'done', summary });
} catch (e) {
  post({ kind: 'failed', error: toThreadError(e) });
}
