import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { readKeyFile } from '../client/signer.js';
import { HttpTransport, type Transport } from '../client/transport.js';
import { AmanahError } from '../domain/errors.js';
import { systemClock } from '../services/clock.js';
import { CommandService } from '../services/command-service.js';
import { DEFAULT_IATI_SCHEMA_DIR, importIati, type IatiImportSummary } from '../services/iati/import.js';
import { dbTarget, inProcessTransport, openTarget, originOf } from './context.js';
import { progressBar } from './progress.js';

/** The `import` command group, shared by every importer (created by whichever registers first). */
export function importGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('read public data files into signed events')
  );
}

/** `amanah import iati FILE…`: activities other organisations published in IATI. */
export function registerIatiImportCommand(program: Command): void {
  importGroup(program)
    .command('iati')
    .description(
      'record the activities and transactions of IATI 2.x activity files (refused whole if a file fails the IATI schema)',
    )
    .argument('<files...>', 'IATI activity XML files')
    .requiredOption(
      '--key <file>',
      "a secretariat key file (the demo's: data/demo-keys/secretariat-head.json)",
    )
    .addOption(
      new Option(
        '--db <path|url>',
        'SQLite file or postgres:// URL (default: $DATABASE_URL, else ./data/amanah.db)',
      ),
    )
    .option('--server <url>', 'send to a running server instead of writing to a database')
    .option(
      '--schema-dir <dir>',
      'directory of the IATI 2.03 activity schema (.xsd files)',
      DEFAULT_IATI_SCHEMA_DIR,
    )
    .option('--report <file>', 'write the rejected activities, with line and reason, as JSON')
    .action(
      async (
        files: string[],
        o: { key: string; db?: string; server?: string; schemaDir: string; report?: string },
      ) => {
        if (o.server && o.db) throw new AmanahError('VALIDATION_FAILED', 'give --server or --db, not both');
        const signer = readKeyFile(o.key);
        let transport: Transport;
        let close = async (): Promise<void> => {};
        if (o.server) transport = new HttpTransport(o.server);
        else {
          const store = await openTarget(dbTarget(o.db));
          const commands = new CommandService({
            store,
            origin: await originOf(store, 'amanah.local/log'),
            clock: systemClock,
          });
          transport = inProcessTransport(commands);
          close = async () => {
            await commands.close();
            await store.close();
          };
        }
        const summaries: IatiImportSummary[] = [];
        try {
          for (const file of files) {
            const bar = progressBar(`iati ${file}`);
            try {
              const s = await importIati({
                file,
                signer,
                transport,
                schemaDir: o.schemaDir,
                onProgress: (d, t) => bar.update(d, t),
              });
              summaries.push(s);
            } finally {
              bar.stop();
            }
          }
        } finally {
          await close();
        }
        for (const s of summaries) {
          const a = s.activities;
          console.log(
            `${s.file}: ${a.seen} activities read, ${a.recorded} recorded, ${a.unchanged} already recorded, ${a.rejected} rejected; ${s.transactions} transactions recorded`,
          );
          for (const r of s.rejections.slice(0, 5))
            console.log(`  line ${r.line}${r.identifier ? ` (${r.identifier})` : ''}: ${r.reason}`);
          if (s.rejections.length > 5) console.log(`  … and ${s.rejections.length - 5} more`);
        }
        if (o.report) {
          writeFileSync(
            o.report,
            JSON.stringify(
              summaries.map((s) => ({ file: s.file, sha256: s.sha256, rejections: s.rejections })),
              null,
              2,
            ),
          );
          console.log(`Rejections written to ${o.report}`);
        }
      },
    );
}
