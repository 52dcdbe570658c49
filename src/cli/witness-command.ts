/**
 * `amanah witness …`: run a c2sp.org/tlog-witness witness, and make and show its key.
 *
 *   amanah witness serve --port N --key FILE --log-key VKEY… [--state DIR] [--host H] [--name NAME]
 *   amanah witness keygen --name NAME --out FILE
 *   amanah witness vkey --key FILE
 */
import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { AmanahError } from '../domain/errors.js';
import { isTranslogError, parseVerifierKey } from '../translog/index.js';
import type { WitnessedLog } from '../witness/witness-service.js';
import { generateWitnessKey, readWitnessKeyFile, writeWitnessKeyFile } from '../witness/witness-key.js';

/** Where `witness serve` keeps its state unless `--state` says otherwise. */
export const DEFAULT_WITNESS_STATE_DIR = './data/witness';

function portArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n > 65535) {
    throw new InvalidArgumentError('port must be an integer from 0 to 65535');
  }
  return n;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Groups `--log-key` verifier keys by log. The origin of a log is the key name of its checkpoint key
 * (tlog-checkpoint: the log's key name SHOULD match the origin line); several keys with one name are
 * one log with several keys (key rotation). Throws `CONFIG_INVALID` for a key that does not parse.
 */
export function logsFromVerifierKeys(vkeys: readonly string[]): WitnessedLog[] {
  const byOrigin = new Map<string, string[]>();
  for (const vkey of vkeys) {
    let name: string;
    try {
      name = parseVerifierKey(vkey).name;
    } catch (e) {
      if (isTranslogError(e)) throw new AmanahError('CONFIG_INVALID', `--log-key ${vkey}: ${e.message}`);
      throw e;
    }
    const keys = byOrigin.get(name) ?? [];
    if (!keys.includes(vkey)) keys.push(vkey);
    byOrigin.set(name, keys);
  }
  return [...byOrigin].map(([origin, verifierKeys]) => ({ origin, verifierKeys }));
}

interface ServeOptions {
  port: number;
  key: string;
  logKey: string[];
  state: string;
  host: string;
  name?: string;
}

async function serve(o: ServeOptions): Promise<void> {
  const key = await readWitnessKeyFile(o.key);
  if (key.permissive) {
    console.error(`amanah: warning: witness key file ${o.key} is readable by others; chmod 600 it`);
  }
  const { pino } = await import('pino');
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  // Loaded only when serving: keeps keygen and vkey quick.
  const { buildWitnessApp } = await import('../witness/witness-app.js');
  const app = await buildWitnessApp({
    name: o.name,
    signerKey: key.signerKey,
    logs: logsFromVerifierKeys(o.logKey),
    stateDir: o.state,
    clock: { now: () => new Date() },
    logger,
  });
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: finishing in-flight requests, then closing`);
    // close() waits for requests in flight, and so for the state writes they make.
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: o.port, host: o.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const info = app.witness.info();
  console.log(`Witness ${info.name} listening on http://${host}:${port}; verifier key ${info.verifierKey}`);
  console.log(`Cosigning ${info.logs.length} log(s): ${info.logs.join(', ')}; state in ${o.state}`);
}

/** Adds `witness serve`, `witness keygen` and `witness vkey` to the CLI. */
export function registerWitnessCommand(program: Command): void {
  const witness = program
    .command('witness')
    .description('run a transparency-log witness (c2sp.org/tlog-witness) that cosigns checkpoints');

  witness
    .command('serve')
    .description('serve POST /add-checkpoint and the latest cosigned checkpoints')
    .requiredOption('--port <n>', 'port to listen on (0: any free port)', portArg)
    .requiredOption('--key <file>', 'witness key file (from witness keygen)')
    .requiredOption(
      '--log-key <vkey>',
      "verifier key of a log to cosign; its key name is the log's origin (repeat for more logs or keys)",
      collect,
    )
    .option('--state <dir>', 'directory for the per-log witness state', DEFAULT_WITNESS_STATE_DIR)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--name <name>', "the witness's name; must be the key's name (checked)")
    .action((o: ServeOptions) => serve(o));

  witness
    .command('keygen')
    .description('create a witness key file (mode 0600) and print its cosignature/v1 verifier key')
    .requiredOption('--name <name>', 'the witness name, a schema-less URL such as witness.example.org/amanah')
    .requiredOption('--out <file>', 'where to write the key file (must not exist)')
    .action(async (o: { name: string; out: string }) => {
      if (existsSync(o.out)) throw new AmanahError('ALREADY_EXISTS', `${o.out} exists; choose another file`);
      const key = generateWitnessKey(o.name);
      await writeWitnessKeyFile(o.out, key);
      console.log(key.verifierKey);
    });

  witness
    .command('vkey')
    .description("print the witness's cosignature/v1 verifier key (type 0x04) from its key file")
    .requiredOption('--key <file>', 'witness key file')
    .action(async (o: { key: string }) => {
      console.log((await readWitnessKeyFile(o.key)).verifierKey);
    });
}
