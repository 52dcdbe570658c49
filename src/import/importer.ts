import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { checkConsignment } from '../domain/access/decide.js';
import { rowOfConsignment } from '../domain/access/imported-rows.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { isAmanahError } from '../domain/errors.js';
import type { AmanahClient } from '../client/client.js';
import type { Transport } from '../client/transport.js';
import type { ActorKeyPair } from '../domain/keys.js';
import { readCsvChunks, readCsvRecords } from './csv-reader.js';
import { importOnWorker } from './import-on-worker.js';
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
  /**
   * How the importer may sign on a worker thread instead: the signer's key (its key file, or the key
   * pair; the same key as `client.signer`) and the transport the signed batches go to. Without it,
   * everything runs on the calling thread.
   */
  worker?: WorkerSigning;
}

/** The key a worker thread signs with, and where this thread sends what it signed. */
export interface WorkerSigning {
  key: { file: string } | { pair: ActorKeyPair };
  transport: Transport;
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
/**
 * Batches in flight at once, so that the command service commits several in one transaction (each
 * commit waits for the disk): up to 32 entries, about 10,000 rows of a line list.
 */
const IN_FLIGHT = 32;
/**
 * Files from this size up are imported on a worker thread when the target allows it: starting one
 * (loading the importer's modules on it) takes a tenth of a second or more, about what the calling
 * thread would spend on 5,000 rows itself.
 */
const WORKER_MIN_BYTES = 256 * 1024;
/**
 * The COGAT list is read, mapped and checked 256 KiB (about 4,000 rows) at a time; the first chunks
 * smaller, from 16 KiB (about 250 rows), so that the first batches are on their way at once.
 */
const CHUNK_BYTES = 256 * 1024;
const FIRST_CHUNK_BYTES = 16 * 1024;

/**
 * A row on its way: what it takes to sign its batch again, halved, should the server refuse it. (Only
 * this is kept until the batch is answered, not the consignment itself: thousands of rows are in
 * flight at once.)
 */
interface Candidate {
  lines: number[];
  id: string;
  /**
   * the row's canonical JSON, as it is signed within its batch's payload: a row of
   * `consignments.imported` (`compact`) where the consignment can be one, else the consignment itself
   */
  text: string;
  compact: boolean;
}

async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** A row (or, for the partner template, the lines of one consignment) mapped, with the lines it covers. */
interface SourceRow {
  lines: number[];
  result: RowResult;
}

/** Rows a group holds at most, for the sources read a row at a time. */
const GROUP_ROWS = 512;

/**
 * The rows of a source file, each mapped to a consignment or the reason it cannot be, a group of rows
 * at a time (the COGAT list a chunk of the file at a time, the other sources up to GROUP_ROWS rows).
 */
async function* sourceRows(
  source: ImportSource,
  path: string,
  sha: string,
  onBytes: (d: number, t: number) => void,
): AsyncGenerator<SourceRow[]> {
  if (source === 'cogat') {
    let header = true;
    for await (const records of readCsvChunks(path, {
      onBytes,
      chunkBytes: CHUNK_BYTES,
      firstChunkBytes: FIRST_CHUNK_BYTES,
    })) {
      const out: SourceRow[] = [];
      for (const r of records) {
        if (header) {
          header = false;
          if (r.cells.map((c) => c.trim()).join('|') !== COGAT_HEADER.join('|')) {
            yield [
              {
                lines: [r.line],
                result: { reason: `the header is not the COGAT list's (${COGAT_HEADER.join(', ')})` },
              },
            ];
            return;
          }
          continue;
        }
        out.push({ lines: [r.line], result: cogatRow(r.cells, sha, r.line) });
      }
      yield out;
    }
    return;
  }
  const group: SourceRow[] = [];
  if (source === 'unrwa') {
    let header = true;
    for await (const r of readXlsxRows(path, { onBytes })) {
      if (header) {
        header = false;
        const got = r.cells.slice(0, UNRWA_HEADER.length).map((c) => c.trim());
        if (got.join('|') !== UNRWA_HEADER.join('|')) {
          yield [
            {
              lines: [r.row],
              result: { reason: `the first row is not UNRWA's header (${UNRWA_HEADER.join(', ')})` },
            },
          ];
          return;
        }
        continue;
      }
      if (r.cells.every((c) => c.trim() === '')) continue;
      group.push({ lines: [r.row], result: unrwaRow(r.cells, sha, r.row) });
      if (group.length >= GROUP_ROWS) yield group.splice(0);
    }
    if (group.length > 0) yield group;
  } else {
    for await (const row of partnerConsignments(readCsvRecords(path, { onBytes }))) {
      group.push(row);
      if (group.length >= GROUP_ROWS) yield group.splice(0);
    }
    if (group.length > 0) yield group;
  }
}

/**
 * The groups of rows, each with the ids of its consignments that are recorded already — one question
 * for a group, not one a batch. A group's question is asked as soon as the group is read, and the next
 * group is read while it waits for its answer: the answer comes from the thread that writes the log,
 * which may be in the middle of a transaction.
 */
async function* withRecorded(
  groups: AsyncGenerator<SourceRow[]>,
  known: (ids: readonly string[]) => Promise<Set<string>>,
): AsyncGenerator<{ group: SourceRow[]; known: Set<string> }> {
  const ask = (group: SourceRow[]): Promise<Set<string>> => {
    const ids = group.flatMap((r) => ('ok' in r.result ? [r.result.ok.consignmentId] : []));
    const answer = ids.length > 0 ? known(ids) : Promise.resolve(new Set<string>());
    answer.catch(() => undefined); // awaited below, once its group's turn comes
    return answer;
  };
  let current = await groups.next();
  if (current.done) return;
  let answer = ask(current.value);
  for (;;) {
    const next = await groups.next();
    const nextAnswer = next.done ? undefined : ask(next.value);
    yield { group: current.value, known: await answer };
    if (next.done) return;
    [current, answer] = [next, nextAnswer!];
  }
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** What the import loop needs, on the calling thread or on a worker. */
export interface ImportEnv {
  now(): Date;
  known(ids: readonly string[]): Promise<Set<string>>;
  /** signs and sends one command; rejects with the server's AmanahError when it is refused */
  send(type: string, payload: Record<string, unknown>, opts: { id: string; time: Date }): Promise<unknown>;
  /** {@link send} for a payload given as its canonical JSON text */
  sendText(type: string, payloadText: string, opts: { id: string; time: Date }): Promise<unknown>;
}

/** What an import is asked to do, once the file's digest and the log's crossings and list versions are known. */
export interface ImportJob {
  source: ImportSource;
  path: string;
  sha256: string;
  crossings: readonly string[];
  listVersions: readonly number[];
  reportPath: string;
  maxBatchRows?: number | undefined;
}

/**
 * Imports a line list into the log. Each row is mapped and checked on its own first (the same rules
 * the server applies; the payload schema is checked by the server only); rows that pass are sent in
 * signed batches that each stay under 64 KiB: `consignments.imported`, a row a consignment, for the
 * consignments a row can say (one manifest line, stages with nothing but their time — every row of the
 * COGAT and UNRWA lists), `consignments.recorded` for the others. A batch the server refuses is split
 * until the refused row is found, so one bad row never stops the import and no row is ever written in
 * part. Consignment ids
 * come from the rows themselves, so a second import of the same file finds every row already present
 * and adds nothing.
 *
 * When the target says how to sign on another thread (`target.worker`), the importer's own work —
 * reading, mapping, checking, batching and signing — runs on a worker thread, beside the command
 * service on this one; the worker asks this thread which ids are recorded and hands it each signed
 * batch to submit. The result, the report and every verdict are the same either way.
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
  /**
   * Where the rows are read, checked and signed: on a worker thread when the target allows it, the
   * file is large enough to repay starting one (WORKER_MIN_BYTES) and there is more than one core;
   * unless told.
   */
  thread?: 'worker' | 'inline';
}): Promise<ImportSummary> {
  const started = performance.now();
  const size = (await stat(opts.path)).size;
  const thread =
    opts.thread ?? (size >= WORKER_MIN_BYTES && availableParallelism() > 1 ? 'worker' : 'inline');
  const job: Promise<ImportJob> = Promise.all([
    fileSha256(opts.path),
    opts.target.crossings(),
    opts.target.listVersions(),
  ]).then(([sha256, crossings, listVersions]) => ({
    source: opts.source,
    path: opts.path,
    sha256,
    crossings: [...crossings],
    listVersions: [...listVersions],
    reportPath: opts.reportPath,
    maxBatchRows: opts.maxBatchRows,
  }));
  const s =
    opts.target.worker && thread === 'worker'
      ? await importOnWorker(job, opts.target, opts.target.worker, opts.now, opts.onProgress)
      : await runImport(
          await job,
          {
            now: opts.now,
            known: (ids) => opts.target.known(ids),
            send: (type, payload, o) => opts.target.client.send(type, payload, o),
            sendText: (type, text, o) => opts.target.client.sendText(type, text, o),
          },
          opts.onProgress,
        );
  s.seconds = (performance.now() - started) / 1000;
  return s;
}

