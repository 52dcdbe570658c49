#!/usr/bin/env node
// Lists the test files that exercise a database chosen by the run (STORE_KINDS or freshStore,
// directly or through a test support module). CI's PostgreSQL pass runs only these:
// every other test file has nothing database-specific and already ran in the SQLite pass.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const testDir = join(root, 'test');
const MARK = /\b(STORE_KINDS|freshStore)\b/;
const IMPORT = /from\s+'(\.{1,2}\/[^']+)'/g;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const files = walk(testDir).filter((f) => !f.startsWith(join(testDir, 'browser') + '/'));
const source = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const memo = new Map();

/** Whether `file` or a test module it imports (transitively) touches the run's database. */
function usesDatabase(file, seen = new Set()) {
  if (memo.has(file)) return memo.get(file);
  if (seen.has(file) || !source.has(file)) return false;
  seen.add(file);
  const text = source.get(file);
  let found = MARK.test(text) && !file.endsWith(join('support', 'stores.ts'));
  for (const m of text.matchAll(IMPORT)) {
    if (found) break;
    const target = resolve(dirname(file), m[1]).replace(/\.js$/, '.ts');
    if (target.startsWith(testDir)) found = usesDatabase(target, seen);
  }
  memo.set(file, found);
  return found;
}

// stores.ts itself is the mark: importing it means choosing a database.
memo.set(join(testDir, 'support', 'stores.ts'), true);
for (const f of files.filter((f) => f.endsWith('.test.ts')).sort())
  if (usesDatabase(f)) console.log(relative(root, f));
