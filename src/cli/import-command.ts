import { basename, join } from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { AmanahClient } from '../client/client.js';
import { readKeyFile } from '../client/signer.js';
import { AmanahError } from '../domain/errors.js';
import { importFile, summaryLine, type ImportSource } from '../import/importer.js';
import { importTarget } from '../services/access.js';
import { systemClock } from '../services/clock.js';
import { CommandService } from '../services/command-service.js';
import { dbTarget, inProcessTransport, openTarget, originOf } from './context.js';
import { importGroup } from './iati-command.js';
import { progressBar } from './progress.js';

const HELP: Record<ImportSource, string> = {
  cogat: "COGAT's consignment list (CSV: Index, Date, Route, Classification, Donor, Aid (tons))",
  unrwa: "UNRWA's supplies and dispatch tracking workbook (.xlsx, sheet of line items)",
  csv: 'a partner file in the Amanah CSV/HXL template (GET /api/v1/access/import-template.csv)',
};

/** `amanah import cogat|unrwa|csv FILE`: consignment line lists, signed by an access officer in batches. */
export function registerAccessImportCommands(program: Command): void {
  for (const source of ['cogat', 'unrwa', 'csv'] as const) {
    importGroup(program)
      .command(source)
      .description(`record the consignments of ${HELP[source]}; rows already recorded are skipped`)
      .addArgument(new Argument('<file>', 'the file to import'))
      .requiredOption(
        '--key <file>',
        "an access officer's key file (the demo's: data/demo-keys/secretariat-access.json)",
      )
      .addOption(
        new Option(
          '--db <path|url>',
          'SQLite file or postgres:// URL (default: $DATABASE_URL, else ./data/amanah.db)',
        ),
      )
      .option('--report <file>', 'where to write the rejected rows with their reasons (CSV)')
      .action(async (file: string, o: { key: string; db?: string; report?: string }) => {
        const signer = readKeyFile(o.key);
        const store = await openTarget(dbTarget(o.db));
        const commands = new CommandService({
          store,
          origin: await originOf(store, 'amanah.local/log'),
          clock: systemClock,
        });
        const transport = inProcessTransport(commands);
        const bar = progressBar(`${source} ${basename(file)}`);
        try {
          const s = await importFile({
            source,
            path: file,
            // a large file is read, checked and signed on a worker thread, beside the command service
            target: importTarget(store, new AmanahClient(transport, signer), {
              key: { file: o.key },
              transport,
            }),
            now: () => systemClock.now(),
            reportPath:
              o.report ?? join('data', 'import-reports', `${source}-${basename(file)}.rejected.csv`),
            onProgress: (d, t) => bar.update(d, t),
          });
          bar.stop();
          console.log(summaryLine(s));
          for (const [reason, n] of [...s.reasons].sort((a, b) => b[1] - a[1]).slice(0, 5))
            console.log(`  ${n} × ${reason}`);
        } catch (e) {
          bar.stop();
          if (e instanceof AmanahError) throw e;
          throw new AmanahError(
            'INTERNAL',
            `the import stopped: ${(e as Error).message}; rows recorded so far stay recorded, run it again to continue`,
          );
        } finally {
          await commands.close();
          await store.close();
        }
      });
  }
}
