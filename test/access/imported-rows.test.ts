/**
 * `consignments.imported`: the rows of a line list, a consignment a row in a fixed column order. A row
 * says exactly what the consignment it stands for says, is decided by the same rules and projected the
 * same way; its refusals name the row's own paths.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { consignmentOfRow, rowOfConsignment, withRowPaths } from '../../src/domain/access/imported-rows.js';
import { consignment as consignmentSchema, ITEM_CATEGORIES, STAGES } from '../../src/domain/access/events.js';
import type { Consignment, ImportedRow } from '../../src/domain/access/events.js';
import { AmanahError, isAmanahError } from '../../src/domain/errors.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { replay } from '../../src/services/replay.js';
import type { Store } from '../../src/store/database.js';
import { getConsignment } from '../../src/store/access-repository.js';
import { openScratchStore } from '../../src/store/scratch-store.js';
import { ORIGIN } from '../support/actors.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { seedAccess, type AccessLog } from './support.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const SOURCE = { file: 'ab'.repeat(32), kind: 'cogat' };

const text = (max: number) =>
  fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() === s && s.length > 0);
const instant = fc
  .integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 10, 1) })
  .map((ms) => new Date(ms).toISOString());

/** Consignments as a line list's row can say them: one manifest line, stages with only their time. */
const rowShaped: fc.Arbitrary<Consignment> = fc
  .record({
    consignmentId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}$/),
    crossing: fc.constantFrom('kerem-shalom', 'rafah', 'airdrops'),
    donor: fc.option(text(20), { nil: undefined }),
    sender: fc.option(text(20), { nil: undefined }),
    trucks: fc.integer({ min: 0, max: 10_000 }),
    item: text(30),
    category: fc.constantFrom(...ITEM_CATEGORIES),
    quantity: fc.integer({ min: 1, max: 1e9 }).map(String),
    unit: text(10),
    weightKg: fc.option(fc.integer({ min: 1, max: 1e9 }).map(String), { nil: undefined }),
    requestedAt: instant,
    row: fc.integer({ min: 1, max: 1e6 }),
    stages: fc.array(fc.record({ stage: fc.constantFrom(...STAGES), at: instant }), { maxLength: 3 }),
  })
  .map((r) => ({
    consignmentId: r.consignmentId,
    crossing: r.crossing,
    ...(r.donor === undefined ? {} : { donor: r.donor }),
    items: [
      {
        category: r.category,
        item: r.item,
        quantity: r.quantity,
        unit: r.unit,
        ...(r.weightKg === undefined ? {} : { weightKg: r.weightKg }),
      },
    ],
    requestedAt: r.requestedAt,
    row: r.row,
    ...(r.sender === undefined ? {} : { sender: r.sender }),
    stages: r.stages.map((s) => ({ at: s.at, stage: s.stage })),
    trucks: r.trucks,
  }));

describe('rows of consignments.imported', () => {
  it('say exactly what the consignments they stand for say', () => {
    fc.assert(
      fc.property(rowShaped, (c) => {
        expect(consignmentSchema.safeParse(c).success).toBe(true);
        const row = rowOfConsignment(c)!;
        expect(row).toBeDefined();
        expect(consignmentOfRow(row)).toEqual(c);
        // canonically the same record, member for member
        expect(canonicalJson(consignmentOfRow(row))).toBe(canonicalJson(c));
      }),
    );
  });

  it('stand for no consignment with several manifest lines, stage details or no line in a file', () => {
    const [c] = fc.sample(rowShaped, { numRuns: 1, seed: 3 });
    const line = c!.items[0]!;
    expect(rowOfConsignment({ ...c!, items: [line, { ...line, item: `${line.item} 2` }] })).toBeUndefined();
    expect(
      rowOfConsignment({ ...c!, stages: [{ stage: 'denied', at: c!.requestedAt, reason: 'no permit' }] }),
    ).toBeUndefined();
    expect(
      rowOfConsignment({
        ...c!,
        stages: [{ stage: 'delivered', at: c!.requestedAt, destination: { kind: 'warehouse', id: 'wh-1' } }],
      }),
    ).toBeUndefined();
    const { row: _row, ...noRow } = c!;
    expect(rowOfConsignment(noRow)).toBeUndefined();
  });

  it("give a refusal the row's paths", () => {
    const e = withRowPaths(
      new AmanahError('STAGE_OUT_OF_ORDER', 'x', [
        { path: 'payload.rows.3.stages.1.at', message: 'm' },
        { path: 'payload.rows.0.crossing', message: 'm' },
        { path: 'payload.rows.12.items.0.quantity', message: 'm' },
        { path: 'actor', message: 'm' },
      ]),
    );
    expect(e.issues.map((i) => i.path)).toEqual([
      'payload.rows.3.12.1.1',
      'payload.rows.0.2',
      'payload.rows.12.9',
      'actor',
    ]);
  });
});

