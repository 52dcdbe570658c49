import fc from 'fast-check';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { inlineParameters, literal, pgArrayLiteral } from '../../src/store/pg-literals.js';
import { isRawWrite } from '../../src/store/pg-write-path.js';
import { planReads } from '../../src/store/pg-read-merge.js';
import {
  ANY_TABLE,
  conflicts,
  readFootprint,
  statementWrites,
  writeFootprint,
  type ColumnKinds,
} from '../../src/store/query-footprint.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

/** A table of the tests' own, beside the schema's: every column kind the footprints tell apart. */
interface T {
  t: { id: string; grp: number | bigint | null; name: string | null; score: number | null };
}
const KINDS: ColumnKinds = (table, column) =>
  table !== 't'
    ? 'other'
    : column === 'id' || column === 'name'
      ? 'text'
      : column === 'grp'
        ? 'integer'
        : 'other';

describe('inlined parameters', () => {
  it('writes each placeholder as the literal pg would send, leaving quoted text and comments alone', () => {
    expect(
      inlineParameters(`select '$1', "a$2" from t where x = $1 and y = $2 -- $1\n and z = $10`, [
        "it's",
        5,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Buffer.from([0, 255]),
      ]),
    ).toBe(`select '$1', "a$2" from t where x = 'it''s' and y = '5' -- $1\n and z =  E'\\\\x00ff'`);
    expect(literal(12n)).toBe("'12'");
    expect(literal(true)).toBe("'true'");
    expect(literal(undefined)).toBe('NULL');
    expect(literal({ a: "'" })).toBe(`'{"a":"''"}'`);
    expect(literal('a\\b')).toBe(" E'a\\\\b'");
    expect(() => inlineParameters('select $2', [1])).toThrow(/\$2 has no parameter/);
  });
});

describe('raw statements held as writes', () => {
  it('holds what only writes, and sends at once what returns rows', () => {
    expect(isRawWrite('insert into "t" ("a") select * from unnest($1)')).toBe(true);
    expect(isRawWrite('with w0 as (insert into a select 1 returning *) insert into b select * from w0')).toBe(
      true,
    );
    expect(isRawWrite("with x as (select 1) update t set a = (select 2) where b = 'select'")).toBe(true);
    expect(isRawWrite('with w as (insert into a values (1) returning *) select * from w')).toBe(false);
    expect(isRawWrite('insert into t values (1) returning id')).toBe(false);
    expect(isRawWrite('select * from t for update')).toBe(false);
    expect(isRawWrite('delete from t')).toBe(true);
    expect(isRawWrite('truncate t')).toBe(false);
  });
});

