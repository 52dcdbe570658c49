import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import type { Signer } from '../../client/signer.js';
import type { Transport } from '../../client/transport.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { AmanahError, isAmanahError } from '../../domain/errors.js';
import { iatiActivityRecorded, iatiTransactionsRecorded } from '../../domain/iati/events.js';
import { ActivityRejected, mapActivity, type TransactionPayload } from './map-activity.js';
import { readActivities } from './read-activities.js';

/**
 * `amanah import iati FILE`: reads an IATI 2.x activity file, refuses it whole if it does not validate
 * against the official IATI activity schema (with the schema's message and line), and otherwise
 * records each activity and its transactions as signed events. An activity that cannot be recorded
 * (see map-activity.ts) is listed with its line and reason and the import goes on. Event ids come from
 * the content, so importing the same file again adds nothing.
 */

export const MAX_IATI_FILE_BYTES = 100 * 1024 * 1024;
/** A transactions event stays well under the log's 64 KiB entry limit. */
const MAX_PART_BYTES = 40 * 1024;
const MAX_PART_ITEMS = 200;

/** Where the IATI 2.03 schema is looked for when no directory is given. */
export const DEFAULT_IATI_SCHEMA_DIR = join('..', 'shared', 'standards', 'iati', 'schema');

export interface IatiImportOptions {
  file: string;
  signer: Signer;
  transport: Transport;
  /** directory holding iati-activities-schema.xsd, iati-common.xsd and xml.xsd */
  schemaDir?: string | undefined;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
}

export interface IatiImportSummary {
  file: string;
  sha256: string;
  activities: { seen: number; recorded: number; unchanged: number; rejected: number };
  transactions: number;
  rejections: Array<{ line: number; identifier: string | undefined; reason: string }>;
}

export async function validateIatiSchema(xml: string, fileName: string, schemaDir: string): Promise<void> {
  const need = ['iati-activities-schema.xsd', 'iati-common.xsd', 'xml.xsd'];
  const missing = need.filter((f) => !existsSync(join(schemaDir, f)));
  if (missing.length > 0)
    throw new AmanahError(
      'CONFIG_INVALID',
      `the IATI 2.03 schema is needed to check the file, but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in ${schemaDir}; ` +
        'get the schema files of version 2.03 from the IATI Standard (github.com/IATI/IATI-Schemas) and pass their directory with --schema-dir',
    );
  const [main, ...preload] = need.map((f) => ({
    fileName: f,
    contents: readFileSync(join(schemaDir, f), 'utf8'),
  }));
  const safeName = basename(fileName).replace(/^-+/, '') || 'activities.xml';
  const result = await validateXML({
    xml: [{ fileName: safeName, contents: xml }],
    schema: [main!],
    preload,
    maxMemoryPages: 2 * 1024 * 16, // 2 GiB: large publishers' files
  });
  if (!result.valid) {
    const first = result.errors[0];
    const tidy = (m: string) => m.replace(/^Schemas validity error : /, '').trim();
    const where = first?.loc ? `line ${first.loc.lineNumber}: ` : '';
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
    throw new AmanahError(
      'IATI_SCHEMA_INVALID',
      `${basename(fileName)} does not validate against the IATI activity schema: ${where}${first ? tidy(first.message) : result.rawOutput.trim()}${more}`,
      result.errors.slice(0, 20).map((e) => ({
        path: e.loc ? `line ${e.loc.lineNumber}` : basename(fileName),
        message: tidy(e.message),
      })),
    );
  }
}

/** A stable event id for a piece of content: the same content always gets the same id. */
function contentId(kind: string, content: unknown): string {
  const h = createHash('sha256')
    .update(`amanah/iati/${kind}\n`)
    .update(canonicalJson(content))
    .digest('base64url');
  return `iati-${kind}-${h.slice(0, 40)}`;
}

