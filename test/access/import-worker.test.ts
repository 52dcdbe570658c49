import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { AmanahClient } from '../../src/client/client.js';
import { inProcessTransport } from '../../src/cli/context.js';
import { keyPairFromSeed } from '../../src/domain/keys.js';
import { isAmanahError } from '../../src/domain/errors.js';
import { importFile, type ImportSource, type ImportSummary } from '../../src/import/importer.js';
import { templateCsv } from '../../src/import/partner-csv.js';
import { importTarget } from '../../src/services/access.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import type { Store } from '../../src/store/database.js';
import { ORIGIN } from '../support/actors.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { seedAccess, type AccessLog } from './support.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const dir = mkdtempSync(join(tmpdir(), 'amanah-import-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The key pair of test/support/actors.ts's testSigner(name). */
const pairOf = (name: string) => keyPairFromSeed(createHash('sha256').update(`test:${name}`).digest());

/** A COGAT-shaped file: 60 good rows over three routes (one the log does not know yet) and bad ones. */
function cogatFile(): string {
  const lines = ['Index,Date,Route,Classification,Donor,Aid (tons)'];
  for (let i = 1; i <= 60; i++)
    lines.push(
      `${i},${1 + (i % 9)} Mar 2024,${['Land Crossings', 'Aerial Route', 'Maritime Route (JLOTS)'][i % 3]},${i % 2 ? 'Food' : 'Medical Supplies'},"Jordan, and others",${i % 4 ? '12.5' : '-'}`,
    );
  lines.push('61,31 Feb 2024,Land Crossings,Food,Jordan,10');
  lines.push('62,2 Mar 2024,Submarine,Food,Jordan,10');
  lines.push('63,2 Mar 2024,Land Crossings,Food,Jordan,-4');
  lines.push('64,2 Mar 2030,Land Crossings,Food,Jordan,4');
  lines.push('5,6 Mar 2024,Maritime Route (JLOTS),Food,"Jordan, and others",12.5'); // row 5 again
  const path = join(dir, 'cogat.csv');
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

/** The partner template with bad rows, one of which only the server refuses (more than 10,000 trucks). */
function partnerFile(): string {
  const rows = templateCsv().trim().split('\n');
  const tags = rows[1]!.split(',');
  const line = (o: Record<string, string>) => tags.map((t) => o[t] ?? '').join(',');
  const base = {
    '#loc+crossing+code': 'rafah',
    '#date+requested': '2026-11-19',
    '#indicator+trucks+num': '3',
    '#item+name': 'Tents',
    '#item+type+code': 'shelter',
    '#indicator+quantity+num': '50',
    '#item+unit': 'piece',
  };
  const path = join(dir, 'partner.csv');
  writeFileSync(
    path,
    [
      ...rows,
      line({ ...base, '#x_consignment+id': 'p-ok', '#date+entered': '2026-11-20T09:00:00Z' }),
      line({ ...base, '#x_consignment+id': 'p-neg', '#indicator+quantity+num': '-4' }),
      line({ ...base, '#x_consignment+id': 'p-trucks', '#indicator+trucks+num': '50000' }),
      line({ ...base, '#x_consignment+id': 'p-where', '#loc+crossing+code': 'atlantis' }),
      line({ ...base, '#x_consignment+id': 'p-after' }),
    ].join('\n'),
  );
  return path;
}

/** What an import leaves in the projections, without the log positions. */
async function recorded(store: Store): Promise<unknown[]> {
  const r = await sql<Record<string, unknown>>`select c.id, c.crossing, c.requested_at, c.donor, c.trucks,
      c.weight_kg, c.category, c.stage, c.source_row, s.kind, s.file, i.item, i.unit, i.quantity, i.weight_kg as line_kg
    from access_consignments c join access_consignment_items i on i.consignment_id = c.id
      left join access_sources s on s.log_index = c.log_index
    order by c.id, i.item`.execute(store.db);
  return r.rows.map((x) =>
    Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v === null ? null : String(v)])),
  );
}

const comparable = (s: ImportSummary) => ({ ...s, seconds: 0, report: '' });

