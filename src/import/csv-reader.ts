import { open, stat } from 'node:fs/promises';

/** One record of a CSV file: its fields and the line it starts on (1 = the first line). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Streams the records of an RFC 4180 CSV file: fields separated by commas, optionally quoted with
 * double quotes (a quote inside a quoted field is doubled), records ended by CRLF or LF; a quoted
 * field may span lines. A UTF-8 byte-order mark is dropped. `onBytes` reports progress.
 */
export async function* readCsvRecords(
  path: string,
  opts: { onBytes?: (done: number, total: number) => void } = {},
): AsyncGenerator<CsvRecord> {
  for await (const records of readCsvChunks(path, opts)) yield* records;
}

/**
 * The records of {@link readCsvRecords}, a chunk of the file's records at a time (the records that end
 * in each `chunkBytes` of the file, 64 KiB unless told): a caller that maps tens of thousands of rows
 * then awaits once per chunk rather than once per row. With `firstChunkBytes`, the chunks start at
 * that size and double up to `chunkBytes`: the first records reach the caller as soon as possible.
 */
export async function* readCsvChunks(
  path: string,
  opts: {
    onBytes?: (done: number, total: number) => void;
    chunkBytes?: number;
    firstChunkBytes?: number;
  } = {},
): AsyncGenerator<CsvRecord[]> {
  const total = (await stat(path)).size;
  const chunkBytes = opts.chunkBytes ?? 64 * 1024;
  const chunks = fileChunks(path, Math.min(opts.firstChunkBytes ?? chunkBytes, chunkBytes), chunkBytes);
  let read = 0;
  const decoder = new TextDecoder('utf-8');
  let field = '';
  let cells: string[] = [];
  let quoted = false;
  /** the previous character closed a quoted field, or a quote inside one awaits its pair */
  let quoteSeen = false;
  let line = 1;
  let startLine = 1;
  let first = true;
  let pending: CsvRecord[] = [];
  const endRecord = (): void => {
    cells.push(field);
    if (!(cells.length === 1 && cells[0] === '')) pending.push({ line: startLine, cells });
    cells = [];
    field = '';
  };
  for await (const chunk of chunks) {
    read += chunk.length;
    opts.onBytes?.(read, total);
    let text = decoder.decode(chunk, { stream: true });
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"') {
          quoted = false;
          quoteSeen = true;
        } else {
          if (ch === '\n') line++;
          field += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (quoteSeen) field += '"'; // a doubled quote inside a quoted field
        quoted = true;
        quoteSeen = false;
        continue;
      }
      quoteSeen = false;
      if (ch === ',') {
        cells.push(field);
        field = '';
      } else if (ch === '\n') {
        endRecord();
        line++;
        startLine = line;
      } else if (ch === '\r') {
        // CR of CRLF: the LF ends the record
      } else field += ch;
    }
    if (pending.length > 0) {
      const out = pending;
      pending = [];
      yield out;
    }
  }
  if (field !== '' || cells.length > 0) endRecord();
  if (pending.length > 0) yield pending;
}

/** A file's bytes in chunks of `first` bytes, then each twice the one before, up to `most`. */
async function* fileChunks(path: string, first: number, most: number): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r');
  try {
    for (let size = first; ; size = Math.min(most, size * 2)) {
      const buffer = new Uint8Array(size);
      const { bytesRead } = await file.read(buffer, 0, size, null);
      if (bytesRead === 0) return;
      yield bytesRead === size ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}
