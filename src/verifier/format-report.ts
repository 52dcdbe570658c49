import type { TrustSource } from './checkpoint-check.js';
import type { VerifyReport } from './verify-log.js';

const n = (x: number): string => x.toLocaleString('en-US');

function trustWord(from: TrustSource): string {
  return from === 'option' ? 'given' : from === 'state' ? 'pinned in the state' : 'published, taken on trust';
}

/** A short human report of a verification that held, one fact per line. */
export function formatReport(r: VerifyReport): string[] {
  const lines: string[] = [];
  const cp = r.checkpoint;
  lines.push(`verified ${r.origin ?? '?'} from ${r.mirror}`);
  if (cp) lines.push(`  checkpoint  size ${n(cp.size)}, root ${cp.rootHash}`);
  if (r.logKey) lines.push(`  log key     ${r.logKey.key} (${trustWord(r.logKey.from)}): signature valid`);
  if (r.witnesses) {
    const w = r.witnesses;
    const names = w.cosigned.map((c) => c.name.split('+')[0]).join(', ');
    lines.push(
      `  witnesses   ${w.cosigned.length} of ${w.trusted} trusted witnesses cosigned${names ? ` (${names})` : ''}; quorum ${w.quorum} (${trustWord(w.quorumFrom)})`,
    );
  }
  lines.push(
    `  entries     ${n(r.entries)} entries, canonical and valid; ${n(r.tiles)} tiles match byte for byte; the root matches`,
  );
  const keys = r.keys ? `; ${n(r.keys.registered)} keys registered, ${n(r.keys.revoked)} revoked` : '';
  lines.push(
    `  signatures  ${n(r.signatures.verified)} event signatures valid, each by a key allowed at its index${keys}`,
  );
  const threads = r.signatures.threads;
  const where = threads === 0 ? 'the calling thread' : `${threads} thread${threads === 1 ? '' : 's'}`;
  lines.push(
    `  speed       ${r.seconds.toFixed(2)} s, ${n(Math.round(r.eventsPerSecond))} events/s on ${where}`,
  );
  if (r.figures?.status === 'matched') {
    const list = r.figures.figures.map((f) => `${f.key} ${String(f.rebuilt.value)}`).join(', ');
    lines.push(`  figures     ${r.figures.figures.length} match the published overview: ${list}`);
  } else if (r.figures) {
    lines.push(`  figures     not compared: ${r.figures.note}`);
  }
  if (r.previous) {
    lines.push(`  history     consistent with the checkpoint of size ${n(r.previous.size)} verified before`);
  }
  for (const note of r.notes) if (!note.startsWith('figures not compared')) lines.push(`  note: ${note}`);
  return lines;
}

/** The one line that says why a verification failed. */
export function formatFailure(r: VerifyReport): string {
  return `verification failed: ${r.failure?.message ?? 'unknown reason'}`;
}
