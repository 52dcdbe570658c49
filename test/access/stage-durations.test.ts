/**
 * Stage times read counted durations per day (migration 0012): the same percentiles as the stage rows
 * themselves give, for any range, from a table whose size follows the number of distinct durations.
 */
import fc from 'fast-check';
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { percentile, stageTimes } from '../../src/services/access.js';
import { openStore } from '../../src/store/database.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

/** Nearest-rank percentile of a list of values, as the figures were computed before 0012. */
function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

describe('percentiles of counted values', () => {
  it('are the nearest-rank percentiles of the values counted', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 100 }),
        (values, p) => {
          const counts = new Map<number, number>();
          for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
          const counted = [...counts].sort((a, b) => a[0] - b[0]).map(([seconds, n]) => ({ seconds, n }));
          expect(percentile(counted, p)).toBe(nearestRank(values, p));
        },
      ),
    );
  });
});

describe.each(STORE_KINDS)('migration 0012 on %s', (kind) => {
  it('counts the recorded stages by day, stage and duration, and drops the stages’ day index', async () => {
    const { store: raw, target, dispose } = await freshStore(kind, { migrate: false });
    try {
      await new Migrator({ db: raw.db, provider: migrationProvider(raw.dialect) }).migrateTo(
        '0011-project-payment-indexes',
      );
      // stages as 0011 left them: three days, three stages waited at, durations that repeat
      const rows = Array.from({ length: 90 }, (_, i) => ({
        consignment_id: `cg-${Math.floor(i / 3)}`,
        seq: (i % 3) + 1,
        stage: ['cleared', 'arrived', 'entered'][i % 3]!,
        at: `2025-01-0${1 + (i % 3)}T10:00:00.000Z`,
        day: `2025-01-0${1 + (i % 3)}`,
        seconds: 3600 * ((i * 7) % 5),
        after: ['requested', 'cleared', 'arrived'][i % 3]!,
        reason: null,
        detail: null,
        log_index: i,
      }));
      await raw.db.insertInto('access_stages').values(rows).execute();
      await raw.close();

      const store = await openStore(target);
      try {
        const counted = await sql<{ day: string; after: string; seconds: unknown; n: unknown }>`
          select day, after, seconds, n from access_stage_durations order by day, after, seconds`.execute(
          store.db,
        );
        const expected = new Map<string, number>();
        for (const r of rows) {
          const k = `${r.day}|${r.after}|${r.seconds}`;
          expected.set(k, (expected.get(k) ?? 0) + 1);
        }
        const byKey = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : 1);
        expect(
          counted.rows
            .map((r): [string, number] => [`${r.day}|${r.after}|${String(r.seconds)}`, Number(r.n)])
            .sort(byKey),
        ).toEqual([...expected].sort(byKey));
        const indexes =
          kind === 'sqlite'
            ? await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(
                store.db,
              )
            : await sql<{ name: string }>`select indexname as name from pg_indexes`.execute(store.db);
        expect(indexes.rows.map((r) => r.name)).not.toContain('access_stages_day_idx');

        // the figures over two of the days, as the stage rows give them
        const times = await stageTimes(store, { from: '2025-01-01', to: '2025-01-02' });
        const inRange = rows.filter((r) => r.day <= '2025-01-02');
        for (const after of ['requested', 'cleared']) {
          const secs = inRange.filter((r) => r.after === after).map((r) => r.seconds);
          expect(times.stages.find((s) => s.stage === after)).toEqual({
            stage: after,
            count: secs.length,
            p50Hours: nearestRank(secs, 50) / 3600,
            p90Hours: nearestRank(secs, 90) / 3600,
          });
        }
        expect(times.stages.map((s) => s.stage)).not.toContain('arrived');
      } finally {
        await store.close();
      }
    } finally {
      await dispose();
    }
  });
});
