import { type Command } from 'commander';
import { AmanahError } from '../domain/errors.js';
import {
  formatFailure,
  formatReport,
  openMirror,
  readStateFile,
  verifyLog,
  writeStateFile,
} from '../verifier/index.js';
import { progressBar } from './progress.js';
import { intArg } from './options.js';

const collect = (v: string, all: string[]): string[] => [...all, v];

interface VerifyCommandOptions {
  logKey?: string;
  witness: string[];
  quorum?: number;
  state?: string;
  concurrency: number;
}

/** `amanah verify <URL|DIR>`: checks a whole log from a mirror; exit 0 only when everything holds. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'verify a whole log from a mirror: the checkpoint and its cosignatures, every entry, tile and signature, and the published figures',
    )
    .argument(
      '<mirror>',
      'an http(s) base URL (a server or a static copy) or a directory exported by `amanah log export`',
    )
    .option(
      '--log-key <vkey>',
      "the log's verifier key (default: pinned in --state, else the one the mirror publishes, taken on trust)",
    )
    .option(
      '--witness <vkey>',
      "a trusted witness's cosignature/v1 key; repeat for each (default: pinned in --state, else the published ones)",
      collect,
      [],
    )
    .option(
      '--quorum <k>',
      'cosignatures required from those witnesses (default: pinned in --state, else published)',
      intArg('--quorum', 0, 1000),
    )
    .option(
      '--state <file>',
      'remember the keys and the verified checkpoint in this file; later runs require the same keys and a log that only grew',
    )
    .option('--concurrency <n>', 'downloads at once', intArg('--concurrency', 1, 256), 8)
    .action(async (mirror: string, o: VerifyCommandOptions) => {
      const state = o.state === undefined ? undefined : readStateFile(o.state);
      const bar = progressBar('verify');
      let report;
      try {
        report = await verifyLog(
          openMirror(mirror),
          {
            logKey: o.logKey,
            witnesses: o.witness.length > 0 ? o.witness : undefined,
            quorum: o.quorum,
            state,
            concurrency: o.concurrency,
          },
          (p) => bar.update(p.done, p.total),
        );
      } finally {
        bar.stop();
      }
      if (!report.ok) {
        // One line naming the first bad entry, tile, signature or figure; the CLI exits with 1.
        throw new AmanahError(report.failure!.code, formatFailure(report));
      }
      const lines = formatReport(report);
      if (o.state !== undefined) {
        writeStateFile(o.state, report.state!);
        lines.push(`  state       ${o.state} now holds the checkpoint of size ${report.state!.size}`);
      }
      console.log(lines.join('\n'));
    });
}
