import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, Option } from 'commander';
import { readKeyFile, writeKeyFile } from '../client/signer.js';
import { HttpTransport } from '../client/transport.js';
import { AmanahClient } from '../client/client.js';
import { keyPairFromSeed } from '../domain/keys.js';
import { AmanahError, isAmanahError } from '../domain/errors.js';
import { systemClock } from '../services/clock.js';
import { CommandService } from '../services/command-service.js';
import { validateEvent } from '../services/event-validation.js';
import { replay } from '../services/replay.js';
import { loadOrCreateLogKey } from '../services/log-key.js';
import { Checkpointer } from '../services/checkpointer.js';
import { LogService, type WitnessInfo } from '../services/log-service.js';
import { findSetting } from '../store/checkpoint-repository.js';
import { exportLog } from '../services/log-export.js';
import { registerWitnessCommand } from './witness-command.js';
import { registerVerifyCommand } from './verify-command.js';
import { registerFundCommand } from './fund-command.js';
import { registerIatiImportCommand } from './iati-command.js';
import { serve, type ServeOptions } from './serve.js';
import { isPostgresUrl } from '../store/database.js';
import { openScratchStore } from '../store/scratch-store.js';
import { dbTarget, inProcessTransport, openTarget, originOf, runDemo } from './context.js';
import { progressBar } from './progress.js';
import { registerAccessCommand } from './access-command.js';
import { registerProjectsCommand } from './projects-command.js';
import { registerAccessImportCommands } from './import-command.js';
import { dbOption, intArg } from './options.js';