function parts(txs: readonly TransactionPayload[]): TransactionPayload[][] {
  const out: TransactionPayload[][] = [];
  let cur: TransactionPayload[] = [];
  let bytes = 0;
  for (const t of txs) {
    const size = Buffer.byteLength(canonicalJson(t));
    if (cur.length > 0 && (cur.length >= MAX_PART_ITEMS || bytes + size > MAX_PART_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(t);
    bytes += size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export async function importIati(opts: IatiImportOptions): Promise<IatiImportSummary> {
  const bytes = readFileSync(opts.file);
  if (bytes.length > MAX_IATI_FILE_BYTES)
    throw new AmanahError(
      'VALIDATION_FAILED',
      `${basename(opts.file)} is ${bytes.length} bytes; IATI files up to ${MAX_IATI_FILE_BYTES} bytes are accepted (split larger ones by activity)`,
    );
  const xml = bytes.toString('utf8');
  await validateIatiSchema(xml, opts.file, opts.schemaDir ?? DEFAULT_IATI_SCHEMA_DIR);

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const now = opts.now ?? (() => new Date());
  const origin = await opts.transport.origin();
  const summary: IatiImportSummary = {
    file: basename(opts.file),
    sha256,
    activities: { seen: 0, recorded: 0, unchanged: 0, rejected: 0 },
    transactions: 0,
    rejections: [],
  };
  const total = (xml.match(/<iati-activity[\s>]/g) ?? []).length;

  for (const node of readActivities(xml)) {
    summary.activities.seen++;
    try {
      const mapped = mapActivity(node);
      const payload = {
        ...mapped.activity,
        source: { sha256, file: basename(opts.file).slice(0, 300), line: mapped.line },
      };
      const checked = iatiActivityRecorded.schema.safeParse(payload);
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        throw new ActivityRejected(
          mapped.line,
          mapped.activity.identifier,
          `${issue.path.join('.') || 'activity'}: ${issue.message}`,
        );
      }
      // The id covers the content, not where it was read from: the same activity in another file is unchanged.
      const id = contentId('a', { activity: mapped.activity, transactions: mapped.transactions });
      // Every part is built and checked before anything is sent: an activity is recorded whole or not at all.
      const txParts: Array<{ id: string; payload: Record<string, unknown> }> = [];
      let first = 0;
      for (const part of parts(mapped.transactions)) {
        const tp = { identifier: mapped.activity.identifier, activityEventId: id, first, transactions: part };
        const tc = iatiTransactionsRecorded.schema.safeParse(tp);
        if (!tc.success) {
          const issue = tc.error.issues[0]!;
          const line = part[Number(issue.path[1] ?? 0)]?.line ?? mapped.line;
          throw new ActivityRejected(
            line,
            mapped.activity.identifier,
            `${issue.path.join('.')}: ${issue.message}`,
          );
        }
        txParts.push({ id: contentId('t', { id, first }), payload: tp });
        first += part.length;
      }
      const status = await submit(opts, origin, iatiActivityRecorded.type, payload, id, now());
      // Parts are sent even when the activity was already there: a run interrupted half-way completes.
      let newTransactions = 0;
      for (const t of txParts) {
        if (
          (await submit(opts, origin, iatiTransactionsRecorded.type, t.payload, t.id, now())) === 'recorded'
        )
          newTransactions += (t.payload['transactions'] as unknown[]).length;
      }
      summary.transactions += newTransactions;
      if (status === 'unchanged' && newTransactions === 0) summary.activities.unchanged++;
      else summary.activities.recorded++;
    } catch (err) {
      if (err instanceof ActivityRejected) {
        summary.activities.rejected++;
        summary.rejections.push({ line: err.line, identifier: err.identifier, reason: err.message });
      } else if (
        isAmanahError(err) &&
        !['SHUTTING_DOWN', 'DATABASE_UNAVAILABLE', 'INTERNAL'].includes(err.code)
      ) {
        summary.activities.rejected++;
        summary.rejections.push({
          line: node.line,
          identifier: undefined,
          reason: `${err.code}: ${err.message}`,
        });
      } else throw err;
    }
    opts.onProgress?.(summary.activities.seen, total);
  }
  return summary;
}

async function submit(
  opts: IatiImportOptions,
  origin: string,
  type: string,
  payload: Record<string, unknown>,
  id: string,
  time: Date,
): Promise<'recorded' | 'unchanged'> {
  try {
    const r = await opts.transport.submit(opts.signer.sign(origin, type, payload, { id, time }));
    return r.status === 'duplicate' ? 'unchanged' : 'recorded';
  } catch (err) {
    // Same content recorded before from another file (or at another time): nothing new to record.
    if (isAmanahError(err, 'IDEMPOTENCY_CONFLICT')) return 'unchanged';
    throw err;
  }
}
