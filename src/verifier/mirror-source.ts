/**
 * Where a verifier reads a log from: a mirror, reachable as an http(s) base URL or as a directory,
 * with the same layout under it (the mirror contract):
 *
 * - `log/checkpoint`: the signed checkpoint (c2sp.org/tlog-checkpoint), with witness cosignatures;
 * - `log/tile/<L>/<N>[.p/<W>]` and `log/tile/entries/<N>[.p/<W>]`: hash tiles and entry bundles
 *   (c2sp.org/tlog-tiles);
 * - `api/v1/log`: what the log publishes about itself (origin, log key, witnesses, quorum);
 * - `api/v1/overview`: the public key figures computed from the log's projections.
 *
 * The interface is one method so that a browser build can implement it with `fetch` alone.
 */

import { AmanahError } from '../domain/errors.js';

/** Read access to a mirror. Paths are relative to the mirror's base, without a leading slash. */
export interface MirrorSource {
  /** The base URL or directory, for messages. */
  readonly location: string;
  /**
   * The bytes stored at `path`, or `undefined` when the mirror has nothing there (HTTP 404, no such
   * file). Throws when the mirror cannot be read (unreachable after retries, another HTTP error), or
   * when the resource is larger than `maxBytes`: a hostile mirror must not exhaust the verifier's
   * memory, so nothing larger than the log format allows is read.
   */
  read(path: string, maxBytes: number): Promise<Uint8Array | undefined>;
}

/** tlog-tiles "Merkle Tree": a full tile is 256 hashes, 8,192 bytes. */
export const MAX_TILE_BYTES = 256 * 32;

/** tlog-tiles "Log entries": 256 entries, each a uint16 length and at most 65,535 bytes. */
export const MAX_BUNDLE_BYTES = 256 * (2 + 0xffff);

/** The checkpoint and the JSON documents: far more than any of them needs. */
export const MAX_DOCUMENT_BYTES = 4 * 2 ** 20;

/** The error a source throws for a resource larger than asked. */
export function tooLarge(location: string, path: string, maxBytes: number): AmanahError {
  return new AmanahError(
    'VALIDATION_FAILED',
    `${path} of ${location} is larger than ${maxBytes} bytes, more than the log format allows`,
  );
}

/** The signed checkpoint. */
export const CHECKPOINT_PATH = 'log/checkpoint';

/** The directory of hash tiles and entry bundles: `tile/…` paths (tlog-tiles) live under it. */
export const TILES_PREFIX = 'log/';

/** What the log publishes about itself. */
export const LOG_INFO_PATH = 'api/v1/log';

/** The public key figures. */
export const OVERVIEW_PATH = 'api/v1/overview';

/** The mirror path of a tlog-tiles resource path (`tile/0/000` → `log/tile/0/000`). */
export function tileResourcePath(tilePath: string): string {
  return `${TILES_PREFIX}${tilePath}`;
}
