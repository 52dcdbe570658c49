/**
 * translog/ is a pure library (STYLE.md "Dependencies point one way"): it imports nothing outside
 * itself, and only crypto.ts touches the platform (node:crypto, Buffer) so a browser build can swap
 * that one file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const DIR = path.resolve(process.cwd(), 'src/translog');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

function imports(source: string): string[] {
  const specs = [...source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((m) => m[1]!);
  const bare = [...source.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!);
  const dynamic = [...source.matchAll(/import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
  return [...specs, ...bare, ...dynamic];
}

describe('translog imports', () => {
  test('there are source files to check', () => {
    expect(files).toContain('crypto.ts');
    expect(files.length).toBeGreaterThan(10);
  });

  test.each(files)('%s imports only sibling files (and crypto.ts only node:crypto)', (file) => {
    const source = readFileSync(path.join(DIR, file), 'utf8');
    for (const spec of imports(source)) {
      if (file === 'crypto.ts' && spec === 'node:crypto') continue;
      expect(spec, `${file} imports ${spec}`).toMatch(/^\.\/[a-z0-9-]+\.js$/);
    }
    if (file !== 'crypto.ts') {
      const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(code, `${file} uses Buffer`).not.toMatch(/\bBuffer\b/);
      expect(code, `${file} uses process`).not.toMatch(/\bprocess\./);
    }
  });

  test('the import scanner sees imports', () => {
    expect(imports(readFileSync(path.join(DIR, 'crypto.ts'), 'utf8'))).toEqual(['node:crypto']);
  });
});
