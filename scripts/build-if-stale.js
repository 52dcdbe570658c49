// Runs `npm run build` when dist/ or web/dist/ is missing or older than the sources, so that
// `npm start` always serves what is in the tree without rebuilding needlessly.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
const server = mtime('dist/cli/run.js');
const web = mtime('web/dist/index.html');
const stale =
  server === 0 ||
  web === 0 ||
  newest('src') > server ||
  newest('web/src') > web ||
  mtime('web/index.html') > web;
if (stale) {
  console.log('Building Amanah (server and portal)…');
  execSync('npm run build --silent', { stdio: 'inherit' });
}
