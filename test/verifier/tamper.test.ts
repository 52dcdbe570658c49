import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryMirrorSource, verifyLog } from '../../src/verifier/index.js';
import type { WrittenMirror } from './mirror-fixture.js';
import { mirror, removeTempDirs, tampered } from './support.js';

let m: WrittenMirror;
beforeAll(async () => {
  m = await mirror();
});
afterAll(removeTempDirs);

/** What a failure must name for a change in each stored file. */
function expectedName(file: string): RegExp {
  if (file === 'log/checkpoint') return /^checkpoint: /;
  const path = file.replace(/^log\//, '');
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // an entry bundle is named by its path (each entry message carries it); a tile by its path
  return new RegExp(`(^|\\()${escaped}[:)]`);
}

describe('a changed byte anywhere in the stored log', () => {
  it('makes verification fail, naming the file or the entry', async () => {
    const files = m.files.filter((f) => f.startsWith('log/'));
    expect(files).toEqual([
      'log/tile/entries/000',
      'log/tile/entries/001.p/54',
      'log/tile/0/000',
      'log/tile/0/001.p/54',
      'log/tile/1/000.p/1',
      'log/checkpoint',
    ]);
    const base = new DirectoryMirrorSource(m.dir);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (file, position, mask) => {
          const r = await verifyLog(tampered(base, file, position, mask), { threads: 0 });
          expect(r.ok).toBe(false);
          expect(r.failure!.message).toMatch(expectedName(file));
        },
      ),
      { numRuns: 50 },
    );
  }, 120_000);
});
