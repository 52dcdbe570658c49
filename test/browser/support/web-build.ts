import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, webRoot } from './paths.js';

function newestModification(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((entry) => newestModification(join(path, entry))));
}

function builtAt(): number {
  try {
    return statSync(join(webRoot, 'dist', 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds web/dist exactly as `npm run build:web` does, unless it is newer than every source file.
 * It runs in a child process because vitest sets NODE_ENV=test, which would give a development build
 * of React (and StrictMode's doubled requests) instead of the one the server ships.
 */
export async function ensureWebBuild(): Promise<void> {
  const sources = [
    ...['src', 'public', 'index.html', 'vite.config.ts'].map((entry) => join(webRoot, entry)),
    // The page runs the server's verification code (see web/vite.config.ts).
    join(repoRoot, 'src', 'translog'),
    join(repoRoot, 'src', 'domain', 'canonical-json.ts'),
  ];
  if (builtAt() > Math.max(...sources.map(newestModification))) return;
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`vite build failed with exit code ${code}`);
}