describe.each(STORE_KINDS)('consignments.imported on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let svc: CommandService;
  let log: AccessLog;
  const clock = fixedClock(NOW);

  beforeEach(async () => {
    ({ store, dispose } = await freshStore(kind));
    svc = new CommandService({ store, origin: ORIGIN, clock });
    log = await seedAccess(svc, store, clock);
  });
  afterEach(async () => {
    await svc.close();
    await dispose();
  });

  const row = (id: string, over: Partial<Record<number, unknown>> = {}): unknown[] => {
    const r: unknown[] = [
      7,
      id,
      'kerem-shalom',
      '2026-11-20T06:00:00.000Z',
      1,
      'WFP',
      null,
      'Flour',
      'food',
      '20',
      'tonne',
      '20000',
      [
        ['cleared', '2026-11-20T07:00:00.000Z'],
        ['entered', '2026-11-20T10:00:00.000Z'],
      ],
    ];
    for (const [i, v] of Object.entries(over)) r[Number(i)] = v;
    return r;
  };
  const imported = (...rows: unknown[][]) =>
    log.send(log.officer, 'consignments.imported', { rows, source: SOURCE });
  const refusal = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
      return 'accepted';
    } catch (e) {
      if (!isAmanahError(e)) throw e;
      return `${e.code} ${e.issues[0]?.path ?? '-'} ${e.issues[0]?.message ?? e.message}`;
    }
  };
  /** The access projections, without the log positions (which differ between two logs). */
  const projections = async (): Promise<unknown[]> => {
    const q = async (text: string) =>
      (await sql.raw<Record<string, unknown>>(text).execute(store.db)).rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])),
      );
    return [
      await q(
        'select id, crossing, requested_at, donor, sender, trucks, weight_kg, category, stage, stage_at, stage_count, entered_at, source_row, s.kind, s.file from access_consignments c left join access_sources s on s.log_index = c.log_index order by id',
      ),
      await q('select * from access_consignment_items order by consignment_id, item'),
      await q(
        'select consignment_id, seq, stage, at, day, seconds, after, reason, detail from access_stages order by consignment_id, seq',
      ),
      await q('select * from access_daily order by day, crossing'),
      await q('select * from access_daily_category order by day, category'),
    ];
  };

  it('projects rows exactly as the consignments they stand for, and replays to the same tables', async () => {
    const rows = [
      row('cg-1'),
      row('cg-2', { 2: 'rafah', 5: null, 6: 'Egyptian Red Crescent', 11: null }),
      row('cg-3', { 12: [['entered', '2026-11-21T00:00:00.000Z']] }),
    ];
    await imported(...rows);
    const viaRows = await projections();
    expect((viaRows[0] as unknown[]).length).toBe(3);
    // each row traced to its file and line
    expect((await getConsignment(store.db, 'cg-2')).provenance).toBe(`cogat:${SOURCE.file}:7`);

    // the same consignments in a fresh log, recorded one by one as objects
    const other = await freshStore(kind);
    const otherSvc = new CommandService({ store: other.store, origin: ORIGIN, clock });
    try {
      const otherLog = await seedAccess(otherSvc, other.store, clock);
      await otherLog.send(otherLog.officer, 'consignments.recorded', {
        consignments: rows.map((r) => consignmentOfRow(r as ImportedRow)),
        source: SOURCE,
      });
      const [s, d] = [store, other.store];
      store = d;
      const viaObjects = await projections();
      store = s;
      expect(viaRows).toEqual(viaObjects);
    } finally {
      await otherSvc.close();
      await other.dispose();
    }

    const scratch = await openScratchStore(store);
    try {
      expect((await replay(store, scratch.store)).identical).toBe(true);
    } finally {
      await scratch.dispose();
    }
  });

  it("refuses bad rows with the rules' reasons at the row's paths, and writes nothing", async () => {
    await imported(row('cg-seen'));
    const before = await projections();
    expect(await refusal(imported(row('cg-a'), row('cg-b', { 2: 'nowhere' })))).toMatch(
      /^CROSSING_UNKNOWN payload\.rows\.1\.2 crossing "nowhere" is not registered/,
    );
    expect(
      await refusal(
        imported(
          row('cg-a', {
            12: [
              ['entered', '2026-11-20T10:00:00.000Z'],
              ['cleared', '2026-11-20T11:00:00.000Z'],
            ],
          }),
        ),
      ),
    ).toMatch(/^STAGE_OUT_OF_ORDER payload\.rows\.0\.12\.1\.0 cleared cannot follow entered/);
    expect(await refusal(imported(row('cg-a', { 12: [['entered', '2026-11-25T10:00:00.000Z']] })))).toMatch(
      /^TIMESTAMP_IN_FUTURE payload\.rows\.0\.12\.0\.1 /,
    );
    expect(await refusal(imported(row('cg-a', { 12: [['entered', '2026-11-19T10:00:00.000Z']] })))).toMatch(
      /^TIMESTAMP_BEFORE_REQUEST payload\.rows\.0\.12\.0\.1 /,
    );
    expect(await refusal(imported(row('cg-a'), row('cg-a')))).toMatch(
      /^ALREADY_EXISTS payload\.rows\.1\.1 consignment cg-a is already recorded/,
    );
    expect(await refusal(imported(row('cg-seen')))).toMatch(/^ALREADY_EXISTS payload\.rows\.0\.1 /);
    // the schema's refusals name the column
    expect(await refusal(imported(row('cg-a', { 9: '-4' })))).toMatch(
      /^VALIDATION_FAILED payload\.rows\.0\.9 quantity: /,
    );
    expect(await refusal(imported(row('cg-a', { 4: 50_000 })))).toMatch(
      /^VALIDATION_FAILED payload\.rows\.0\.4 trucks: Too big/,
    );
    expect(await refusal(imported(row('cg-a').slice(0, 12)))).toMatch(/^VALIDATION_FAILED payload\.rows\.0/);
    // a partner may not record consignments
    expect(
      await refusal(log.send(log.partner, 'consignments.imported', { rows: [row('cg-a')], source: SOURCE })),
    ).toMatch(/^ROLE_REQUIRED /);
    expect(await projections()).toEqual(before);
  });
});
