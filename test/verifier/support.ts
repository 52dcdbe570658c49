import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignedEvent } from '../../src/domain/envelope.js';
import type { MirrorSource } from '../../src/verifier/index.js';
import { governanceEvents, testActors, type TestActors } from './log-events.js';
import { mirrorKeys, writeMirror, type MirrorOptions, type WrittenMirror } from './mirror-fixture.js';

export const ORIGIN = 'verify.amanah.local/log';

const dirs: string[] = [];

/** A fresh temporary directory, removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'amanah-verify-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export const ACTORS: TestActors = testActors();
export const KEYS = mirrorKeys(ORIGIN);

/** The standard test log: the governance events and `partners` more (310 entries by default: two bundles). */
export function standardEvents(partners = 300): SignedEvent[] {
  return governanceEvents(ORIGIN, partners, ACTORS);
}

/** Writes a mirror of the standard log (or `entries`) to a fresh directory. */
export function mirror(options: Partial<MirrorOptions> = {}): Promise<WrittenMirror> {
  return writeMirror(tempDir(), { keys: KEYS, entries: standardEvents(), ...options });
}

/** A source that serves another with one byte of one file changed (XOR `mask`). */
export function tampered(source: MirrorSource, path: string, position: number, mask: number): MirrorSource {
  return {
    location: source.location,
    async read(p: string, maxBytes: number): Promise<Uint8Array | undefined> {
      const data = await source.read(p, maxBytes);
      if (p !== path || data === undefined) return data;
      const copy = new Uint8Array(data);
      copy[position % copy.length]! ^= mask;
      return copy;
    },
  };
}
