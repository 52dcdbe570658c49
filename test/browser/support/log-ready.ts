import { setTimeout as sleep } from 'node:timers/promises';

export interface PublishedLog {
  readonly origin: string;
  readonly logKey: string;
  readonly witnesses: readonly { name: string; key: string; url: string }[];
  readonly quorum: number;
  /** The checkpoint `/log/checkpoint` serves, as a signed note. */
  readonly note: string;
  /** Its size, read from the note's second line. */
  readonly size: number;
}

/**
 * Waits until the server publishes a checkpoint of its whole log with the witness quorum's
 * cosignatures (a fresh server seeds its demo data, then the witnesses cosign within moments), and
 * returns it with the log's description.
 */
export async function waitForCosignedCheckpoint(url: string, timeoutMs = 20_000): Promise<PublishedLog> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const log = (await (await fetch(`${url}/api/v1/log`)).json()) as Omit<PublishedLog, 'note' | 'size'> & {
      size: number;
      checkpoint: { size: number; cosignatures: number } | null;
    };
    last = JSON.stringify(log.checkpoint);
    if (
      log.checkpoint !== null &&
      log.checkpoint.size === log.size &&
      log.checkpoint.cosignatures >= log.quorum
    ) {
      const note = await (await fetch(`${url}/log/checkpoint`)).text();
      const size = Number(note.split('\n')[1]);
      if (size === log.size) {
        const { origin, logKey, witnesses, quorum } = log;
        return { origin, logKey, witnesses, quorum, note, size };
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no checkpoint of the whole log with ${log.quorum} cosignatures within ${timeoutMs} ms: ${last}`,
      );
    }
    await sleep(200);
  }
}