describe('query footprints', () => {
  const db = new Kysely<T>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });

  it('tells a keyed read and the writes that may change it', () => {
    const read = readFootprint(db.selectFrom('t').selectAll().where('id', '=', 'a').compile().query)!;
    expect(read).toEqual([{ table: 't', where: new Map([['id', ['a']]]) }]);
    const insert = (id: string) =>
      writeFootprint(db.insertInto('t').values({ id, grp: 1, name: 'x', score: 1 }).compile().query)[0]!;
    expect(conflicts(read[0]!, insert('a'), KINDS)).toBe(true);
    expect(conflicts(read[0]!, insert('b'), KINDS)).toBe(false);
    const rename = writeFootprint(
      db.updateTable('t').set({ name: 'y' }).where('id', '=', 'b').compile().query,
    )[0]!;
    expect(conflicts(read[0]!, rename, KINDS)).toBe(false);
    const move = writeFootprint(
      db.updateTable('t').set({ id: 'a' }).where('id', '=', 'b').compile().query,
    )[0]!;
    expect(conflicts(read[0]!, move, KINDS)).toBe(true); // the row moves into what was read
    const join = readFootprint(
      db.selectFrom('t').innerJoin('t as u', 'u.id', 't.name').selectAll().where('t.id', '=', 'a').compile()
        .query,
    )!;
    // a join reads whole tables, as far as footprints tell (an alias counts as one more)
    expect(join).toContainEqual({ table: 't', where: new Map() });
    expect(join.every((f) => f !== ANY_TABLE && f.where.size === 0)).toBe(true);
    expect(readFootprint(sql`select 1`.compile(db).query)).toBeUndefined();
    expect(writeFootprint(sql`delete from t`.compile(db).query)).toEqual([ANY_TABLE]);
  });

  it('tells the tables raw SQL writes, and anything else it does as a write to anything', () => {
    const tables = (text: string) =>
      statementWrites(sql.raw(text).compile(db).query, text).map((f) => (f === ANY_TABLE ? f : f.table));
    expect(tables('insert into "consignments" ("id", "n") select * from unnest($1, $2)')).toEqual([
      'consignments',
    ]);
    expect(
      tables(
        'with w0 as (insert into "a" select 1), w1 as (update b set x = 1 where y = \'delete from c\') delete from only "D"',
      ),
    ).toEqual(['a', 'b', 'D']);
    expect(
      tables('insert into public.T (k) values ($1) on conflict (k) do update set v = excluded.v'),
    ).toContain('t');
    expect(
      tables('insert into t (k) values ($1) on conflict (k) do update set v = excluded.v'),
    ).not.toContain(ANY_TABLE);
    expect(tables('select count(*) from t')).toEqual([]);
    expect(tables('truncate t')).toEqual([ANY_TABLE]);
    expect(tables('with x as (delete from t returning *) select count(*) from x')).toEqual(['t']);
    expect(tables('insert into (select 1)')).toEqual([ANY_TABLE]);
    expect(tables('vacuum')).toEqual([ANY_TABLE]);
  });

  it('plans reads that differ only in their key as one statement, and nothing else', () => {
    const keyType = (table: string, column: string) =>
      table === 't' && column === 'id'
        ? ('text' as const)
        : table === 't' && column === 'grp'
          ? ('bigint' as const)
          : undefined;
    const byId = (id: string) => db.selectFrom('t').selectAll().where('id', '=', id).compile();
    const units = planReads(
      [
        byId('a'),
        byId('b'),
        byId('a'),
        db.selectFrom('t').select(['id', 'name']).where('grp', '=', 2).limit(1).compile(),
        db.selectFrom('t').select(['id', 'name']).where('grp', '=', 3).limit(1).compile(),
        db
          .selectFrom('t')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('id', '=', 'a')
          .compile(),
        db
          .selectFrom('t')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('id', '=', 'b')
          .compile(),
        db.selectFrom('t').selectAll().where('name', '=', 'x').compile(), // not a key column
        db.selectFrom('t').selectAll().where('name', '=', 'y').compile(),
      ],
      keyType,
    );
    const merged = units.filter((u) => u.keys);
    expect(merged.map((u) => u.keys)).toEqual([
      ['a', 'b', 'a'],
      ['2', '3'],
    ]);
    expect(merged[0]!.text).toMatch(/unnest\(array\['a', 'b'\]::text\[\]\)/);
    expect(merged[1]!.text).toMatch(/::bigint\[\].*limit '1'/);
    expect(units.filter((u) => !u.keys)).toHaveLength(4); // counts, and reads by a non-key column
  });

  // Soundness, checked on a real database: whenever a write changes what a read returns, the
  // footprints must say that it may.
  for (const kind of STORE_KINDS) {
    describe(`on ${kind}`, () => {
      let store: Store;
      let dispose: () => Promise<void>;
      let tdb: Kysely<T>;
      beforeAll(async () => {
        ({ store, dispose } = await freshStore(kind));
        tdb = store.db as unknown as Kysely<T>;
        await sql`create table t (id text primary key, grp integer, name text, score double precision)`.execute(
          tdb,
        );
      });
      afterAll(async () => {
        await dispose();
      });

      const id = fc.constantFrom('a', 'b', 'c', 'd');
      const grp = fc.oneof(fc.constantFrom(1, 2, 3), fc.constantFrom(1n, 2n), fc.constant(null));
      const name = fc.oneof(fc.constantFrom('x', 'y'), fc.constant(null));
      const score = fc.constantFrom(1, 1.5, 2);
      const row = fc.record({ id, grp, name, score });
      type Term = { col: 'id' | 'grp' | 'name' | 'score'; op: '=' | 'in'; values: unknown[] };
      const term: fc.Arbitrary<Term> = fc.oneof(
        fc.record({
          col: fc.constant('id' as const),
          op: fc.constantFrom('=' as const, 'in' as const),
          values: fc.array(id, { minLength: 1, maxLength: 2 }),
        }),
        fc.record({
          col: fc.constant('grp' as const),
          op: fc.constantFrom('=' as const, 'in' as const),
          values: fc.array(fc.constantFrom(1, 2, 3, 2n), { minLength: 1, maxLength: 2 }),
        }),
        fc.record({
          col: fc.constant('name' as const),
          op: fc.constant('=' as const),
          values: fc.array(fc.constantFrom('x', 'y'), { minLength: 1, maxLength: 1 }),
        }),
        fc.record({
          col: fc.constant('score' as const),
          op: fc.constant('=' as const),
          values: fc.array(score, { minLength: 1, maxLength: 1 }),
        }),
      );
      const where = fc.array(term, { maxLength: 2 });
      const write = fc.oneof(
        fc.record({ kind: fc.constant('insert' as const), row }),
        fc.record({ kind: fc.constant('upsert' as const), row }),
        fc.record({
          kind: fc.constant('update' as const),
          where,
          set: fc.record({ id, grp, name }, { requiredKeys: [] }),
        }),
        fc.record({ kind: fc.constant('delete' as const), where }),
      );

      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const filtered = (q: any, terms: Term[]) =>
        terms.reduce((acc, t) => acc.where(t.col, t.op, t.op === '=' ? t.values[0] : t.values), q);

      it('never misses a write that changes a read', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(row, { selector: (r) => r.id, maxLength: 4 }),
            where,
            write,
            async (rows, readWhere, w) => {
              const read = filtered(tdb.selectFrom('t').selectAll().orderBy('id'), readWhere);
              const writeQuery =
                w.kind === 'insert'
                  ? tdb.insertInto('t').values(w.row)
                  : w.kind === 'upsert'
                    ? tdb
                        .insertInto('t')
                        .values(w.row)
                        .onConflict((oc) => oc.column('id').doUpdateSet({ name: 'z', grp: 3 }))
                    : w.kind === 'update'
                      ? Object.keys(w.set).length === 0
                        ? undefined
                        : filtered(tdb.updateTable('t').set(w.set), w.where)
                      : filtered(tdb.deleteFrom('t'), w.where);
              if (!writeQuery) return;
              const changed = await tdb
                .transaction()
                .execute(async (tx) => {
                  await tx.deleteFrom('t').execute();
                  if (rows.length) await tx.insertInto('t').values(rows).execute();
                  const before = JSON.stringify(await tx.executeQuery(read.compile()));
                  await tx.executeQuery(writeQuery.compile());
                  const after = JSON.stringify(await tx.executeQuery(read.compile()));
                  throw new Rollback(before !== after);
                })
                .catch((e: unknown) => {
                  if (e instanceof Rollback) return e.changed;
                  return undefined; // the write itself failed (a duplicate key): nothing to compare
                });
              if (changed === undefined) return;
              const r = readFootprint(read.compile().query)!;
              const ws = writeFootprint(writeQuery.compile().query);
              const may = r.some((rf) => ws.some((wf) => conflicts(rf, wf, KINDS)));
              if (changed) expect(may, `${JSON.stringify({ rows, readWhere, w }, replacer)}`).toBe(true);
            },
          ),
          { numRuns: kind === 'sqlite' ? 400 : 150 },
        );
      });
    });
  }
});

