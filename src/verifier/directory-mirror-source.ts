import { open } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { AmanahError } from '../domain/errors.js';
import { tooLarge, type MirrorSource } from './mirror-source.js';

/** A mirror exported to a directory (`amanah log export DIR`), read with node:fs. */
export class DirectoryMirrorSource implements MirrorSource {
  readonly location: string;
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
    this.location = this.root;
  }

  async read(path: string, maxBytes: number): Promise<Uint8Array | undefined> {
    const file = resolve(this.root, path);
    // Paths come from the verifier itself, but a mirror must never make it read outside its directory.
    if (!file.startsWith(this.root + sep)) {
      throw new AmanahError('VALIDATION_FAILED', `${path} is outside the mirror directory ${this.root}`);
    }
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new AmanahError('NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`);
    }
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) throw tooLarge(this.location, path, maxBytes);
      const data = await handle.readFile();
      if (data.length > maxBytes) throw tooLarge(this.location, path, maxBytes);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } finally {
      await handle.close();
    }
  }
}
