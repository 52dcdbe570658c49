import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { AmanahClient } from '../client/client.js';
import { readKeyFile, type Signer } from '../client/signer.js';
import { HttpTransport } from '../client/transport.js';
import { householdKey } from '../domain/access/beneficiaries.js';
import {
  beneficiaryRecord,
  privateStoreScope,
  sealBeneficiary,
  type PrivateRequestType,
} from '../domain/access/private-requests.js';
import { AmanahError } from '../domain/errors.js';
import { parseOrThrow } from '../domain/validation.js';
import {
  eraseBeneficiary,
  findHousehold,
  openBeneficiary,
  storeBeneficiaries,
  type PrivateStoreDeps,
} from '../services/access-beneficiaries.js';
import { CommandService } from '../services/command-service.js';
import { defaultPrivateTarget, openPrivateStore } from '../store/access-private-store.js';
import { templateCsv } from '../import/partner-csv.js';
import { categoryRates, crossingsWithStatus, dailyMetrics, stageTimes } from '../services/access.js';
import { systemClock } from '../services/clock.js';
import type { Store } from '../store/database.js';
import { getConsignment, listAppeals, listPoints } from '../store/access-repository.js';
import { dbTarget, inProcessTransport, openTarget, originOf } from './context.js';

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

  registerBeneficiaryCommands(access);
}

interface PrivateWhere {
  server?: string;
  db?: string;
  privateDb?: string;
  key: string;
}

const USE_CASES = {
  'beneficiaries.store': storeBeneficiaries,
  'beneficiaries.open': openBeneficiary,
  'beneficiaries.erase': eraseBeneficiary,
  'beneficiaries.find-household': findHousehold,
} as const;

/**
 * Runs `f` with a way to submit log commands and to send signed private-store requests: to a server
 * (--server), or to the databases themselves (--db, --private-db) through the same use cases.
 */
async function withPrivate<T>(
  o: PrivateWhere,
  f: (x: {
    client: AmanahClient;
    ask(type: PrivateRequestType, payload: Record<string, unknown>): Promise<unknown>;
  }) => Promise<T>,
): Promise<T> {
  const signer: Signer = readKeyFile(o.key);
  const route = (type: PrivateRequestType) => type.replace('beneficiaries.', '');
  if (o.server) {
    const t = new HttpTransport(o.server);
    const origin = await t.origin();
    return f({
      client: new AmanahClient(t, signer),
      ask: async (type, payload) => {
        const res = await fetch(new URL(`/api/v1/access/beneficiaries/${route(type)}`, o.server), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(signer.sign(privateStoreScope(origin), type, payload)),
        });
        const body = (await res.json()) as { code?: 'INTERNAL'; detail?: string };
        if (!res.ok) throw new AmanahError(body.code ?? 'INTERNAL', body.detail ?? `HTTP ${res.status}`);
        return body;
      },
    });
  }
  const target = dbTarget(o.db);
  const store = await openTarget(target);
  const privateStore = await openPrivateStore(o.privateDb ?? defaultPrivateTarget(target)).catch(
    async (e: unknown) => {
      await store.close();
      throw e;
    },
  );
  const origin = await originOf(store, 'amanah.local/log');
  const commands = new CommandService({ store, origin, clock: systemClock });
  const deps: PrivateStoreDeps = { store, privateStore, origin, clock: systemClock };
  try {
    return await f({
      client: new AmanahClient(inProcessTransport(commands), signer),
      ask: (type, payload) => USE_CASES[type](deps, signer.sign(privateStoreScope(origin), type, payload)),
    });
  } finally {
    await commands.close();
    await store.close();
    await privateStore.close();
  }
}

function readSharedKey(path: string): Buffer {
  const text = readFileSync(path, 'utf8').trim();
  if (!/^([0-9a-f]{2}){32,}$/i.test(text))
    throw new AmanahError(
      'VALIDATION_FAILED',
      `${path}: the agencies' shared household key is at least 32 bytes written as hex (64 or more hex digits)`,
    );
  return Buffer.from(text, 'hex');
}

function readRecords(path: string): z.infer<typeof beneficiaryRecord>[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AmanahError('VALIDATION_FAILED', `${path}: not a JSON file (${(e as Error).message})`);
  }
  return parseOrThrow(z.array(beneficiaryRecord).min(1).max(300), raw, `${path}`);
}

