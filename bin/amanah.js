#!/usr/bin/env node
// The `amanah` command. It runs the compiled CLI in dist/ (built by `npm ci`, `npm run build` or `npm start`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('amanah: not built yet: run `npm run build` (npm ci and npm start do it for you)');
  process.exit(1);
}
await import(entry.href);
