/**
 * The fund's position at 1M journal lines (BENCH_FUND_LINES to change) on SQLite and PostgreSQL:
 * p50/p99 of the position query the API serves (`GET /fund/position`: every currency's figures and
 * every donor's), beside a plain `SELECT sum(debit) FROM fund_journal` over the same table in the same
 * run, and — for context — the same figures computed by scanning the journal.
 *
 * The position reads the maintained totals (`fund_flows`: the fund's and each donor's figures for
 * all time, a few rows per currency, kept by the same `apply` that writes the journal), not the
 * journal. The table is filled in bulk with SQL (the write path's speed is `bench/commands.ts`'s
 * subject): 500,000 money events of five kinds in ten currencies over six years, two lines each, and
 * the maintained totals aggregated from those lines.
 */
import { sql } from 'kysely';
import { fundOverview } from '../src/services/fund.js';
import { fundFigures } from '../src/store/fund-repository.js';
import { type Store } from '../src/store/database.js';
import { benchStore, benchTargets, fmt, percentile } from './support.js';

const LINES = Number(process.env.BENCH_FUND_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_FUND_RUNS ?? 200);

/** Fills the journal with `events` × 2 lines, and the maintained totals from them. */
async function fill(store: Store, events: number): Promise<void> {
  const pgsql = store.dialect === 'postgres';
  const CHUNK = 100_000;
  const kind = sql.raw('(i % 5)');
  const cur = sql.raw(`substr('USDEURTRYPKRIDREGPQARSARJODILS', cast(((i / 5) % 10) * 3 + 1 as integer), 3)`);
  const amount = sql.raw('(1000 + (i * 7919) % 100000)');
  const date = pgsql
    ? sql.raw(`to_char(date '2020-01-01' + cast(i % 2190 as integer), 'YYYY-MM-DD')`)
    : sql.raw(`date('2020-01-01', '+' || (i % 2190) || ' days')`);
  const type = sql`case ${kind} when 0 then 'pledge.recorded' when 1 then 'receipt.recorded' when 2 then 'allocation.committed' when 3 then 'disbursement.made' else 'expenditure.reported' end`;
  const n = sql.raw(`cast(i / 5 as bigint)`);
  const debit = sql`case ${kind} when 0 then 'receivable:donor-' || (i % 50) when 1 then 'cash:uncommitted' when 2 then 'cash:committed:a' || ${n} when 3 then 'advances:d' || ${n} else 'spent:d' || ${n} end`;
  const credit = sql`case ${kind} when 0 then 'pledges:donor-' || (i % 50) when 1 then 'receivable:donor-' || (i % 50) when 2 then 'cash:uncommitted' when 3 then 'cash:committed:a' || ${n} else 'advances:d' || ${n} end`;
  for (let from = 0; from < events; from += CHUNK) {
    const to = Math.min(events, from + CHUNK) - 1;
    const numbers = pgsql
      ? sql`select cast(g as bigint) as i from generate_series(cast(${from} as bigint), cast(${to} as bigint)) g`
      : sql`select ${from} as i union all select i + 1 from n where i < ${to}`;
    const cte = pgsql ? sql`with n as (${numbers})` : sql`with recursive n(i) as (${numbers})`;
    await sql`${cte} insert into fund_journal (log_index, line, event_type, date, account, currency, debit, credit)
      select i, 0, ${type}, ${date}, ${debit}, ${cur}, ${amount}, 0 from n
      union all select i, 1, ${type}, ${date}, ${credit}, ${cur}, 0, ${amount} from n`.execute(store.db);
  }
  const figure = sql`case event_type when 'pledge.recorded' then 'pledged' when 'receipt.recorded' then 'received' when 'allocation.committed' then 'committed' when 'disbursement.made' then 'disbursed' else 'spent' end`;
  const gov = sql.raw(`'governorate:PS02' || cast(55 + 5 * (log_index % 5) as text)`);
  const donor = sql.raw(`'donor:' || substr(account, 12)`);
  await sql`insert into fund_flows (scope, currency, figure, period, amount)
    select 'fund', currency, ${figure}, substr(date, 1, 7), sum(debit) from fund_journal where line = 0
      group by currency, ${figure}, substr(date, 1, 7)
    union all select ${gov}, currency, ${figure}, substr(date, 1, 7), sum(debit) from fund_journal
      where line = 0 and event_type in ('allocation.committed', 'disbursement.made', 'expenditure.reported')
      group by ${gov}, currency, ${figure}, substr(date, 1, 7)
    union all select ${donor}, currency, 'pledged', '', sum(debit) from fund_journal
      where line = 0 and event_type = 'pledge.recorded' group by ${donor}, currency
    union all select ${donor}, currency, 'pledges', '', count(*) from fund_journal
      where line = 0 and event_type = 'pledge.recorded' group by ${donor}, currency
    union all select 'donor:' || substr(account, 12), currency, 'received', '', sum(credit) from fund_journal
      where line = 1 and event_type = 'receipt.recorded' group by substr(account, 12), currency`.execute(
    store.db,
  );
  await sql`insert into fund_flows (scope, currency, figure, period, amount)
    select scope, currency, figure, '', sum(amount) from fund_flows where scope = 'fund'
    group by scope, currency, figure`.execute(store.db);
  await sql`analyze`.execute(store.db);
}