class Rollback extends Error {
  constructor(readonly changed: boolean) {
    super('rollback');
  }
}

function replacer(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}

describe.each(STORE_KINDS.filter((k) => k === 'postgres'))('array literals on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
  });
  afterAll(async () => {
    await dispose();
  });

  it('carry every text and null exactly, sent alone or inlined with held writes', async () => {
    const values: Array<string | null> = [
      '',
      'NULL',
      'null',
      '"',
      '\\',
      'a,b',
      '{x}',
      ' padded ',
      "it's",
      'سلام',
      null,
      ...fc.sample(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
        { numRuns: 200, seed: 11 },
      ),
    ];
    const query = sql<{
      v: string | null;
    }>`select v from unnest(cast(${pgArrayLiteral(values)} as text[])) with ordinality as u(v, n) order by n`;
    const alone = await query.execute(store.db);
    expect(alone.rows.map((r) => r.v)).toEqual(values);
    // on the write path the literal travels inlined as a string constant, after a held write
    const inlined = await store.writeTransaction(async (tx) => {
      await sql`create temporary table held (id int)`.execute(tx);
      await tx
        .insertInto('held' as never)
        .values({ id: 1 } as never)
        .execute();
      return query.execute(tx);
    });
    expect(inlined.rows.map((r) => r.v)).toEqual(values);
  });
});

