import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { testLogKey } from '../support/log-key.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { dailyMetrics } from '../../src/services/access.js';
import { importFile } from '../../src/import/importer.js';
import type { Store } from '../../src/store/database.js';
import { consignmentCount } from '../../src/store/access-repository.js';
import { ORIGIN } from '../support/actors.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { seedAccess, type AccessLog } from './support.js';

const COGAT = '../shared/data/aid-access/cogat/gaza_cogat_data_24sep2024.csv';
const UNRWA = '../shared/data/aid-access/unrwa-supplies/20241111_Commodities_Received.xlsx';
const HAVE_DATA = existsSync(COGAT) && existsSync(UNRWA);
const NOW = new Date('2026-11-25T09:00:00.000Z');

// Needs ../shared/data (not part of the repository): skipped on a clone without it.
describe.skipIf(!HAVE_DATA).each(STORE_KINDS)('the real line lists import on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let svc: CommandService;
  let log: AccessLog;
  let app: FastifyInstance | undefined;
  const clock = fixedClock(NOW);
  const report = (name: string) => join(tmpdir(), `amanah-${process.pid}-${kind}-${name}.csv`);

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    svc = new CommandService({ store, origin: ORIGIN, clock });
    log = await seedAccess(svc, store, clock);
  }, 60_000);
  afterAll(async () => {
    await svc.close();
    await app?.close(); // closes the store too
    await dispose();
    for (const n of ['cogat', 'cogat2', 'unrwa', 'unrwa2']) rmSync(report(n), { force: true });
  });

  it('imports the COGAT list: every row accepted, and nothing the second time', async () => {
    // on a worker thread, as `amanah import cogat` does; the second time on this one
    const s = await importFile({
      source: 'cogat',
      path: COGAT,
      target: log.onWorker,
      now: () => clock.now(),
      reportPath: report('cogat'),
      thread: 'worker',
    });
    expect(s.rows).toBe(52_479);
    expect(s.rejected).toBe(0);
    expect(s.accepted).toBe(52_479);
    expect(s.events).toBeGreaterThan(100);
    // the routes COGAT names that the log did not know yet
    expect(s.crossingsRegistered.sort()).toEqual(['airdrops', 'land-crossings']);
    expect(await consignmentCount(store.db)).toBe(52_479);

    const again = await importFile({
      source: 'cogat',
      path: COGAT,
      target: log.target,
      now: () => clock.now(),
      reportPath: report('cogat2'),
    });
    expect(again).toMatchObject({ rows: 52_479, accepted: 0, present: 52_479, rejected: 0, events: 0 });
    expect(await consignmentCount(store.db)).toBe(52_479);
  }, 300_000);

  it('imports the UNRWA workbook, and a second import adds nothing', async () => {
    const before = await consignmentCount(store.db);
    const s = await importFile({
      source: 'unrwa',
      path: UNRWA,
      target: log.target,
      now: () => clock.now(),
      reportPath: report('unrwa'),
    });
    const lines = readFileSync(report('unrwa'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('line,consignment,reason');
    expect(lines.length - 1).toBe(s.rejected);
    expect(s.rows).toBe(37_373);
    expect(s.accepted + s.rejected).toBe(37_373);
    expect(s.rejected).toBe(REJECTED_UNRWA);
    expect(
      lines.slice(1).every((l) => /,unrwa-\d+,|Quantity ""0"" is not a positive whole number/.test(l)),
    ).toBe(true);
    expect(s.reasons.size).toBe(2);
    expect(await consignmentCount(store.db)).toBe(before + s.accepted);
    const again = await importFile({
      source: 'unrwa',
      path: UNRWA,
      target: log.target,
      now: () => clock.now(),
      reportPath: report('unrwa2'),
    });
    expect(again).toMatchObject({ accepted: 0, present: s.accepted, rejected: s.rejected });
  }, 300_000);

  it('produces the daily chart of a real month from the imported rows, right on a hand-checked day', async () => {
    // COGAT's land crossings alone (UNRWA's trucks are counted in them too, so the two are not added up)
    app = await buildApp({ store, clock, origin: ORIGIN, web: false, log: { key: testLogKey(ORIGIN) } });
    const res = await app.inject(
      '/api/v1/access/metrics/daily?from=2024-04-01&to=2024-04-30&crossing=land-crossings',
    );
    expect(res.statusCode).toBe(200);
    const m = res.json() as Awaited<ReturnType<typeof dailyMetrics>>;
    expect(m.days).toHaveLength(30);
    expect(m.floor).toBe(600);
    // counted by hand from the CSV: rows of "10 Apr 2024" on "Land Crossings"
    const day = m.days.find((d) => d.day === '2024-04-10')!;
    expect(day.trucks).toBe(302);
    expect(day.belowFloor).toBe(true);
    expect(day.shareOfFloor).toBe(0.5033);
    // April 2024 by COGAT's count: 6,773 trucks through the land crossings, no day at the floor
    expect(m.summary.trucks).toBe(6773);
    expect(m.summary.daysBelowFloor).toBe(30);
    // UNRWA's Kerem Shalom trucks the same month are fewer than COGAT's land total
    const ks = await dailyMetrics(store, { from: '2024-04-01', to: '2024-04-30', crossing: 'kerem-shalom' });
    expect(ks.summary.trucks).toBeGreaterThan(0);
    expect(ks.summary.trucks).toBeLessThan(6773);
  });
});

/** rows whose Quantity is 0: a manifest line needs a positive quantity (23 without units, 79 in pallets) */
const REJECTED_UNRWA = 102;
