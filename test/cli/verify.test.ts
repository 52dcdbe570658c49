import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatEntryBundlePath, formatTilePath } from '../../src/translog/index.js';
import { amanah, exited, startAmanah } from '../support/cli.js';

describe('amanah verify against the running demo and its exported mirror', () => {
  it('exits 0 for the live server and the mirror, and non-zero naming the place after a tamper', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amanah-verify-'));
    const db = join(dir, 'amanah.db');
    const { child, match } = await startAmanah(
      ['serve', '--port', '0', '--db', db],
      /Open http:\/\/localhost:(\d+)/,
    );
    const base = `http://127.0.0.1:${match[1]}`;
    try {
      // wait for the first checkpoint cosigned by the quorum
      for (let i = 0; i < 100; i++) {
        const log = (await (await fetch(`${base}/api/v1/log`)).json()) as {
          checkpoint: { cosignatures: number } | null;
        };
        if ((log.checkpoint?.cosignatures ?? 0) >= 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const state = join(dir, 'state.json');
      const live = await amanah(['verify', base, '--state', state]);
      expect(live.stderr).toBe('');
      expect(live.code).toBe(0);
      expect(live.stdout).toMatch(/witnesses\s+3 of 3 trusted witnesses cosigned/);
      expect(live.stdout).toMatch(/figures\s+\d+ match the published overview: memberStates 7/);

      const mirror = join(dir, 'mirror');
      const exported = await amanah(['log', 'export', mirror, '--db', db]);
      expect(exported.stdout).toMatch(/^Exported log "demo.amanah.local\/log" at size \d+/);
      const fromMirror = await amanah(['verify', mirror, '--state', state]);
      expect(fromMirror.code).toBe(0);
      expect(fromMirror.stdout).toMatch(/log key .*\(pinned in the state\): signature valid/);

      // One byte of the entries, of the tile, or of the checkpoint: each is caught and named.
      const flip = (file: string, at: (b: Buffer) => number): (() => void) => {
        const original = readFileSync(file);
        const b = Buffer.from(original);
        b[at(b)]! ^= 0x01;
        writeFileSync(file, b);
        return () => writeFileSync(file, original);
      };
      const size = Number(/size (\d+)/.exec(exported.stdout)![1]);
      // the right-edge (partial) tiles of the exported size
      const last = Math.floor(size / 256);
      const width = size % 256;
      expect(width).toBeGreaterThan(0); // the demo's size is not a multiple of 256
      const entries = formatEntryBundlePath(last, width);
      const level0 = formatTilePath({ level: 0, index: last, width });
      const named = (path: string) => new RegExp(path.replace(/[./]/g, (c) => `\\${c}`));
      for (const [file, at, pattern] of [
        [join(mirror, 'log', entries), (b: Buffer) => Math.floor(b.length / 2), named(entries)],
        [join(mirror, 'log', level0), (_b: Buffer) => 40, new RegExp(`${named(level0).source}|root`)],
        [
          join(mirror, 'log/checkpoint'),
          (b: Buffer) => b.indexOf('\n', b.indexOf('\n') + 1) + 5,
          /checkpoint|signature|root/i,
        ],
      ] as const) {
        const restore = flip(file, at);
        const r = await amanah(['verify', mirror]);
        expect(r.code, `${file} tampered`).toBe(1);
        expect(r.stderr).toMatch(pattern);
        restore();
      }
      expect((await amanah(['verify', mirror, '--state', state])).code).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
  }, 180_000);
});
