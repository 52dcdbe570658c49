import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { repoRoot } from './paths.js';

export interface AmanahServer {
  /** e.g. http://127.0.0.1:41234, without a trailing slash. */
  readonly url: string;
  /** Everything the server printed, for failure messages. */
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

/**
 * Starts the real server, `node bin/amanah.js serve`, on a fresh SQLite database in a temporary
 * directory (the server fills it with demo data on first start), and waits until
 * `GET /api/v1/health` answers 200.
 */
export async function startAmanahServer(healthTimeoutMs = 90_000): Promise<AmanahServer> {
  const dir = await mkdtemp(join(tmpdir(), 'amanah-browser-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['bin/amanah.js', 'serve', '--port', String(port), '--db', join(dir, 'amanah.db')],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = once(child, 'exit');

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + healthTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `amanah serve exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output}`,
      );
    }
    try {
      const response = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`amanah serve was not healthy within ${healthTimeoutMs} ms:\n${output}`);
    }
    await sleep(250);
  }
  return { url, output: () => output, stop };
}
