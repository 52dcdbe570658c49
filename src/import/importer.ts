import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkConsignment } from '../domain/access/decide.js';
import type { Consignment } from '../domain/access/events.js';
import { isAmanahError } from '../domain/errors.js';
import type { AmanahClient } from '../client/client.js';
import { readCsvRecords } from './csv-reader.js';
import { partnerConsignments } from './partner-csv.js';
import { COGAT_HEADER, cogatRow, SOURCE_ROUTES, unrwaRow, UNRWA_HEADER, type RowResult } from './sources.js';
import { readXlsxRows } from './xlsx-reader.js';

export type ImportSource = 'cogat' | 'unrwa' | 'csv';

/** What the importer needs from the log it writes to. */
export interface ImportTarget {
  /** the client that signs and sends (an access officer's key) */
  client: AmanahClient;
  /** which of these consignment ids are already recorded */
  known(ids: readonly string[]): Promise<Set<string>>;
  crossings(): Promise<Set<string>>;
  listVersions(): Promise<Set<number>>;
}

export interface ImportSummary {
  source: ImportSource;
  file: string;
  sha256: string;
  rows: number;
  accepted: number;
  /** rows already in the log (an earlier import of the same rows) */
  present: number;
  rejected: number;
  /** reason → how many rows */
  reasons: Map<string, number>;
  events: number;
  /** routes the file names that the log did not know, registered by the import */
  crossingsRegistered: string[];
  seconds: number;
  report: string;
}

/** A signed entry stays under 64 KiB (tlog-tiles); the batch payload keeps well below it. */
const MAX_BATCH_BYTES = 56_000;
const MAX_BATCH_ROWS = 1000;
/** batches in flight at once, so the command service can commit them together */
const IN_FLIGHT = 16;

interface Candidate {
  lines: number[];
  c: Consignment;
  bytes: number;
}