/** `amanah access beneficiaries …`: the private store of beneficiary records, with an agency's key. */
function registerBeneficiaryCommands(access: Command): void {
  const b = access
    .command('beneficiaries')
    .description(
      'beneficiary records in the private store (never on the log): report, open, erase, find a household',
    );
  const where = (c: Command) =>
    c
      .requiredOption('--key <file>', "your agency's key file (it never leaves this machine)")
      .option('--server <url>', 'an Amanah server, e.g. http://localhost:8080')
      .addOption(dbOption())
      .option(
        '--private-db <path|url>',
        'the private store (default: <db>.private.db beside a SQLite file; schema amanah_private on PostgreSQL)',
      );

  where(
    b
      .command('report')
      .description(
        'report a distribution with its beneficiaries: commitments and household keys on the log, records in the private store',
      )
      .requiredOption('--report <id>', 'report id')
      .requiredOption('--point <id>', 'distribution point id')
      .requiredOption('--date <day>', 'day of the distribution, YYYY-MM-DD')
      .requiredOption('--records <file>', 'JSON array of beneficiary records ({householdId, name, …})')
      .requiredOption('--shared-key <file>', "the agencies' shared household key (hex)")
      .option('--households <n>', 'households reached (default: the number of records)')
      .option('--meals <n>', 'meals served')
      .option('--parcels <n>', 'parcels served')
      .option('--litres <n>', 'litres served')
      .option('--consultations <n>', 'consultations given'),
  ).action(
    async (
      o: PrivateWhere & {
        report: string;
        point: string;
        date: string;
        records: string;
        sharedKey: string;
        households?: string;
        meals?: string;
        parcels?: string;
        litres?: string;
        consultations?: string;
      },
    ) => {
      const records = readRecords(o.records);
      const sharedKey = readSharedKey(o.sharedKey);
      const sealed = records.map((r) => sealBeneficiary(r, randomBytes(32), sharedKey));
      const served = Object.fromEntries(
        (['meals', 'parcels', 'litres', 'consultations'] as const)
          .filter((k) => o[k] !== undefined)
          .map((k) => [k, o[k]]),
      );
      await withPrivate(o, async ({ client, ask }) => {
        const r = await client.send('distribution.reported', {
          reportId: o.report,
          pointId: o.point,
          date: o.date,
          served,
          households: o.households === undefined ? records.length : Number(o.households),
          beneficiaries: {
            commitments: sealed.map((s) => s.commitment),
            householdKeys: [...new Set(sealed.map((s) => s.householdKey))],
          },
        });
        console.log(`distribution.reported ${r.status} at log entry ${r.index}`);
        const s = (await ask('beneficiaries.store', { reportId: o.report, records: sealed })) as {
          stored: number;
        };
        console.log(`${s.stored} beneficiary records kept in the private store`);
      });
    },
  );

  where(
    b
      .command('open')
      .description('open a commitment on the log: the record and salt, checked (your agency’s records only)')
      .argument('<commitment>', 'the commitment, 64 hex digits'),
  ).action(async (commitment: string, o: PrivateWhere) =>
    withPrivate(o, async ({ ask }) => json(await ask('beneficiaries.open', { commitment }))),
  );

  where(
    b
      .command('erase')
      .description(
        'erase a record and its salt; its commitment on the log stays, and can no longer be opened',
      )
      .argument('<commitment>', 'the commitment, 64 hex digits')
      .requiredOption('--reason <text>', 'why (kept, without personal data)'),
  ).action(async (commitment: string, o: PrivateWhere & { reason: string }) =>
    withPrivate(o, async ({ ask }) =>
      json(await ask('beneficiaries.erase', { commitment, reason: o.reason })),
    ),
  );

  where(
    b
      .command('household')
      .description('which agencies served a household, by its keyed hash (the id never leaves this machine)')
      .argument('<household-id>', "the household's identifier")
      .requiredOption('--shared-key <file>', "the agencies' shared household key (hex)"),
  ).action(async (id: string, o: PrivateWhere & { sharedKey: string }) =>
    withPrivate(o, async ({ ask }) =>
      json(
        await ask('beneficiaries.find-household', {
          householdKey: householdKey(readSharedKey(o.sharedKey), id),
        }),
      ),
    ),
  );
}