async function timed(runs: number, f: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(10, runs); i++) await f(); // warm caches and prepared statements
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

export async function benchFund(): Promise<void> {
  console.log(`\n## Fund position at ${fmt(LINES)} journal lines\n`);
  console.log(
    '| database | lines | flows rows | position p50 | position p99 | SELECT sum() p50 | p99 | ratio p50 (p99) | SELECT 1 p50 / p99 | position by scanning the journal p50 |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const t of await benchTargets()) {
    const { store, drop } = await benchStore('fund', t.kind, t.admin);
    try {
      const t0 = performance.now();
      await fill(store, Math.floor(LINES / 2));
      const fillS = (performance.now() - t0) / 1000;
      const count = async (table: 'fund_journal' | 'fund_flows') =>
        Number(
          (
            await store.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<bigint>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const [lines, flows] = [await count('fund_journal'), await count('fund_flows')];

      // the maintained totals agree with the journal they were made from
      const usd = (await fundFigures(store.db)).get('USD');
      const fromJournal = await sql<{ total: unknown }>`select sum(debit) as total from fund_journal
        where line = 0 and currency = 'USD' and event_type = 'allocation.committed'`.execute(store.db);
      if (String(usd?.committed) !== String(fromJournal.rows[0]!.total))
        throw new Error(
          `bench: maintained totals differ from the journal: ${String(usd?.committed)} against ${String(fromJournal.rows[0]!.total)}`,
        );

      const position = await timed(RUNS, () => fundOverview(store));
      const baseline = await timed(RUNS, () =>
        sql`select sum(debit) as total from fund_journal`.execute(store.db),
      );
      // the floor: one round trip that reads nothing
      const trip = await timed(RUNS, () => sql`select 1 as one`.execute(store.db));
      const scan = await timed(Math.max(5, Math.floor(RUNS / 10)), () =>
        sql`select currency, event_type, sum(debit) as d, sum(credit) as c from fund_journal
          group by currency, event_type`.execute(store.db),
      );
      console.log(
        `| ${t.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${fmt(lines)} (filled in ${fmt(fillS, 1)} s) | ${fmt(flows)} | ${fmt(position.p50, 2)} ms | ${fmt(position.p99, 2)} ms | ${fmt(baseline.p50, 1)} ms | ${fmt(baseline.p99, 1)} ms | ${fmt(position.p50 / baseline.p50, 3)} (${fmt(position.p99 / baseline.p99, 3)}) | ${fmt(trip.p50, 2)} / ${fmt(trip.p99, 2)} ms | ${fmt(scan.p50, 1)} ms |`,
      );
    } finally {
      await drop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchFund();
  process.exit(0);
}
