/**
 * The `verify` command in a commander program of its own, run in this process the way
 * src/cli/main.ts runs the CLI: output captured, one line on stderr and exit code 1 on an error.
 */
import { Command } from 'commander';
import { isAmanahError } from '../../src/domain/errors.js';
import { registerVerifyCommand } from '../../src/cli/verify-command.js';

export interface ProgramRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runVerifyCommand(args: string[]): Promise<ProgramRun> {
  const program = new Command('amanah').exitOverride();
  registerVerifyCommand(program);
  let stdout = '';
  let stderr = '';
  program.configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void (stdout += `${a.join(' ')}\n`);
  console.error = (...a: unknown[]) => void (stderr += `${a.join(' ')}\n`);
  let code = 0;
  try {
    await program.parseAsync(['node', 'amanah', 'verify', ...args]);
  } catch (e) {
    if (isAmanahError(e)) stderr += `amanah: ${e.code}: ${e.message}\n`;
    else stderr += `amanah: ${(e as Error).message}\n`;
    code = 1;
  } finally {
    console.log = log;
    console.error = error;
  }
  return { code, stdout, stderr };
}
