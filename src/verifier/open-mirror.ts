import { DirectoryMirrorSource } from './directory-mirror-source.js';
import { HttpMirrorSource } from './http-mirror-source.js';
import type { MirrorSource } from './mirror-source.js';

/** The mirror at `target`: an http(s) URL, or else a directory. */
export function openMirror(target: string): MirrorSource {
  return /^https?:\/\//i.test(target) ? new HttpMirrorSource(target) : new DirectoryMirrorSource(target);
}
