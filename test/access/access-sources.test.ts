/** Migration 0013: the source file of imported consignments is kept once per signed entry. */
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getConsignment, listConsignments } from '../../src/store/access-repository.js';
import { openStore } from '../../src/store/database.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const FILE_A = 'a1'.repeat(32);
const FILE_B = 'b2'.repeat(32);

describe.each(STORE_KINDS)('migration 0013 on %s', (kind) => {
  it('moves each row’s file to its entry and keeps its line, with the same provenance as before', async () => {
    const { store: raw, target, dispose } = await freshStore(kind, { migrate: false });
    try {
      await new Migrator({ db: raw.db, provider: migrationProvider(raw.dialect) }).migrateTo(
        '0012-access-stage-durations',
      );
      // consignments as 0012 left them: two entries of a COGAT file, one of UNRWA's, one typed in
      const provenance = [
        `cogat:${FILE_A}:2`,
        `cogat:${FILE_A}:3`,
        `cogat:${FILE_A}:9`,
        `unrwa:${FILE_B}:1501`,
        `csv:${FILE_B}:`,
        null,
      ];
      const logIndex = [10, 10, 11, 12, 13, 14];
      await raw.db
        .insertInto('access_consignments')
        .values(
          provenance.map((p, i) => ({
            id: `cg-${i}`,
            crossing: 'rafah',
            requested_at: `2025-01-0${1 + i}T06:00:00.000Z`,
            donor: null,
            sender: null,
            trucks: 1,
            weight_kg: null,
            category: 'food',
            stage: 'requested',
            stage_at: `2025-01-0${1 + i}T06:00:00.000Z`,
            stage_count: 0,
            entered_at: null,
            provenance: p,
            log_index: logIndex[i]!,
          })) as never,
        )
        .execute();
      await raw.close();

      const store = await openStore(target);
      try {
        const sources = await sql<{ log_index: unknown; kind: string; file: string }>`
          select log_index, kind, file from access_sources order by log_index`.execute(store.db);
        expect(sources.rows.map((r) => [Number(r.log_index), r.kind, r.file])).toEqual([
          [10, 'cogat', FILE_A],
          [11, 'cogat', FILE_A],
          [12, 'unrwa', FILE_B],
          [13, 'csv', FILE_B],
        ]);
        for (const [i, p] of provenance.entries())
          expect((await getConsignment(store.db, `cg-${i}`)).provenance).toBe(p);
        const listed = await listConsignments(store.db, { offset: 0, limit: 10 });
        expect(listed.items.map((c) => c.provenance)).toEqual(provenance);
        const columns =
          kind === 'sqlite'
            ? await sql<{ name: string }>`select name from pragma_table_info('access_consignments')`.execute(
                store.db,
              )
            : await sql<{ name: string }>`select column_name as name from information_schema.columns
                where table_name = 'access_consignments'`.execute(store.db);
        expect(columns.rows.map((r) => r.name)).not.toContain('provenance');
      } finally {
        await store.close();
      }
    } finally {
      await dispose();
    }
  });
});