async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The rows of a source file, each mapped to a consignment or the reason it cannot be. */
async function* sourceRows(
  source: ImportSource,
  path: string,
  sha: string,
  onBytes: (d: number, t: number) => void,
): AsyncGenerator<{ lines: number[]; result: RowResult }> {
  if (source === 'cogat') {
    let header = true;
    for await (const r of readCsvRecords(path, { onBytes })) {
      if (header) {
        header = false;
        if (r.cells.map((c) => c.trim()).join('|') !== COGAT_HEADER.join('|')) {
          yield {
            lines: [r.line],
            result: { reason: `the header is not the COGAT list's (${COGAT_HEADER.join(', ')})` },
          };
          return;
        }
        continue;
      }
      yield { lines: [r.line], result: cogatRow(r.cells, sha, r.line) };
    }
  } else if (source === 'unrwa') {
    let header = true;
    for await (const r of readXlsxRows(path, { onBytes })) {
      if (header) {
        header = false;
        const got = r.cells.slice(0, UNRWA_HEADER.length).map((c) => c.trim());
        if (got.join('|') !== UNRWA_HEADER.join('|')) {
          yield {
            lines: [r.row],
            result: { reason: `the first row is not UNRWA's header (${UNRWA_HEADER.join(', ')})` },
          };
          return;
        }
        continue;
      }
      if (r.cells.every((c) => c.trim() === '')) continue;
      yield { lines: [r.row], result: unrwaRow(r.cells, sha, r.row) };
    }
  } else {
    yield* partnerConsignments(readCsvRecords(path, { onBytes }));
  }
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Imports a line list into the log. Each row is mapped and checked on its own first (the same rules
 * the server applies; the payload schema is checked by the server only); rows that pass are sent in signed batches that each stay under 64 KiB. A batch
 * the server refuses is split until the refused row is found, so one bad row never stops the import
 * and no row is ever written in part. Consignment ids come from the rows themselves, so a second import
 * of the same file finds every row already present and adds nothing.
 */
export async function importFile(opts: {
  source: ImportSource;
  path: string;
  target: ImportTarget;
  /** the signing time of the batches (the clock of the server it goes to) */
  now: () => Date;
  reportPath: string;
  onProgress?: (done: number, total: number) => void;
  /** for benchmarks: how many rows each batch may hold */
  maxBatchRows?: number;
}): Promise<ImportSummary> {
  const started = performance.now();
  const sha = await fileSha256(opts.path);
  const crossings = await opts.target.crossings();
  const listVersions = await opts.target.listVersions();
  const maxRows = opts.maxBatchRows ?? MAX_BATCH_ROWS;
  const s: ImportSummary = {
    source: opts.source,
    file: opts.path,
    sha256: sha,
    rows: 0,
    accepted: 0,
    present: 0,
    rejected: 0,
    reasons: new Map(),
    events: 0,
    crossingsRegistered: [],
    seconds: 0,
    report: opts.reportPath,
  };
  const report: string[] = ['line,consignment,reason'];
  const reject = (lines: number[], id: string, reason: string) => {
    s.rejected += lines.length;
    const key = reason.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N');
    s.reasons.set(key, (s.reasons.get(key) ?? 0) + lines.length);
    for (const l of lines) report.push(`${l},${csvField(id)},${csvField(reason)}`);
  };
  const seen = new Map<string, number>();
  let batch: Candidate[] = [];
  let batchBytes = 0;
  const inFlight = new Set<Promise<void>>();

  const send = async (items: Candidate[]): Promise<void> => {
    const known = await opts.target.known(items.map((x) => x.c.consignmentId));
    const fresh = items.filter((x) => {
      if (!known.has(x.c.consignmentId)) return true;
      s.present += x.lines.length;
      return false;
    });
    await submit(fresh);
  };
  const submit = async (items: Candidate[]): Promise<void> => {
    if (items.length === 0) return;
    const ids = items.map((x) => x.c.consignmentId);
    const eventId = `imp-${createHash('sha256')
      .update(`${sha}\n${ids.join('\n')}`)
      .digest('base64url')
      .slice(0, 43)}`;
    try {
      await opts.target.client.send(
        'consignments.recorded',
        { source: { kind: opts.source, file: sha }, consignments: items.map((x) => x.c) },
        { id: eventId, time: opts.now() },
      );
      s.events += 1;
      for (const x of items) s.accepted += x.lines.length;
    } catch (e) {
      if (
        !isAmanahError(e) ||
        [
          'INTERNAL',
          'DATABASE_UNAVAILABLE',
          'SHUTTING_DOWN',
          'SIGNATURE_INVALID',
          'KEY_UNKNOWN',
          'KEY_REVOKED',
          'ROLE_REQUIRED',
          'EVENT_TIME_SKEW',
          'GENESIS_REQUIRED',
        ].includes(e.code)
      )
        throw e; // not a row's fault: stop and say why
      if (items.length === 1) {
        reject(items[0]!.lines, ids[0]!, `${e.code}: ${e.message}`);
        return;
      }
      const half = Math.ceil(items.length / 2);
      await submit(items.slice(0, half));
      await submit(items.slice(half));
    }
  };
  /** the first error that is not a row's fault: the import stops at it */
  let fatal: { error: unknown } | undefined;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    batchBytes = 0;
    const p: Promise<void> = send(items)
      .catch((error: unknown) => {
        fatal ??= { error };
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };

  for await (const { lines, result } of sourceRows(opts.source, opts.path, sha, (d, t) =>
    opts.onProgress?.(d, t),
  )) {
    if (fatal) break;
    s.rows += lines.length;
    if ('reason' in result) {
      reject(lines, '', result.reason);
      continue;
    }
    const c = result.ok;
    const dup = seen.get(c.consignmentId);
    if (dup !== undefined) {
      reject(
        lines,
        c.consignmentId,
        `the same row as line ${dup}: consignment ${c.consignmentId} appears twice in the file`,
      );
      continue;
    }
    seen.set(c.consignmentId, lines[0]!);
    const route = crossings.has(c.crossing) ? undefined : SOURCE_ROUTES.find((r) => r.code === c.crossing);
    if (route) {
      // a route the source names that this log does not know yet: registered once, then used
      await opts.target.client.send(
        'crossing.registered',
        {
          code: route.code,
          name: { en: route.en, ar: route.ar },
          kind: route.kind,
          status: route.status,
          ...('lat' in route ? { location: { lat: route.lat, lon: route.lon } } : {}),
        },
        {
          id: `imp-crossing-${route.code}-${createHash('sha256').update(route.code).digest('hex').slice(0, 8)}`,
          time: opts.now(),
        },
      );
      crossings.add(route.code);
      s.crossingsRegistered.push(route.code);
    }
    try {
      checkConsignment(c, opts.now().toISOString(), 'row', { crossings, listVersions });
    } catch (e) {
      if (!isAmanahError(e)) throw e;
      reject(lines, c.consignmentId, `${e.code}: ${e.message}`);
      continue;
    }
    const bytes = Buffer.byteLength(JSON.stringify(c), 'utf8') + 1;
    if (batch.length >= maxRows || batchBytes + bytes > MAX_BATCH_BYTES) await flush();
    batch.push({ lines, c, bytes });
    batchBytes += bytes;
  }
  if (!fatal) await flush();
  await Promise.all(inFlight);
  if (fatal) throw fatal.error;
  s.seconds = (performance.now() - started) / 1000;
  await mkdir(dirname(opts.reportPath), { recursive: true });
  const [head, ...lines] = report;
  lines.sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  await writeFile(opts.reportPath, `${[head, ...lines].join('\n')}\n`, 'utf8');
  return s;
}

/** The closing summary line. */
export function summaryLine(s: ImportSummary): string {
  return `${s.source} ${s.file}: ${s.rows} rows, ${s.accepted} accepted, ${s.present} already present, ${s.rejected} rejected (reasons in ${s.report}); ${s.events} signed entries in ${s.seconds.toFixed(1)} s (${Math.round(s.rows / Math.max(s.seconds, 0.001))} rows/s)${s.crossingsRegistered.length ? `; crossings registered: ${s.crossingsRegistered.join(', ')}` : ''}`;
}