describe.each(STORE_KINDS)('the importer on a worker thread, on %s', (kind) => {
  const clock = fixedClock(NOW);

  /** A fresh seeded log, and import targets on the calling thread and on a worker. */
  async function log(): Promise<{
    store: Store;
    svc: CommandService;
    access: AccessLog;
    onWorker: ReturnType<typeof importTarget>;
    done(): Promise<void>;
  }> {
    const { store, dispose } = await freshStore(kind);
    const svc = new CommandService({ store, origin: ORIGIN, clock });
    const access = await seedAccess(svc, store, clock);
    const transport = inProcessTransport(svc);
    const onWorker = importTarget(store, new AmanahClient(transport, access.officer), {
      key: { pair: pairOf('access-officer') },
      transport,
    });
    return {
      store,
      svc,
      access,
      onWorker,
      done: async () => {
        await svc.close();
        await dispose();
      },
    };
  }

  it.each<[ImportSource, () => string]>([
    ['cogat', cogatFile],
    ['csv', partnerFile],
  ])(
    'imports a %s file with the same verdicts, report and records as on the calling thread',
    async (source, file) => {
      const path = file();
      const [a, b] = [await log(), await log()];
      try {
        const run = (target: typeof a.onWorker, name: string, thread: 'inline' | 'worker') =>
          importFile({
            source,
            path,
            target,
            now: () => clock.now(),
            reportPath: join(dir, `${kind}-${source}-${name}.csv`),
            maxBatchRows: 7, // several batches in flight, and a refused one split
            thread,
          });
        const inline = await run(a.access.target, 'inline', 'inline');
        const worker = await run(b.onWorker, 'worker', 'worker');
        expect(comparable(worker)).toEqual(comparable(inline));
        expect(worker.accepted).toBeGreaterThan(0);
        expect(worker.rejected).toBeGreaterThan(2);
        expect(readFileSync(worker.report, 'utf8')).toBe(readFileSync(inline.report, 'utf8'));
        expect(await recorded(b.store)).toEqual(await recorded(a.store));
        if (source === 'cogat') {
          expect(worker).toMatchObject({ rows: 65, accepted: 60, rejected: 5, present: 0 });
          expect(worker.crossingsRegistered.sort()).toEqual(['airdrops', 'land-crossings']);
        } else {
          expect(readFileSync(worker.report, 'utf8')).toMatch(/,p-trucks,"?VALIDATION_FAILED: .*trucks/);
        }

        // the second time through the worker, every row is found recorded and nothing is signed
        const again = await run(b.onWorker, 'again', 'worker');
        expect(again).toMatchObject({
          accepted: 0,
          present: inline.accepted,
          rejected: inline.rejected,
          events: 0,
        });
        expect(await recorded(b.store)).toEqual(await recorded(a.store));
      } finally {
        await a.done();
        await b.done();
      }
    },
    120_000,
  );

  it("stops with the server's reason when the key may not record consignments, and writes nothing", async () => {
    const l = await log();
    try {
      const transport = inProcessTransport(l.svc);
      const target = importTarget(l.store, new AmanahClient(transport, l.access.partner), {
        key: { pair: pairOf('kitchen-partner') },
        transport,
      });
      const before = await recorded(l.store);
      const e = await importFile({
        source: 'cogat',
        path: cogatFile(),
        target,
        now: () => clock.now(),
        reportPath: join(dir, `${kind}-refused.csv`),
        thread: 'worker',
      }).catch((x: unknown) => x);
      expect(isAmanahError(e, 'ROLE_REQUIRED')).toBe(true);
      expect(await recorded(l.store)).toEqual(before);
    } finally {
      await l.done();
    }
  }, 60_000);

  it("refuses a worker key that is not the client's", async () => {
    const l = await log();
    try {
      const transport = inProcessTransport(l.svc);
      const target = importTarget(l.store, new AmanahClient(transport, l.access.officer), {
        key: { pair: pairOf('kitchen-partner') },
        transport,
      });
      const e = await importFile({
        source: 'cogat',
        path: cogatFile(),
        target,
        now: () => clock.now(),
        reportPath: join(dir, `${kind}-mismatch.csv`),
        thread: 'worker',
      }).catch((x: unknown) => x);
      expect(isAmanahError(e, 'KEY_MISMATCH')).toBe(true);
      expect((e as Error).message).toMatch(/the import signs as/);
      expect(await recorded(l.store)).toEqual([]);
    } finally {
      await l.done();
    }
  }, 60_000);
});
