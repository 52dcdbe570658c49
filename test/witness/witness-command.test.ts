/**
 * `amanah witness keygen | vkey | serve` as a user runs them, through a stand-in entry point
 * (test/witness/cli-entry.ts) until main.ts registers the command: a real process, real files, real
 * HTTP, and SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { formatAddCheckpointRequest, noteVerifier, verifyNote } from '../../src/translog/index.js';
import { logsFromVerifierKeys } from '../../src/cli/witness-command.js';
import { originHash } from '../../src/witness/witness-state-store.js';
import { TestLog, postAddCheckpoint, tempDir } from './support.js';

const ENTRY = ['--import', 'tsx', 'test/witness/cli-entry.ts'];

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function start(
  args: string[],
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not ready:\n${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, output: () => out });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!ready.test(out)) reject(new Error(`exited with ${code} before ready:\n${out}`));
    });
  });
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('amanah witness', () => {
  test('keygen writes a 0600 key file and prints its vkey; vkey prints it again; no overwrite', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const file = join(dir.path, 'w.key');
    const made = await run(['witness', 'keygen', '--name', 'witness.test/cli', '--out', file]);
    expect(made.code, made.stderr).toBe(0);
    const vkey = made.stdout.trim();
    expect(vkey).toMatch(/^witness\.test\/cli\+[0-9a-f]{8}\+B[A-Za-z0-9+/]{43}$/); // type 0x04 → "B…"
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/^PRIVATE\+KEY\+witness\.test\/cli\+/);

    const shown = await run(['witness', 'vkey', '--key', file]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(`${vkey}\n`);

    const again = await run(['witness', 'keygen', '--name', 'witness.test/cli', '--out', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^amanah: ALREADY_EXISTS: .*exists/);
    const missing = await run(['witness', 'vkey', '--key', join(dir.path, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^amanah: NOT_FOUND: /);
    const badName = await run(['witness', 'keygen', '--name', 'bad name', '--out', join(dir.path, 'x')]);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/VALIDATION_FAILED/);
  });

  test('serve cosigns over HTTP, keeps its state in --state and stops cleanly on SIGTERM', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const keyFile = join(dir.path, 'w.key');
    const stateDir = join(dir.path, 'state');
    const vkey = (
      await run(['witness', 'keygen', '--name', 'witness.test/serve', '--out', keyFile])
    ).stdout.trim();
    const log = await new TestLog('log.test/cli').append(6);
    const other = await new TestLog('log.test/cli-other').append(1);

    const { child, match } = await start(
      [
        'witness',
        'serve',
        '--port',
        '0',
        '--key',
        keyFile,
        '--state',
        stateDir,
        '--log-key',
        log.vkey,
        '--log-key',
        other.vkey,
        '--name',
        'witness.test/serve',
      ],
      /Witness witness\.test\/serve listening on (http:\/\/127\.0\.0\.1:\d+); verifier key (\S+)\n/,
    );
    const url = match[1]!;
    expect(match[2]).toBe(vkey);
    try {
      const info = (await (await fetch(`${url}/`)).json()) as { logs: string[] };
      expect(info.logs).toEqual([log.origin, other.origin]);
      const cp = await log.checkpoint();
      const res = await postAddCheckpoint(url, formatAddCheckpointRequest(0, [], cp));
      expect(res.status, res.body).toBe(200);
      expect(verifyNote(cp + res.body, [noteVerifier(vkey)]).verified).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    const stored = JSON.parse(await readFile(join(stateDir, originHash(log.origin)), 'utf8')) as {
      size: number;
    };
    expect(stored.size).toBe(6);
  });

  test('serve refuses a --name that is not the key name, and a malformed --log-key', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const keyFile = join(dir.path, 'w.key');
    await run(['witness', 'keygen', '--name', 'witness.test/real', '--out', keyFile]);
    const log = new TestLog('log.test/x');
    const base = ['witness', 'serve', '--port', '0', '--key', keyFile, '--state', join(dir.path, 's')];
    const wrongName = await run([...base, '--log-key', log.vkey, '--name', 'witness.test/other']);
    expect(wrongName.code).toBe(1);
    expect(wrongName.stderr).toMatch(/^amanah: CONFIG_INVALID: the witness is named "witness.test\/other"/);
    const badKey = await run([...base, '--log-key', 'log.test/x+00000000+AAAA']);
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/^amanah: CONFIG_INVALID: --log-key/);
    const noLog = await run(base);
    expect(noLog.code).toBe(1);
    expect(noLog.stderr).toMatch(/--log-key/);
  });

  test('--log-key: the key name is the origin; several keys of one log are one log', () => {
    const a = new TestLog('log.test/a');
    const a2 = new TestLog('log.test/a');
    const b = new TestLog('log.test/b');
    expect(logsFromVerifierKeys([a.vkey, b.vkey, a2.vkey, a.vkey])).toEqual([
      { origin: 'log.test/a', verifierKeys: [a.vkey, a2.vkey] },
      { origin: 'log.test/b', verifierKeys: [b.vkey] },
    ]);
  });
});