export function cli(): Command {
  const program = new Command('amanah')
    .description('Amanah: joint, tamper-evident oversight of Gaza reconstruction funds and humanitarian aid')
    .version('0.1.0')
    .configureOutput({
      // one line, like every other error of the CLI
      outputError: (text, write) =>
        write(`amanah: ${text.replace(/^error: /, '').trim()} (see amanah --help)\n`),
    });

  program
    .command('serve')
    .description('serve the API and the portal; fills an empty database with the demo on first start')
    .addOption(dbOption())
    .addOption(
      new Option('--port <n>', 'port to listen on')
        .env('PORT')
        .default(8080)
        .argParser(intArg('port', 0, 65535)),
    )
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .option('--no-demo', 'do not fill an empty database with the demo data set')
    .option('--origin <origin>', 'origin of a new (empty) log', process.env.AMANAH_ORIGIN)
    .option(
      '--log-key <file>',
      "the log's checkpoint key (created for a new log); default: beside the database",
    )
    .option(
      '--witness <vkey@url>',
      'a witness that cosigns checkpoints (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      '--quorum <k>',
      'cosignatures a checkpoint needs (default: a majority of the witnesses)',
      intArg('quorum', 0, 100),
    )
    .option(
      '--local-witnesses <n>',
      'without --witness: run n witnesses in this process',
      intArg('local-witnesses', 0, 10),
      3,
    )
    .action(async (o: ServeOptions) => {
      const target = dbTarget(o.db);
      await serve({ ...o, target, dataDir: dataDirOf(target), demoKeysDir: demoKeysDir(target) });
    });

  program
    .command('init')
    .description('start a new log: record its genesis, signed by the secretariat key')
    .addOption(dbOption())
    .requiredOption('--origin <origin>', "the log's origin, e.g. amanah.example.org/log")
    .requiredOption('--key <file>', 'secretariat key file (created when missing)')
    .option(
      '--title-en <text>',
      'title in English',
      'Amanah — joint oversight of Gaza reconstruction and aid',
    )
    .option('--title-ar <text>', 'title in Arabic', 'أمانة — الرقابة المشتركة على إعادة إعمار غزة والمساعدات')
    .option('--holder <name>', 'who holds the key', 'Head of secretariat')
    .action(
      async (o: {
        db?: string;
        origin: string;
        key: string;
        titleEn: string;
        titleAr: string;
        holder: string;
      }) => {
        if (!existsSync(o.key)) writeKeyFile(o.key, keyPairFromSeed(randomBytes(32)), 'secretariat');
        const signer = readKeyFile(o.key);
        const store = await openTarget(dbTarget(o.db));
        const commands = new CommandService({ store, origin: o.origin, clock: systemClock });
        try {
          const r = await commands.submit(
            signer.sign(o.origin, 'log.genesis', {
              origin: o.origin,
              title: { en: o.titleEn, ar: o.titleAr },
              org: {
                id: 'secretariat',
                kind: 'secretariat',
                name: { en: 'Joint Oversight Secretariat', ar: 'الأمانة المشتركة للرقابة' },
              },
              key: {
                keyId: signer.keyId,
                publicKey: signer.publicKey,
                org: 'secretariat',
                holder: o.holder,
                roles: ['secretariat'],
              },
            }),
          );
          console.log(
            `Log "${o.origin}" started at entry ${r.index}; secretariat key ${signer.keyId} (${o.key})`,
          );
        } finally {
          await commands.close();
          await store.close();
        }
      },
    );

  program
    .command('demo')
    .description('fill a database with the demo data set, through signed commands')
    .addOption(dbOption())
    .option('--seed <n>', 'seed: the same seed gives the same data', intArg('seed', 0, 2 ** 31), 1)
    .option('--scale <n>', 'multiply the data set for benchmarks', intArg('scale', 1, 100_000), 1)
    .option('--keys-dir <dir>', "write the demo actors' key files here")
    .action(async (o: { db?: string; seed: number; scale: number; keysDir?: string }) => {
      const store = await openTarget(dbTarget(o.db));
      try {
        const started = Date.now();
        const s = await runDemo(store, systemClock, o);
        const secs = (Date.now() - started) / 1000;
        console.log(
          `Demo seed ${o.seed} scale ${o.scale}: ${s.events - s.duplicates} events added, ${s.duplicates} already present, in ${secs.toFixed(1)} s (${Math.round(s.events / secs)} commands/s)`,
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('replay')
    .description(
      'rebuild every projection from the log into a fresh database and compare it with the live one',
    )
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const live = await openTarget(dbTarget(o.db));
      const scratch = await openScratchStore(live);
      const bar = progressBar('replay');
      try {
        const r = await replay(live, scratch.store, (_phase, d, t) => bar.update(d, t));
        bar.stop();
        if (r.identical) {
          console.log(
            `identical: ${r.entries} events replayed; ${r.tables.map((t) => `${t.table} ${t.rows}`).join(', ')}`,
          );
        } else {
          const d = r.firstDifference!;
          const what =
            d.kind === 'value'
              ? `column ${d.column}: live ${JSON.stringify(String(d.live))}, replayed ${JSON.stringify(String(d.replayed))}`
              : d.kind === 'missing'
                ? 'row exists in the live database but not in the replay'
                : 'row exists in the replay but not in the live database';
          console.error(`different: table ${d.table}, row ${d.key}: ${what}`);
          process.exitCode = 1;
        }
      } finally {
        bar.stop();
        await scratch.dispose();
        await live.close();
      }
    });

  program
    .command('keygen')
    .description('create an Ed25519 key file for signing commands (kept by its holder, never by the server)')
    .requiredOption('--out <file>', 'where to write the key file (must not exist)')
    .option('--label <text>', 'a label for the key', '')
    .action((o: { out: string; label: string }) => {
      if (existsSync(o.out)) throw new AmanahError('ALREADY_EXISTS', `${o.out} exists; choose another file`);
      const pair = keyPairFromSeed(randomBytes(32));
      writeKeyFile(o.out, pair, o.label);
      console.log(JSON.stringify({ keyId: pair.keyId, publicKey: pair.publicKey, file: o.out }));
    });

  program
    .command('sign')
    .description(
      'sign a command offline with a key file; prints the signed event (JSON) to send with `submit`',
    )
    .requiredOption('--key <file>', 'key file')
    .requiredOption('--origin <origin>', 'the origin of the log the command is for')
    .requiredOption('--type <type>', 'event type, e.g. org.registered')
    .requiredOption('--payload <json|@file>', 'the payload as JSON, or @file')
    .option('--id <id>', 'event id (idempotency key); random when omitted')
    .action((o: { key: string; origin: string; type: string; payload: string; id?: string }) => {
      const signer = readKeyFile(o.key);
      const payload = parseJsonArg(o.payload, '--payload');
      const event = signer.sign(
        o.origin,
        o.type,
        payload as Record<string, unknown>,
        o.id ? { id: o.id } : {},
      );
      validateEvent(event);
      console.log(JSON.stringify(event));
    });

  program
    .command('submit')
    .description('send a signed event (from `sign`) to a server, or straight into a database')
    .argument('<event>', 'signed event JSON, @file, or - for standard input')
    .option('--server <url>', 'server base URL, e.g. http://localhost:8080')
    .addOption(dbOption())
    .action(async (arg: string, o: { server?: string; db?: string }) => {
      const event = validateEvent(parseJsonArg(arg, 'event'));
      if (o.server) {
        console.log(JSON.stringify(await new HttpTransport(o.server).submit(event)));
        return;
      }
      const store = await openTarget(dbTarget(o.db));
      const commands = new CommandService({
        store,
        origin: await originOf(store, 'amanah.local/log'),
        clock: systemClock,
      });
      try {
        console.log(JSON.stringify(await inProcessTransport(commands).submit(event)));
      } finally {
        await commands.close();
        await store.close();
      }
    });

  for (const kind of ['approve', 'object'] as const) {
    program
      .command(kind)
      .description(
        kind === 'approve'
          ? 'approve a proposal with your own key: fetches the proposal, signs the approval of that exact version, sends it'
          : 'object to a proposal, with your reason, on the record',
      )
      .argument('<proposal-id>', 'the proposal')
      .requiredOption('--key <file>', 'your key file (it never leaves this machine)')
      .requiredOption('--server <url>', 'the Amanah server, e.g. http://localhost:8080')
      .option(
        kind === 'approve' ? '--comment <text>' : '--reason <text>',
        kind === 'approve' ? 'a comment for the record' : 'why (required)',
      )
      .action(async (id: string, o: { key: string; server: string; comment?: string; reason?: string }) => {
        if (kind === 'object' && !o.reason)
          throw new AmanahError('VALIDATION_FAILED', 'an objection needs --reason');
        const signer = readKeyFile(o.key);
        const transport = new HttpTransport(o.server);
        const proposal = await transport.get<{ hash: string; title: { en: string }; status: string }>(
          `/api/v1/proposals/${encodeURIComponent(id)}`,
        );
        const payload =
          kind === 'approve'
            ? { proposalId: id, proposalHash: proposal.hash, ...(o.comment ? { comment: o.comment } : {}) }
            : { proposalId: id, proposalHash: proposal.hash, reason: o.reason! };
        const r = await new AmanahClient(transport, signer).send(
          kind === 'approve' ? 'proposal.approved' : 'proposal.objected',
          payload,
        );
        const after = await transport.get<{ status: string; rule: { text: string; met: boolean } }>(
          `/api/v1/proposals/${encodeURIComponent(id)}`,
        );
        console.log(
          `${kind === 'approve' ? 'Approval' : 'Objection'} of "${proposal.title.en}" recorded at log entry ${r.index}; the proposal is ${after.status} (rule: ${after.rule.text}${after.rule.met ? ', met' : ', not met yet'})`,
        );
      });
  }

  registerWitnessCommand(program);
  registerVerifyCommand(program);
  registerFundCommand(program);
  registerIatiImportCommand(program);
  registerAccessImportCommands(program);
  registerAccessCommand(program);
  registerProjectsCommand(program);

  const logCommand = program.command('log').description('the transparency log: checkpoints, tiles, mirrors');
  logCommand
    .command('export')
    .description(
      'write the checkpoint, tiles and entry bundles as static files any web server or CDN can serve',
    )
    .argument('<dir>', 'directory to write (created if missing)')
    .addOption(dbOption())
    .option('--log-key <file>', "the log's checkpoint key, to sign a checkpoint for the current size first")
    .action(async (dir: string, o: { db?: string; logKey?: string }) => {
      const target = dbTarget(o.db);
      const store = await openTarget(target);
      try {
        const origin = await originOf(store, 'amanah.local/log');
        const key = await loadOrCreateLogKey(store, o.logKey ?? join(dataDirOf(target), 'log-key'), origin);
        const checkpointer = new Checkpointer({
          store,
          origin,
          signerKey: key.signerKey,
          clock: systemClock,
        });
        await checkpointer.cut();
        await checkpointer.close();
        const served = JSON.parse(
          (await findSetting(store.db, 'witnesses')) ?? '{"quorum":0,"witnesses":[]}',
        ) as {
          quorum: number;
          witnesses: WitnessInfo[];
        };
        const log = new LogService(store, { verifierKey: key.verifierKey, ...served });
        const bar = progressBar('export');
        const s = await exportLog(store, log, origin, systemClock, dir, (d, t) => bar.update(d, t));
        bar.stop();
        console.log(
          `Exported log "${origin}" at size ${s.size} to ${dir}: ${s.tiles} hash tiles, ${s.bundles} entry bundles, ${(s.bytes / 1024).toFixed(0)} KiB${s.overview ? '' : ' (figures not written: the log grew past the checkpoint)'}`,
        );
      } finally {
        await store.close();
      }
    });

  return program;
}

function parseJsonArg(arg: string, what: string): unknown {
  const text =
    arg === '-' ? readFileSync(0, 'utf8') : arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AmanahError('MALFORMED_JSON', `${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Where files that belong with a database live: beside a SQLite file, else ./data. */
function dataDirOf(target: string): string {
  return isPostgresUrl(target) || target === ':memory:' ? './data' : dirname(target);
}

function demoKeysDir(target: string): string {
  return join(dataDirOf(target), 'demo-keys');
}

/** Runs the CLI; one clear line on stderr and a non-zero exit on any error. */
export async function main(argv: string[]): Promise<void> {
  try {
    await cli().parseAsync(argv);
  } catch (e) {
    if (isAmanahError(e)) console.error(`amanah: ${e.code}: ${e.message}`);
    else console.error(`amanah: ${(e as Error).message ?? String(e)}`);
    process.exitCode = 1;
  }
}
