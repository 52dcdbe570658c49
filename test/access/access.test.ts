import { writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import { dailyMetrics } from '../../src/services/access.js';
import { importFile } from '../../src/import/importer.js';
import { templateCsv } from '../../src/import/partner-csv.js';
import { isAmanahError } from '../../src/domain/errors.js';
import type { Store } from '../../src/store/database.js';
import { consignmentCount, consignmentEnteredItems } from '../../src/store/access-repository.js';
import { householdKey, beneficiaryCommitment } from '../../src/domain/access/beneficiaries.js';
import { ORIGIN } from '../support/actors.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { seedAccess, type AccessLog } from './support.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const DAY = '2026-11-20';

/** A consignment with one line, requested at 06:00 of `day`, with the given stages. */
function consignment(
  id: string,
  o: {
    trucks?: number;
    crossing?: string;
    stages?: unknown[];
    quantity?: string;
    category?: string;
    day?: string;
  } = {},
) {
  const day = o.day ?? DAY;
  return {
    consignmentId: id,
    crossing: o.crossing ?? 'kerem-shalom',
    requestedAt: `${day}T06:00:00.000Z`,
    donor: 'WFP',
    trucks: o.trucks ?? 1,
    items: [
      {
        item: 'Cement',
        category: o.category ?? 'construction-material',
        quantity: o.quantity ?? '100',
        unit: 'bag',
        weightKg: '5000',
      },
    ],
    stages: o.stages ?? [],
  };
}
const at = (h: number, day = DAY) => `${day}T${String(h).padStart(2, '0')}:00:00.000Z`;

describe.each(STORE_KINDS)('humanitarian access on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let log: AccessLog;
  const clock = fixedClock(NOW);

  const code = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
      return 'accepted';
    } catch (e) {
      if (isAmanahError(e)) return `${e.code} ${e.issues[0]?.path ?? ''}`.trim();
      throw e;
    }
  };
  const record = (...cs: unknown[]) => log.send(log.officer, 'consignments.recorded', { consignments: cs });
  const stages = (...ss: unknown[]) => log.send(log.officer, 'consignment-stages.recorded', { stages: ss });

  beforeEach(async () => {
    ({ store, dispose } = await freshStore(kind));
    app = await buildApp({ store, clock, origin: ORIGIN, web: false, log: { key: testLogKey(ORIGIN) } });
    log = await seedAccess(app.amanah.commands, store, clock);
  });
  afterEach(async () => {
    await app.close();
    await dispose();
  });

  it('follows a consignment through its stages, and tells the projects area what entered', async () => {
    expect(await consignmentEnteredItems(store.db, 'cg-1')).toBeUndefined();
    await record({
      ...consignment('cg-1'),
      items: [
        { item: 'Cement', category: 'construction-material', quantity: '100', unit: 'bag' },
        { item: 'Generators', category: 'other', quantity: '2', unit: 'piece' },
      ],
    });
    expect(await consignmentEnteredItems(store.db, 'cg-1')).toEqual([]);
    await log.send(log.officer, 'dual-use-list.published', {
      version: 1,
      effectiveFrom: '2026-01-01',
      source: 'Test list',
      items: [{ item: 'Generators', category: 'other' }],
    });
    await stages(
      { consignmentId: 'cg-1', stage: 'cleared', at: at(8) },
      { consignmentId: 'cg-1', stage: 'arrived', at: at(9) },
      {
        consignmentId: 'cg-1',
        stage: 'inspected',
        at: at(11),
        rejected: [{ item: 'Generators', quantity: '2', reason: 'Listed as dual-use', listVersion: 1 }],
      },
      { consignmentId: 'cg-1', stage: 'entered', at: at(12) },
    );
    expect(await consignmentEnteredItems(store.db, 'cg-1')).toEqual([
      { item: 'Cement', category: 'construction-material', unit: 'bag', quantity: 100n },
    ]);
    await stages({
      consignmentId: 'cg-1',
      stage: 'delivered',
      at: at(15),
      items: [{ item: 'Cement', quantity: '60' }],
      destination: { kind: 'project-site', id: 'site-1' },
    });
    // 40 bags are left: 41 is more than entered
    expect(
      await code(
        stages({
          consignmentId: 'cg-1',
          stage: 'delivered',
          at: at(16),
          items: [{ item: 'Cement', quantity: '41' }],
          destination: { kind: 'warehouse', id: 'wh-1' },
        }),
      ),
    ).toBe('OVER_DELIVERED payload.stages.0.items.0.quantity');
    // the rejected generators never entered: delivering one is refused too
    expect(
      await code(
        stages({
          consignmentId: 'cg-1',
          stage: 'delivered',
          at: at(16),
          items: [{ item: 'Generators', quantity: '1' }],
          destination: { kind: 'warehouse', id: 'wh-1' },
        }),
      ),
    ).toBe('OVER_DELIVERED payload.stages.0.items.0.quantity');
    await stages({
      consignmentId: 'cg-1',
      stage: 'delivered',
      at: at(16),
      items: [{ item: 'Cement', quantity: '40' }],
      destination: { kind: 'warehouse', id: 'wh-1' },
    });
    {
      const c = (await app.inject('/api/v1/access/consignments/cg-1')).json();
      expect(c.stage).toBe('delivered');
      expect(c.stages.map((s: { stage: string }) => s.stage)).toEqual([
        'cleared',
        'arrived',
        'inspected',
        'entered',
        'delivered',
        'delivered',
      ]);
      expect(c.items.find((i: { item: string }) => i.item === 'Cement')).toMatchObject({
        entered: '100',
        delivered: '100',
        rejected: '0',
      });
      expect(c.items.find((i: { item: string }) => i.item === 'Generators')).toMatchObject({
        rejected: '2',
        entered: '0',
      });
      const entered = (await app.inject('/api/v1/access/consignments/cg-1/entered')).json();
      expect(entered.items).toEqual([
        { item: 'Cement', category: 'construction-material', unit: 'bag', quantity: '100' },
      ]);
      expect((await app.inject('/api/v1/access/consignments/nope-1/entered')).statusCode).toBe(404);
      const times = (await app.inject(`/api/v1/access/metrics/stages?from=${DAY}&to=${DAY}`)).json();
      // requested 06:00 → cleared 08:00: two hours spent at "requested"
      expect(times.stages.find((s: { stage: string }) => s.stage === 'requested')).toMatchObject({
        count: 1,
        p50Hours: 2,
        p90Hours: 2,
      });
      expect(times.stages.find((s: { stage: string }) => s.stage === 'arrived')).toMatchObject({
        p50Hours: 2,
      });
    }
  });

  it('refuses bad input with a precise reason and writes nothing', async () => {
    const before = await consignmentCount(store.db);
    // unknown crossing
    expect(await code(record(consignment('cg-x', { crossing: 'nowhere' })))).toBe(
      'CROSSING_UNKNOWN payload.consignments.0.crossing',
    );
    // negative quantity
    expect(await code(record(consignment('cg-x', { quantity: '-5' })))).toBe(
      'VALIDATION_FAILED payload.consignments.0.items.0.quantity',
    );
    // stages out of order: entered before cleared
    expect(
      await code(
        record(
          consignment('cg-x', {
            stages: [
              { stage: 'entered', at: at(9) },
              { stage: 'cleared', at: at(10) },
            ],
          }),
        ),
      ),
    ).toBe('STAGE_OUT_OF_ORDER payload.consignments.0.stages.1.stage');
    // stage times running backwards
    expect(
      await code(
        record(
          consignment('cg-x', {
            stages: [
              { stage: 'cleared', at: at(10) },
              { stage: 'arrived', at: at(9) },
            ],
          }),
        ),
      ),
    ).toBe('STAGE_OUT_OF_ORDER payload.consignments.0.stages.1.at');
    // timestamp in the future (after the signing time)
    expect(
      await code(
        record(consignment('cg-x', { stages: [{ stage: 'cleared', at: '2026-11-25T10:00:00.000Z' }] })),
      ),
    ).toBe('TIMESTAMP_IN_FUTURE payload.consignments.0.stages.0.at');
    // before the request
    expect(await code(record(consignment('cg-x', { stages: [{ stage: 'cleared', at: at(5) }] })))).toBe(
      'TIMESTAMP_BEFORE_REQUEST payload.consignments.0.stages.0.at',
    );
    // delivered before entering
    expect(
      await code(
        record(
          consignment('cg-x', {
            stages: [{ stage: 'delivered', at: at(9), destination: { kind: 'warehouse', id: 'wh-1' } }],
          }),
        ),
      ),
    ).toBe('STAGE_OUT_OF_ORDER payload.consignments.0.stages.0.stage');
    // denied without a reason; anything after a denial
    expect(await code(record(consignment('cg-x', { stages: [{ stage: 'denied', at: at(9) }] })))).toBe(
      'VALIDATION_FAILED payload.consignments.0.stages.0.reason',
    );
    // a batch with one bad consignment: refused whole, the good one is not written either
    expect(await code(record(consignment('cg-good'), consignment('cg-bad', { crossing: 'nowhere' })))).toBe(
      'CROSSING_UNKNOWN payload.consignments.1.crossing',
    );
    // the same id twice
    await record(consignment('cg-once', { stages: [{ stage: 'denied', at: at(9), reason: 'Dual-use' }] }));
    expect(await code(record(consignment('cg-once')))).toBe(
      'ALREADY_EXISTS payload.consignments.0.consignmentId',
    );
    expect(await code(stages({ consignmentId: 'cg-once', stage: 'arrived', at: at(10) }))).toBe(
      'STAGE_OUT_OF_ORDER payload.stages.0.stage',
    );
    expect(await code(stages({ consignmentId: 'cg-none', stage: 'arrived', at: at(10) }))).toBe(
      'CONSIGNMENT_UNKNOWN payload.stages.0.consignmentId',
    );
    // a stages batch whose second stage is bad changes nothing of the first
    await record(consignment('cg-2'));
    expect(
      await code(
        stages(
          { consignmentId: 'cg-2', stage: 'cleared', at: at(8) },
          { consignmentId: 'cg-2', stage: 'inspected', at: at(7) },
        ),
      ),
    ).toBe('STAGE_OUT_OF_ORDER payload.stages.1.at');
    {
      expect((await app.inject('/api/v1/access/consignments/cg-2')).json()).toMatchObject({
        stage: 'requested',
        stages: [],
      });
      const bad = await app.inject(`/api/v1/access/metrics/daily?from=${DAY}&to=2026-11-01`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
    // a key without the access-officer role
    expect(
      await code(log.send(log.partner, 'consignments.recorded', { consignments: [consignment('cg-p')] })),
    ).toBe('ROLE_REQUIRED');
    expect(await consignmentCount(store.db)).toBe(before + 2);
  });

  it('compares each day with the floor of 600 trucks, crossing by crossing', async () => {
    const entered = (h: number, day: string) => [
      { stage: 'cleared', at: at(h, day) },
      { stage: 'entered', at: at(h + 1, day) },
    ];
    // 2026-11-18: 350 + 250 = 600 trucks (the floor met); 2026-11-19: 599 (below); 2026-11-20: 450 + 200 = 650
    await record(
      consignment('a1', { trucks: 350, day: '2026-11-18', stages: entered(8, '2026-11-18') }),
      consignment('a2', {
        trucks: 250,
        crossing: 'rafah',
        day: '2026-11-18',
        stages: entered(9, '2026-11-18'),
      }),
      consignment('b1', { trucks: 599, day: '2026-11-19', stages: entered(8, '2026-11-19') }),
      consignment('c1', { trucks: 450, day: '2026-11-20', stages: entered(8, '2026-11-20') }),
      consignment('c2', {
        trucks: 200,
        crossing: 'zikim',
        day: '2026-11-20',
        stages: entered(10, '2026-11-20'),
      }),
      consignment('c3', {
        trucks: 30,
        crossing: 'rafah',
        day: '2026-11-20',
        stages: [{ stage: 'denied', at: at(9, '2026-11-20'), reason: 'Dual-use items' }],
      }),
    );
    const m = await dailyMetrics(store, { from: '2026-11-17', to: '2026-11-20' });
    const d = Object.fromEntries(m.days.map((x) => [x.day, x]));
    expect(d['2026-11-17']).toMatchObject({ trucks: 0, belowFloor: true, accessIndex: 0 });
    expect(d['2026-11-18']).toMatchObject({
      trucks: 600,
      belowFloor: false,
      shareOfFloor: 1,
      weightKg: '10000',
      accessIndex: 100,
    });
    expect(d['2026-11-18']!.byCrossing).toEqual([
      expect.objectContaining({ crossing: 'kerem-shalom', trucks: 350 }),
      expect.objectContaining({ crossing: 'rafah', trucks: 250 }),
    ]);
    expect(d['2026-11-19']).toMatchObject({ trucks: 599, belowFloor: true });
    // 650 trucks, but one of the three consignments decided that day was denied: index 100 × 1 × (1 − 1/3)
    expect(d['2026-11-20']).toMatchObject({ trucks: 650, belowFloor: false, denied: 1, accessIndex: 66.7 });
    expect(m.summary).toMatchObject({ days: 4, daysBelowFloor: 2, trucks: 1849 });
    // the latest days with trucks, without naming a range: the same figures, ending on 2026-11-20
    const latest = await app.inject('/api/v1/access/metrics/daily/latest?days=4');
    expect(latest.statusCode).toBe(200);
    expect(latest.json()).toEqual(JSON.parse(JSON.stringify(m)));
    const zikim = (await app.inject('/api/v1/access/metrics/daily/latest?days=2&crossing=zikim')).json();
    expect([zikim.from, zikim.to, zikim.summary.trucks]).toEqual(['2026-11-19', '2026-11-20', 200]);
    for (const bad of ['days=0', 'days=732', 'days=x', 'days=4&crossing=Bad!'])
      expect((await app.inject(`/api/v1/access/metrics/daily/latest?${bad}`)).statusCode).toBe(400);
    const rates = (await import('../../src/services/access.js')).categoryRates;
    const r = await rates(store, { from: '2026-11-17', to: '2026-11-20' });
    expect(r.categories).toEqual([
      expect.objectContaining({
        category: 'construction-material',
        requested: 6,
        cleared: 5,
        denied: 1,
        entered: 5,
        denialRate: 0.166666,
      }),
    ]);
  });

  it('keeps crossings status and hours over time, the versioned dual-use list and appeals', async () => {
    await log.send(log.officer, 'crossing.status-changed', {
      crossing: 'zikim',
      status: 'open',
      effectiveFrom: '2026-11-01T05:00:00.000Z',
      hours: { opens: '07:00', closes: '14:00' },
    });
    await log.send(log.officer, 'crossing.status-changed', {
      crossing: 'zikim',
      status: 'closed',
      effectiveFrom: '2026-11-20T05:00:00.000Z',
      note: 'Closed until further notice',
    });
    expect(
      await code(
        log.send(log.officer, 'crossing.status-changed', {
          crossing: 'atlantis',
          status: 'open',
          effectiveFrom: '2026-11-01T05:00:00.000Z',
        }),
      ),
    ).toBe('CROSSING_UNKNOWN payload.crossing');
    expect(
      await code(
        log.send(log.officer, 'crossing.status-changed', {
          crossing: 'zikim',
          status: 'closed',
          effectiveFrom: '2026-11-21T05:00:00.000Z',
          hours: { opens: '07:00', closes: '14:00' },
        }),
      ),
    ).toBe('VALIDATION_FAILED payload.hours');
    expect(
      await code(
        log.send(log.officer, 'dual-use-list.published', {
          version: 2,
          effectiveFrom: '2026-01-01',
          source: 'x',
          items: [],
        }),
      ),
    ).toBe('DUAL_USE_VERSION_OUT_OF_ORDER payload.version');
    await log.send(log.officer, 'dual-use-list.published', {
      version: 1,
      effectiveFrom: '2026-01-01',
      source: 'List of 1 January',
      items: [{ item: 'Generators', category: 'other' }],
    });
    await record(
      consignment('cg-d', { stages: [{ stage: 'denied', at: at(9), reason: 'Dual-use: generators' }] }),
      consignment('cg-ok', { stages: [{ stage: 'cleared', at: at(9) }] }),
    );
    expect(
      await code(
        log.send(log.officer, 'denial.appealed', {
          appealId: 'ap-0',
          consignmentId: 'cg-ok',
          filedAt: at(10),
          grounds: 'Why',
          deadline: '2026-12-01',
        }),
      ),
    ).toBe('APPEAL_NOT_ALLOWED payload.consignmentId');
    await log.send(log.partner, 'denial.appealed', {
      appealId: 'ap-1',
      consignmentId: 'cg-d',
      filedAt: at(10),
      grounds: 'Cement is not on the list',
      deadline: '2026-11-22',
    });
    expect(
      await code(
        log.send(log.officer, 'appeal.decided', {
          appealId: 'ap-1',
          outcome: 'overturned',
          decidedAt: '2026-11-26T00:00:00.000Z',
          reason: 'x',
        }),
      ),
    ).toBe('TIMESTAMP_IN_FUTURE payload.decidedAt');
    await log.send(log.officer, 'appeal.decided', {
      appealId: 'ap-1',
      outcome: 'overturned',
      decidedAt: '2026-11-24T10:00:00.000Z',
      reason: 'Not on the list in force',
    });
    expect(
      await code(
        log.send(log.officer, 'appeal.decided', {
          appealId: 'ap-1',
          outcome: 'upheld',
          decidedAt: '2026-11-24T11:00:00.000Z',
          reason: 'x',
        }),
      ),
    ).toBe('APPEAL_CLOSED payload.appealId');
    {
      const crossings = (await app.inject('/api/v1/access/crossings')).json();
      const z = crossings.find((c: { code: string }) => c.code === 'zikim');
      expect(z).toMatchObject({ status: 'closed', hours: null });
      expect(z.history.map((h: { status: string }) => h.status)).toEqual(['open', 'closed']);
      expect(z.history[0].hours).toEqual({ opens: '07:00', closes: '14:00' });
      expect((await app.inject('/api/v1/access/dual-use/1')).json().items).toEqual([
        { item: 'Generators', category: 'other', note: null },
      ]);
      expect((await app.inject('/api/v1/access/dual-use/2')).statusCode).toBe(404);
      const appeals = (await app.inject('/api/v1/access/appeals')).json().appeals;
      // decided on the 24th, after its deadline of the 22nd
      expect(appeals).toEqual([
        expect.objectContaining({ id: 'ap-1', status: 'decided-late', outcome: 'overturned' }),
      ]);
    }
  });

  it('records what distribution points served; households are told apart by keyed hashes only', async () => {
    const key = Buffer.alloc(32, 7);
    await log.send(log.partner, 'distribution-point.registered', {
      pointId: 'dp-1',
      kind: 'community-kitchen',
      name: { en: 'Kitchen', ar: 'مطبخ' },
      governorate: 'PS0270',
      operator: 'kitchens-ngo',
    });
    await record(
      consignment('cg-k', {
        stages: [
          { stage: 'entered', at: at(8) },
          {
            stage: 'delivered',
            at: at(10),
            items: [{ item: 'Cement', quantity: '30' }],
            destination: { kind: 'distribution-point', id: 'dp-1' },
          },
        ],
      }),
    );
    const hh = (id: string) => householdKey(key, id);
    // the same household written two ways is one key
    expect(hh('HH-0001')).toBe(hh('hh 0001'));
    const report = (id: string, keys: string[], received?: unknown[]) =>
      log.send(log.partner, 'distribution.reported', {
        reportId: id,
        pointId: 'dp-1',
        date: DAY,
        ...(received ? { received } : {}),
        served: { meals: '500' },
        households: 3,
        beneficiaries: {
          commitments: keys.map((k) => beneficiaryCommitment({ household: k }, Buffer.alloc(32, 1))),
          householdKeys: keys,
        },
      });
    await report(
      'r1',
      [hh('A'), hh('B'), hh('C')],
      [{ consignmentId: 'cg-k', item: 'Cement', quantity: '20' }],
    );
    await report('r2', [hh('B'), hh('C'), hh('D')]);
    expect(
      await code(report('r3', [hh('E')], [{ consignmentId: 'cg-k', item: 'Cement', quantity: '11' }])),
    ).toBe('OVER_DELIVERED payload.received.0.quantity');
    expect(
      await code(
        log.send(log.partner, 'distribution.reported', {
          reportId: 'r4',
          pointId: 'dp-9',
          date: DAY,
          served: {},
          households: 0,
        }),
      ),
    ).toBe('DISTRIBUTION_POINT_UNKNOWN payload.pointId');
    {
      const points = (await app.inject('/api/v1/access/distribution-points')).json().points;
      expect(points).toEqual([
        expect.objectContaining({
          id: 'dp-1',
          reports: 2,
          households: '4',
          served: expect.objectContaining({ meals: '1000' }),
        }),
      ]);
      const events = await app.inject('/api/v1/events?from=0&limit=1000&type=distribution.reported');
      expect(events.statusCode).toBe(200);
      expect(events.body).toContain(hh('A'));
      expect(events.body).not.toContain('HH-0001');
    }
  });

  it('imports the partner CSV/HXL template: by hashtag, refusing bad rows, nothing twice', async () => {
    const file = join(tmpdir(), `amanah-partner-${process.pid}-${kind}.csv`);
    const reportPath = `${file}.report.csv`;
    const rows = templateCsv().trim().split('\n');
    // reorder the columns: the importer finds them by hashtag, not position
    const cols = rows.map((r) => r.split(','));
    const order = cols[0]!.map((_, i) => i).reverse();
    const shuffled = cols.map((c) => order.map((i) => c[i]).join(','));
    const line = (o: Record<string, string>) => {
      const tags = cols[1]!;
      return order.map((i) => o[tags[i]!] ?? '').join(',');
    };
    const base = {
      '#loc+crossing+code': 'rafah',
      '#date+requested': '2026-11-19',
      '#indicator+trucks+num': '3',
      '#item+name': 'Tents',
      '#item+type+code': 'shelter',
      '#indicator+quantity+num': '50',
      '#item+unit': 'piece',
    };
    writeFileSync(
      file,
      [
        ...shuffled,
        line({
          ...base,
          '#x_consignment+id': 'p-ok',
          '#date+cleared': '2026-11-19T10:00:00Z',
          '#date+entered': '2026-11-20T09:00:00Z',
        }),
        line({ ...base, '#x_consignment+id': 'p-neg', '#indicator+quantity+num': '-4' }),
        line({
          ...base,
          '#x_consignment+id': 'p-order',
          '#date+cleared': '2026-11-20T10:00:00Z',
          '#date+entered': '2026-11-20T09:00:00Z',
        }),
        line({ ...base, '#x_consignment+id': 'p-future', '#date+entered': '2027-01-01' }),
        line({ ...base, '#x_consignment+id': 'p-where', '#loc+crossing+code': 'atlantis' }),
        line({ ...base, '#x_consignment+id': 'p-date', '#date+requested': '31/02/2026' }),
        // passes the importer's own checks but not the event schema (at most 10,000 trucks): the server
        // refuses its batch, and the importer splits the batch until only this row is left out
        line({ ...base, '#x_consignment+id': 'p-trucks', '#indicator+trucks+num': '50000' }),
        line({ ...base, '#x_consignment+id': 'p-after' }),
      ].join('\n'),
    );
    try {
      const s = await importFile({
        source: 'csv',
        path: file,
        target: log.target,
        now: () => clock.now(),
        reportPath,
      });
      expect(s).toMatchObject({ rows: 10, accepted: 4, rejected: 6, present: 0 });
      const report = readFileSync(reportPath, 'utf8');
      expect(report).toMatch(/^11,p-trucks,"?VALIDATION_FAILED: .*payload\.rows\.\d+\.4: trucks: Too big/m);

      expect(report).toMatch(/^6,,"line 6: quantity ""-4"" is negative"$/m);
      expect(report).toMatch(/^7,p-order,"STAGE_OUT_OF_ORDER: cleared cannot follow entered/m);
      expect(report).toMatch(/^8,p-future,"?TIMESTAMP_IN_FUTURE/m);
      expect(report).toMatch(/^9,p-where,"CROSSING_UNKNOWN: crossing ""atlantis"" is not registered/m);
      expect(report).toMatch(/^10,,"#date\+requested ""31\/02\/2026"" is not a date/m);
      expect(await consignmentEnteredItems(store.db, 'wfp-2025-000123')).toEqual([
        { item: 'Water purification tablets', category: 'water-sanitation', unit: 'pallet', quantity: 4n },
        { item: 'Wheat flour', category: 'food', unit: 'pallet', quantity: 40n },
      ]);
      const again = await importFile({
        source: 'csv',
        path: file,
        target: log.target,
        now: () => clock.now(),
        reportPath,
      });
      expect(again).toMatchObject({ accepted: 0, present: 4, rejected: 6 });
    } finally {
      rmSync(file, { force: true });
      rmSync(reportPath, { force: true });
    }
  });
});
