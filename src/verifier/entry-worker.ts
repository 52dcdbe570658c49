/**
 * A worker thread of {@link WorkerEntryChecker}: runs {@link EntryChecks} on the bundles it is sent.
 * Messages are handled in the order they arrive, so keys announced before a bundle are known to it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EntryChecks, verifySignatures } from './entry-checks.js';
import { packVerdict, type WorkerReply, type WorkerRequest } from './entry-checker.js';

const port = parentPort!;
const checks = new EntryChecks((workerData as { origin: string }).origin);

port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'keys') {
    checks.learnKeys(request.keys);
    return;
  }
  let reply: WorkerReply;
  try {
    if (request.kind === 'bundle') {
      const verdict = packVerdict(checks.checkBundle(request.bytes, request.width));
      reply = { id: request.id, bundle: verdict };
      port.postMessage(reply, [
        verdict.leafHashes.buffer as ArrayBuffer,
        verdict.which.buffer as ArrayBuffer,
      ]);
      return;
    }
    reply = { id: request.id, signatures: verifySignatures(request.jobs) };
  } catch (e) {
    reply = { id: request.id, error: (e as Error).message };
  }
  port.postMessage(reply);
});