/** The import loop: reads, maps, checks, batches and sends; writes the report. */
export async function runImport(
  job: ImportJob,
  env: ImportEnv,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  const sha = job.sha256;
  const crossings = new Set(job.crossings);
  const listVersions = new Set(job.listVersions);
  const maxRows = job.maxBatchRows ?? MAX_BATCH_ROWS;
  const s: ImportSummary = {
    source: job.source,
    file: job.path,
    sha256: sha,
    rows: 0,
    accepted: 0,
    present: 0,
    rejected: 0,
    reasons: new Map(),
    events: 0,
    crossingsRegistered: [],
    seconds: 0,
    report: job.reportPath,
  };
  const report: string[] = ['line,consignment,reason'];
  const reject = (lines: number[], id: string, reason: string) => {
    s.rejected += lines.length;
    const key = reason.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N');
    s.reasons.set(key, (s.reasons.get(key) ?? 0) + lines.length);
    for (const l of lines) report.push(`${l},${csvField(id)},${csvField(reason)}`);
  };
  const seen = new Map<string, number>();
  // a batch payload's canonical JSON is assembled from its rows' ("consignments" or "rows" < "source")
  const sourceText = canonicalJson({ file: sha, kind: job.source });
  let batch: Candidate[] = [];
  let batchBytes = 0;
  const inFlight = new Set<Promise<void>>();

  const submit = async (items: Candidate[]): Promise<void> => {
    if (items.length === 0) return;
    const ids = items.map((x) => x.id);
    const eventId = `imp-${createHash('sha256')
      .update(`${sha}\n${ids.join('\n')}`)
      .digest('base64url')
      .slice(0, 43)}`;
    const rows = items.map((x) => x.text).join(',');
    try {
      await env.sendText(
        items[0]!.compact ? 'consignments.imported' : 'consignments.recorded',
        items[0]!.compact
          ? `{"rows":[${rows}],"source":${sourceText}}`
          : `{"consignments":[${rows}],"source":${sourceText}}`,
        { id: eventId, time: env.now() },
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
    const p: Promise<void> = submit(items)
      .catch((error: unknown) => {
        fatal ??= { error };
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };

  const groups = withRecorded(
    sourceRows(job.source, job.path, sha, (d, t) => onProgress?.(d, t)),
    (ids) => env.known(ids),
  );
  rows: for (;;) {
    let next: IteratorResult<{ group: SourceRow[]; known: Set<string> }>;
    try {
      next = await groups.next();
    } catch (error) {
      fatal ??= { error };
      break;
    }
    if (next.done || fatal) break;
    const { group, known } = next.value;
    const signedAt = env.now().toISOString(); // the rows are checked against the time as of their group
    for (const { lines, result } of group) {
      if (fatal) break rows;
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
        await env.send(
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
            time: env.now(),
          },
        );
        crossings.add(route.code);
        s.crossingsRegistered.push(route.code);
      }
      try {
        checkConsignment(c, signedAt, 'row', { crossings, listVersions });
      } catch (e) {
        if (!isAmanahError(e)) throw e;
        reject(lines, c.consignmentId, `${e.code}: ${e.message}`);
        continue;
      }
      if (known.has(c.consignmentId)) {
        s.present += lines.length;
        continue;
      }
      const row = rowOfConsignment(c);
      const text = canonicalJson(row ?? c);
      const bytes = Buffer.byteLength(text, 'utf8') + 1;
      if (
        batch.length >= maxRows ||
        batchBytes + bytes > MAX_BATCH_BYTES ||
        (batch.length > 0 && batch[0]!.compact !== (row !== undefined))
      )
        await flush();
      batch.push({ lines, id: c.consignmentId, text, compact: row !== undefined });
      batchBytes += bytes;
    }
  }
  if (!fatal) await flush();
  await Promise.all(inFlight);
  if (fatal) throw fatal.error;
  await mkdir(dirname(job.reportPath), { recursive: true });
  const [head, ...lines] = report;
  lines.sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  await writeFile(job.reportPath, `${[head, ...lines].join('\n')}\n`, 'utf8');
  return s;
}

/** The closing summary line. */
export function summaryLine(s: ImportSummary): string {
  return `${s.source} ${s.file}: ${s.rows} rows, ${s.accepted} accepted, ${s.present} already present, ${s.rejected} rejected (reasons in ${s.report}); ${s.events} signed entries in ${s.seconds.toFixed(1)} s (${Math.round(s.rows / Math.max(s.seconds, 0.001))} rows/s)${s.crossingsRegistered.length ? `; crossings registered: ${s.crossingsRegistered.join(', ')}` : ''}`;
}