describe.each(STORE_KINDS)('write-path transactions on %s', (kind) => {
  interface V {
    v: { id: string; s: string | null; n: bigint | null; b: Uint8Array | null };
  }
  let store: Store;
  let dispose: () => Promise<void>;
  let vdb: Kysely<V>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    vdb = store.db as unknown as Kysely<V>;
    await sql
      .raw(
        `create table v (id text primary key, s text, n bigint, b ${kind === 'postgres' ? 'bytea' : 'blob'})`,
      )
      .execute(vdb);
  });
  afterAll(async () => {
    await dispose();
  });
  const rows = () => vdb.selectFrom('v').selectAll().orderBy('id').execute();

  it('keeps every value exactly, and lets each read see the writes before it', async () => {
    const tricky = fc.sample(
      fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
      { numRuns: 60, seed: 7 },
    );
    const values = [
      "it's",
      'back\\slash',
      "both \\' and '",
      'سلام',
      '🙂 emoji',
      'new\nline',
      '$1 and $2',
      '',
      ...tricky,
    ].map((s, i) => ({
      id: `r${String(i).padStart(3, '0')}`,
      s,
      n: BigInt(i) * 1_000_000_007n - 9_000_000_000n,
      b: Uint8Array.from([i % 256, 0, 255, 92, 39]),
    }));
    const seen = await store.writeTransaction(async (tx) => {
      const t = tx as unknown as Kysely<V>;
      for (const v of values) await t.insertInto('v').values(v).execute(); // held, then sent together
      await t.updateTable('v').set({ s: null }).where('id', '=', 'r000').execute();
      return t
        .selectFrom('v')
        .select(['id', 's'])
        .where('id', 'in', ['r000', 'r001'])
        .orderBy('id')
        .execute();
    });
    expect(seen).toEqual([
      { id: 'r000', s: null },
      { id: 'r001', s: 'back\\slash' },
    ]);
    const stored = await rows();
    expect(stored.map((r) => r.id)).toEqual(values.map((v) => v.id));
    stored.forEach((r, i) => {
      expect(r.s).toBe(i === 0 ? null : values[i]!.s);
      expect(BigInt(r.n!)).toBe(values[i]!.n);
      expect(Buffer.from(r.b!)).toEqual(Buffer.from(values[i]!.b));
    });
  });

  it('rolls everything back when a held write fails, naming it with the statement it went with', async () => {
    const before = await rows();
    const failure = await store
      .writeTransaction(async (tx) => {
        const t = tx as unknown as Kysely<V>;
        await t.insertInto('v').values({ id: 'fresh', s: 'x', n: null, b: null }).execute();
        await t.insertInto('v').values({ id: 'r001', s: 'duplicate', n: null, b: null }).execute();
        return t.selectFrom('v').selectAll().execute();
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(failure?.message).toMatch(/duplicate|UNIQUE/i);
    if (kind === 'postgres')
      expect(failure?.message).toMatch(/statements sent together, 2 of them held writes/);
    expect(await rows()).toEqual(before);
  });

  it('fails the transaction when writes sent ahead fail, and writes none of them', async () => {
    const before = await rows();
    const many = Array.from({ length: 400 }, (_, i) => ({
      id: `bulk${i}`,
      s: 'x'.repeat(300),
      n: null,
      b: null,
    }));
    many[350] = { ...many[350]!, id: 'r001' }; // already there: fails once sent
    for (const last of ['read', 'commit'] as const) {
      const failure = await store
        .writeTransaction(async (tx) => {
          const t = tx as unknown as Kysely<V>;
          for (const v of many) await t.insertInto('v').values(v).execute();
          if (last === 'read') await t.selectFrom('v').select('id').limit(1).execute();
        })
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        );
      expect(failure?.message, last).toMatch(/duplicate|UNIQUE/i);
      if (kind === 'postgres') expect(failure?.message).toMatch(/held writes sent ahead/);
      expect(await rows()).toEqual(before);
    }
  });

  it('keeps large writes, sent with their parameters bound, in order with the held ones', async () => {
    const big = (i: number) => `${"quote ' and \\ backslash ".repeat(1000)}${i}`; // over 16 KiB
    const seen = await store.writeTransaction(async (tx) => {
      const t = tx as unknown as Kysely<V>;
      await t.insertInto('v').values({ id: 'big0', s: 'held first', n: null, b: null }).execute();
      // a bound write that needs the held one before it to have run
      await t
        .updateTable('v')
        .set({ s: big(0) })
        .where('id', '=', 'big0')
        .execute();
      const [after] = await t.selectFrom('v').select('s').where('id', '=', 'big0').execute();
      expect(after?.s).toBe(big(0));
      // the same statement twice: prepared once on the connection, then run again
      for (const i of [1, 2])
        await t
          .insertInto('v')
          .values({ id: `big${i}`, s: big(i), n: 2n ** 60n + BigInt(i), b: Uint8Array.from([0, 39, 92, i]) })
          .execute();
      await t.updateTable('v').set({ s: 'held after' }).where('id', '=', 'big0').execute();
      await t.updateTable('v').set({ n: 7n }).where('id', '=', 'big2').execute();
      return t
        .selectFrom('v')
        .selectAll()
        .where('id', 'in', ['big0', 'big1', 'big2'])
        .orderBy('id')
        .execute();
    });
    expect(seen.map((r) => [r.id, r.s, r.n === null ? null : BigInt(r.n)])).toEqual([
      ['big0', 'held after', null],
      ['big1', big(1), 2n ** 60n + 1n],
      ['big2', big(2), 7n],
    ]);
    expect(Buffer.from(seen[2]!.b!)).toEqual(Buffer.from([0, 39, 92, 2]));
  });

  it('fails the transaction when a write sent with its parameters bound fails, and writes nothing', async () => {
    const before = await rows();
    const failure = await store
      .writeTransaction(async (tx) => {
        const t = tx as unknown as Kysely<V>;
        await t.insertInto('v').values({ id: 'fresh2', s: 'x', n: null, b: null }).execute();
        await t
          .insertInto('v')
          .values({ id: 'r001', s: 'y'.repeat(20_000), n: null, b: null }) // r001 is there already
          .execute();
        return t.selectFrom('v').selectAll().execute();
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(failure?.message).toMatch(/duplicate|UNIQUE/i);
    if (kind === 'postgres') expect(failure?.message).toMatch(/parameters bound/);
    expect(await rows()).toEqual(before);
    // and one that succeeds is undone with the rest when a later write fails
    const later = await store
      .writeTransaction(async (tx) => {
        const t = tx as unknown as Kysely<V>;
        await t
          .insertInto('v')
          .values({ id: 'fresh3', s: 'z'.repeat(20_000), n: null, b: null })
          .execute();
        await t.insertInto('v').values({ id: 'r001', s: 'duplicate', n: null, b: null }).execute();
        return t.selectFrom('v').selectAll().execute();
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(later?.message).toMatch(/duplicate|UNIQUE/i);
    expect(await rows()).toEqual(before);
  });

  it('answers reads sent together exactly as it answers each alone', async () => {
    const t = (tx: unknown) => tx as Kysely<V>;
    await store.writeTransaction(async (tx) => {
      for (let i = 0; i < 30; i++)
        await t(tx)
          .insertInto('v')
          .values({ id: `m${i}`, s: `s${i % 4}`, n: BigInt(i % 5), b: null })
          .execute();
    });
    const reads = (db: Kysely<V>): Array<() => Promise<unknown[]>> => [
      ...['m1', 'm2', 'm1', 'none', 'm29'].map(
        (id) => () => db.selectFrom('v').selectAll().where('id', '=', id).execute(),
      ),
      ...[0n, 1n, 4n, 9n].map(
        (n) => () =>
          db.selectFrom('v').select(['id', 's']).where('n', '=', n).orderBy('id', 'desc').limit(3).execute(),
      ),
      ...['m3', 'm4'].map(
        (id) => () =>
          db
            .selectFrom('v')
            .select((eb) => eb.fn.countAll<bigint>().as('c'))
            .where('id', '=', id)
            .execute(),
      ),
    ];
    const alone = await store.writeTransaction(async (tx) => {
      const out: unknown[] = [];
      for (const read of reads(t(tx))) out.push(await read());
      return out;
    });
    const together = await store.writeTransaction((tx) => Promise.all(reads(t(tx)).map((read) => read())));
    expect(JSON.stringify(together, replacer)).toBe(JSON.stringify(alone, replacer));
    expect((together[3] as unknown[]).length).toBe(0);
    expect((together[5] as unknown[]).length).toBe(3);
  });
});
