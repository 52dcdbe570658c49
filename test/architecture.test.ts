import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Dependencies point one way (STYLE.md): domain and translog know nothing of frameworks, databases or HTTP. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('architecture', () => {
  it('keeps src/domain free of frameworks, drivers, HTTP and the outer layers', () => {
    const bad = files('src/domain').flatMap((f) =>
      imports(f)
        .filter(
          (i) =>
            !(i.startsWith('.') || i === 'zod' || i === 'node:crypto') ||
            /\/(store|services|http|cli|client)\//.test(i),
        )
        .map((i) => `${relative('.', f)} imports ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('keeps src/translog dependent on node:crypto only, and only in crypto.ts', () => {
    const bad = files('src/translog').flatMap((f) =>
      imports(f)
        .filter((i) =>
          i.startsWith('.') ? i.startsWith('..') : !(i === 'node:crypto' && f.endsWith('crypto.ts')),
        )
        .map((i) => `${relative('.', f)} imports ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('keeps SQL in src/store: no other layer imports kysely, pg or better-sqlite3 at run time', () => {
    const bad = ['src/services', 'src/http', 'src/cli', 'src/client', 'src/demo', 'src/domain'].flatMap((d) =>
      files(d).flatMap((f) =>
        [
          ...readFileSync(f, 'utf8').matchAll(
            /^import\s+(?!type\b)[^'"]*from\s+['"](kysely|pg|better-sqlite3)['"]/gm,
          ),
        ].map((m) => `${relative('.', f)} imports ${m[1]}`),
      ),
    );
    expect(bad).toEqual([]);
  });

  it('keeps tables plain: no views, triggers, functions, cascades or collations, which the write path could not see through', () => {
    // Reading commands' states ahead (src/store/read-ahead.ts) tells what a write may change from the
    // table it names; a view over other tables, a trigger, a function or a cascading foreign key
    // writing elsewhere, would hide that; and it compares text exactly, which a collation other than
    // the default could make wrong.
    const bad = files('src/store/migrations').filter((f) =>
      /create\s+(or\s+replace\s+)?(materialized\s+)?(view|trigger|rule|function|procedure)\b|createView\(|\bcascade\b|\bon\s+(delete|update)\s+set\b|onDelete\(|onUpdate\(|\bcollat(e|ion)\b/i.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(bad).toEqual([]);
  });
});
