import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatEntryBundlePath, formatTilePath, tileLayout } from '../translog/index.js';
import type { Store } from '../store/database.js';
import { logSize } from '../store/log-repository.js';
import type { Clock } from './clock.js';
import type { LogService } from './log-service.js';
import { getOverview } from './overview.js';
import { publishedNote } from './checkpointer.js';

export interface ExportSummary {
  size: number;
  tiles: number;
  bundles: number;
  bytes: number;
  overview: boolean;
}

/**
 * Writes the log as static files in the same layout the server uses (`log/checkpoint`, `log/tile/…`,
 * `api/v1/log`, `api/v1/overview`), so any web server or CDN can mirror it and every client — the
 * verifier included — works against the mirror as against the server.
 */
export async function exportLog(
  store: Store,
  log: LogService,
  origin: string,
  clock: Clock,
  dir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ExportSummary> {
  const checkpoint = await log.checkpoint();
  const size = checkpoint.size;
  const paths: string[] = [];
  for (const { level, fullTiles, partialWidth } of tileLayout(size)) {
    for (let index = 0; index < fullTiles; index++) paths.push(formatTilePath({ level, index, width: 256 }));
    if (partialWidth > 0) paths.push(formatTilePath({ level, index: fullTiles, width: partialWidth }));
    if (level === 0) {
      for (let index = 0; index < fullTiles; index++) paths.push(formatEntryBundlePath(index));
      if (partialWidth > 0) paths.push(formatEntryBundlePath(fullTiles, partialWidth));
    }
  }
  let bytes = 0;
  const write = (path: string, data: Uint8Array | string): void => {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
    bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  };
  for (const [i, path] of paths.entries()) {
    write(`log/${path}`, (await log.tile(path)).bytes);
    onProgress?.(i + 1, paths.length);
  }
  write('api/v1/log', `${JSON.stringify(await log.describe(origin), null, 2)}\n`);
  // The figures describe the projections now: they match the checkpoint only if nothing came since.
  const overview = (await logSize(store.db)) === size;
  if (overview) write('api/v1/overview', `${JSON.stringify(await getOverview(store, clock), null, 2)}\n`);
  write('log/checkpoint', publishedNote(checkpoint)); // the checkpoint whose tiles were written above
  return {
    size,
    tiles: paths.filter((p) => !p.startsWith('tile/entries/')).length,
    bundles: paths.filter((p) => p.startsWith('tile/entries/')).length,
    bytes,
    overview,
  };
}
