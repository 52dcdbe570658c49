/**
 * A stand-in for bin/amanah.js while `registerWitnessCommand` is not yet wired into src/cli/main.ts:
 * the same program setup and error printing, with only the witness commands. Run with
 * `node --import tsx test/witness/cli-entry.ts witness …`.
 */
import { Command } from 'commander';
import { registerWitnessCommand } from '../../src/cli/witness-command.js';
import { isAmanahError } from '../../src/domain/errors.js';

const program = new Command('amanah').configureOutput({
  outputError: (text, write) => write(`amanah: ${text.replace(/^error: /, '').trim()} (see amanah --help)\n`),
});
registerWitnessCommand(program);
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (isAmanahError(e)) console.error(`amanah: ${e.code}: ${e.message}`);
  else console.error(`amanah: ${(e as Error).message ?? String(e)}`);
  process.exitCode = 1;
}
