import { Option, type Command } from 'commander';
import { templateCsv } from '../import/partner-csv.js';
import { categoryRates, crossingsWithStatus, dailyMetrics, stageTimes } from '../services/access.js';
import { systemClock } from '../services/clock.js';
import type { Store } from '../store/database.js';
import { getConsignment, listAppeals, listPoints } from '../store/access-repository.js';
import { dbTarget, openTarget } from './context.js';

const dbOption = () =>
  new Option(
    '--db <path|url>',
    'SQLite file or postgres:// URL (default: $DATABASE_URL, else ./data/amanah.db)',
  );

async function withStore<T>(db: string | undefined, f: (store: Store) => Promise<T>): Promise<T> {
  const store = await openTarget(dbTarget(db));
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

const json = (v: unknown) =>
  console.log(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x), 2));

/** `amanah access …`: reads of humanitarian access data (the same figures as the API). */
export function registerAccessCommand(program: Command): void {
  const access = program
    .command('access')
    .description('humanitarian access: crossings, consignments, metrics');

  access
    .command('daily')
    .description('trucks and tonnes per day against the 600-a-day floor, with the access index')
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD')
    .option('--crossing <code>', 'one crossing only')
    .option('--json', 'print the full figures as JSON')
    .addOption(dbOption())
    .action(async (o: { from: string; to: string; crossing?: string; json?: boolean; db?: string }) =>
      withStore(o.db, async (store) => {
        const m = await dailyMetrics(store, o);
        if (o.json) return json(m);
        console.log('day         trucks  tonnes   floor  index');
        for (const d of m.days) {
          const t = (Number(BigInt(d.weightKg) / 100n) / 10).toFixed(1);
          console.log(
            `${d.day}  ${String(d.trucks).padStart(6)}  ${t.padStart(7)}  ${d.belowFloor ? 'below' : 'met  '}  ${d.accessIndex.toFixed(1).padStart(5)}`,
          );
        }
        console.log(
          `${m.summary.days} days: ${m.summary.trucks} trucks (mean ${m.summary.meanTrucksPerDay} a day), ${m.summary.daysBelowFloor} days below the floor of ${m.floor}`,
        );
      }),
    );

  access
    .command('stages')
    .description('time spent at each stage (p50, p90 hours)')
    .requiredOption('--from <day>', 'first day')
    .requiredOption('--to <day>', 'last day')
    .addOption(dbOption())
    .action(async (o: { from: string; to: string; db?: string }) =>
      withStore(o.db, async (s) => json(await stageTimes(s, o))),
    );

  access
    .command('categories')
    .description('denial and interception rates by category')
    .requiredOption('--from <day>', 'first day')
    .requiredOption('--to <day>', 'last day')
    .addOption(dbOption())
    .action(async (o: { from: string; to: string; db?: string }) =>
      withStore(o.db, async (s) => json(await categoryRates(s, o))),
    );

  access
    .command('crossings')
    .description('crossings with their status, hours and history')
    .addOption(dbOption())
    .action(async (o: { db?: string }) =>
      withStore(o.db, async (s) => json(await crossingsWithStatus(s, systemClock.now()))),
    );

  access
    .command('consignment')
    .description('one consignment: manifest, stages, deliveries, appeals')
    .argument('<id>', 'consignment id')
    .addOption(dbOption())
    .action(async (id: string, o: { db?: string }) =>
      withStore(o.db, async (s) => json(await getConsignment(s.db, id))),
    );

  access
    .command('appeals')
    .description('appeals against denials')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => withStore(o.db, async (s) => json(await listAppeals(s.db, {}))));

  access
    .command('points')
    .description('distribution points and what they served')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => withStore(o.db, async (s) => json(await listPoints(s.db))));

  access
    .command('template')
    .description('print the partner CSV/HXL template for `amanah import csv`')
    .action(() => {
      process.stdout.write(templateCsv());
    });
}
