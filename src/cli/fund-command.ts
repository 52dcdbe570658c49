import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { AmanahClient } from '../client/client.js';
import { readKeyFile } from '../client/signer.js';
import { HttpTransport, type SubmitResult, type Transport } from '../client/transport.js';
import { AmanahError, isAmanahError } from '../domain/errors.js';
import { SECTORS, type Sector } from '../domain/funds/events.js';
import { CURRENCIES, formatMoney, type Currency } from '../domain/funds/money.js';
import { formatPpm } from '../domain/funds/needs-formula.js';
import { indicatorsFromCsv } from '../domain/funds/needs-import.js';
import { systemClock } from '../services/clock.js';
import { CommandService } from '../services/command-service.js';
import {
  donorTracker,
  fundHistoryOf,
  fundOverview,
  needsReportOf,
  positionByScope,
} from '../services/fund.js';
import { listJournal } from '../store/fund-repository.js';
import type { Store } from '../store/database.js';
import { dbTarget, inProcessTransport, openTarget, originOf } from './context.js';

/*
 * The fund from the command line: reads (position, donor, journal, history, needs) from a server's
 * public API or straight from a database, and the money commands signed with the holder's own key file.
 * `amanah import indicators` records the needs indicators from the public series files.
 */

interface Where {
  server?: string;
  db?: string;
}

const whereOptions = (c: Command): Command =>
  c
    .option('--server <url>', 'an Amanah server, e.g. http://localhost:8080')
    .addOption(
      new Option('--db <path|url>', 'or a database: SQLite file or postgres:// URL (default: $DATABASE_URL)'),
    );

/** Reads from the server's API when --server is given, else from the database. */
async function read<T>(o: Where, path: string, local: (store: Store) => Promise<T>): Promise<T> {
  if (o.server) return new HttpTransport(o.server).get<T>(`/api/v1${path}`);
  const store = await openTarget(dbTarget(o.db));
  try {
    return await local(store);
  } finally {
    await store.close();
  }
}

/** Runs `f` with a transport to the server, or to a command service on the database. */
async function withTransport<T>(o: Where, f: (t: Transport) => Promise<T>): Promise<T> {
  if (o.server) return f(new HttpTransport(o.server));
  const store = await openTarget(dbTarget(o.db));
  const commands = new CommandService({
    store,
    origin: await originOf(store, 'amanah.local/log'),
    clock: systemClock,
  });
  try {
    return await f(inProcessTransport(commands));
  } finally {
    await commands.close();
    await store.close();
  }
}

/**
 * "12500.50" in `currency` as integer minor units. Refuses negative amounts, zero, and fractions of a
 * minor unit, saying how many decimals the currency has.
 */
export function minorUnitsOf(text: string, currency: string): { value: string; currency: Currency } {
  if (!(currency in CURRENCIES)) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `${currency} is not a currency the fund holds; use one of ${Object.keys(CURRENCIES).join(', ')}`,
    );
  }
  const cur = currency as Currency;
  const digits: number = CURRENCIES[cur];
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(text.replace(/,/g, ''));
  if (!m) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `"${text}" is not an amount: write a positive decimal such as 12500.${'0'.repeat(digits) || '0'}`,
    );
  }
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > digits) {
    throw new AmanahError(
      'VALIDATION_FAILED',
      `"${text}" has a fraction of a minor unit: ${cur} has ${digits} decimal place${digits === 1 ? '' : 's'}`,
    );
  }
  const value = BigInt(m[1]! + frac.slice(0, digits).padEnd(digits, '0'));
  if (value <= 0n) throw new AmanahError('VALIDATION_FAILED', `the amount must be greater than zero`);
  return { value: String(value), currency: cur };
}

/** One money command: its options, and the payload they make. */
interface Verb {
  name: string;
  type: string;
  description: string;
  options: Array<[flags: string, description: string, required?: boolean]>;
  payload(o: Record<string, string>): Record<string, unknown>;
}

const AMOUNT: Array<[string, string, boolean]> = [
  ['--amount <decimal>', 'amount in the currency, e.g. 12500.00', true],
  ['--currency <code>', 'ISO 4217 code, e.g. USD', true],
];
const DATE: [string, string, boolean] = ['--date <YYYY-MM-DD>', 'the day the money moved', true];

const VERBS: Verb[] = [
  {
    name: 'pledge',
    type: 'pledge.recorded',
    description: "record a donor's pledge",
    options: [
      ['--id <id>', 'pledge id', true],
      ['--donor <org>', 'the pledging member state or donor', true],
      ...AMOUNT,
      DATE,
      ['--conditions <text>', 'conditions attached to the pledge'],
    ],
    payload: (o) => ({
      pledgeId: o.id,
      donor: o.donor,
      amount: minorUnitsOf(o.amount!, o.currency!),
      date: o.date,
      ...(o.conditions ? { conditions: o.conditions } : {}),
    }),
  },
  {
    name: 'receipt',
    type: 'receipt.recorded',
    description: 'record money received against a pledge',
    options: [
      ['--id <id>', 'receipt id', true],
      ['--pledge <id>', 'the pledge paid', true],
      ...AMOUNT,
      DATE,
      ['--reference <text>', "the bank's reference of the transfer", true],
    ],
    payload: (o) => ({
      receiptId: o.id,
      pledgeId: o.pledge,
      amount: minorUnitsOf(o.amount!, o.currency!),
      date: o.date,
      reference: o.reference,
    }),
  },
  {
    name: 'cancel-pledge',
    type: 'pledge.cancelled',
    description: 'cancel the unpaid remainder of a pledge, with the reason',
    options: [
      ['--pledge <id>', 'the pledge', true],
      ['--reason <text>', 'why', true],
    ],
    payload: (o) => ({ pledgeId: o.pledge, reason: o.reason }),
  },
  {
    name: 'convert',
    type: 'conversion.recorded',
    description: 'record an exchange of fund cash, with its rate, date and source',
    options: [
      ['--id <id>', 'conversion id', true],
      ['--from-amount <decimal>', 'amount sold', true],
      ['--from-currency <code>', 'its currency', true],
      ['--to-amount <decimal>', 'amount bought', true],
      ['--to-currency <code>', 'its currency', true],
      ['--rate <decimal>', 'units of the target per unit of the source, e.g. 1.4104', true],
      DATE,
      ['--source <text>', "where the rate comes from (the bank's deal ticket, a fixing)", true],
    ],
    payload: (o) => ({
      conversionId: o.id,
      from: minorUnitsOf(o.fromAmount!, o.fromCurrency!),
      to: minorUnitsOf(o.toAmount!, o.toCurrency!),
      rate: o.rate,
      date: o.date,
      source: o.source,
    }),
  },
  {
    name: 'allocate',
    type: 'allocation.committed',
    description: 'commit fund cash to an allocation the members decided',
    options: [
      ['--id <id>', 'allocation id', true],
      ['--proposal <id>', "the executed 'allocation' decision", true],
      ...AMOUNT,
      ['--governorate <p-code>', 'e.g. PS0270', true],
      ['--sector <sector>', `one of ${SECTORS.join(', ')}`, true],
      DATE,
    ],
    payload: (o) => ({
      allocationId: o.id,
      proposalId: o.proposal,
      amount: minorUnitsOf(o.amount!, o.currency!),
      governorate: o.governorate,
      sector: o.sector,
      date: o.date,
    }),
  },
  {
    name: 'disburse',
    type: 'disbursement.made',
    description: 'record money paid from an allocation to an implementing partner',
    options: [
      ['--id <id>', 'disbursement id', true],
      ['--allocation <id>', 'the allocation', true],
      ['--partner <org>', 'the implementing partner', true],
      ...AMOUNT,
      DATE,
    ],
    payload: (o) => ({
      disbursementId: o.id,
      allocationId: o.allocation,
      partner: o.partner,
      amount: minorUnitsOf(o.amount!, o.currency!),
      date: o.date,
    }),
  },
  {
    name: 'expend',
    type: 'expenditure.reported',
    description: 'report what a partner spent of a disbursement (signed with the partner’s key)',
    options: [
      ['--id <id>', 'expenditure id', true],
      ['--disbursement <id>', 'the disbursement', true],
      ...AMOUNT,
      DATE,
      ['--description <text>', 'what the money paid for', true],
    ],
    payload: (o) => ({
      expenditureId: o.id,
      disbursementId: o.disbursement,
      amount: minorUnitsOf(o.amount!, o.currency!),
      date: o.date,
      description: o.description,
    }),
  },
  {
    name: 'refund',
    type: 'refund.recorded',
    description: 'record unspent money a partner paid back',
    options: [
      ['--id <id>', 'refund id', true],
      ['--disbursement <id>', 'the disbursement', true],
      ...AMOUNT,
      DATE,
    ],
    payload: (o) => ({
      refundId: o.id,
      disbursementId: o.disbursement,
      amount: minorUnitsOf(o.amount!, o.currency!),
      date: o.date,
    }),
  },
];

/** Rows as aligned columns. */
function table(rows: ReadonlyArray<Record<string, unknown>>, columns: string[]): string {
  const cells = [columns, ...rows.map((r) => columns.map((c) => String(r[c] ?? '')))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const money = (v: string | null | undefined, cur: string): string =>
  v === null || v === undefined ? '' : formatMoney(BigInt(v), cur as Currency).replace(` ${cur}`, '');

const pct = (v: string | null): string => (v === null ? '' : formatPpm(BigInt(v)));

function print(json: boolean | undefined, value: unknown, text: () => string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text());
}

export function registerFundCommand(program: Command): void {
  const fund = program
    .command('fund')
    .description('the reconstruction fund: position, donors, journal, history, needs; money commands');

  whereOptions(
    fund
      .command('position')
      .description("the fund's position per currency, or per governorate or sector")
      .addOption(
        new Option('--by <dimension>', 'break down by').choices(['currency', 'governorate', 'sector']),
      )
      .option('--json', 'print JSON'),
  ).action(async (o: Where & { by?: string; json?: boolean }) => {
    if (o.by === 'governorate' || o.by === 'sector') {
      const by = o.by;
      const r = await read(o, `/fund/position/by-${by}`, (s) => positionByScope(s, by));
      print(o.json, r, () =>
        table(
          r.items.map((i) => ({
            [by]: i.key,
            currency: i.currency,
            committed: money(i.committed, i.currency),
            disbursed: money(i.disbursed, i.currency),
            spent: money(i.spent, i.currency),
            refunded: money(i.refunded, i.currency),
            'with partners': money(i.withPartners, i.currency),
          })),
          [by, 'currency', 'committed', 'disbursed', 'spent', 'refunded', 'with partners'],
        ),
      );
      return;
    }
    const r = await read(o, '/fund/position', fundOverview);
    print(o.json, r, () =>
      table(
        r.currencies.map((c) => ({
          currency: c.currency,
          pledged: money(c.pledged, c.currency),
          received: money(c.received, c.currency),
          committed: money(c.committed, c.currency),
          disbursed: money(c.disbursed, c.currency),
          spent: money(c.spent, c.currency),
          'uncommitted cash': money(c.uncommittedCash, c.currency),
        })),
        ['currency', 'pledged', 'received', 'committed', 'disbursed', 'spent', 'uncommitted cash'],
      ),
    );
  });

  whereOptions(
    fund
      .command('donor')
      .description("a donor's pledges and the payments received against them")
      .argument('<org>', 'the donor')
      .option('--json', 'print JSON'),
  ).action(async (org: string, o: Where & { json?: boolean }) => {
    const r = await read(o, `/fund/donors/${encodeURIComponent(org)}`, (s) => donorTracker(s, org));
    print(o.json, r, () =>
      [
        `${r.name.en} — ${r.name.ar}`,
        table(
          r.pledges.map((p) => ({
            pledge: p.id,
            date: p.date,
            currency: p.amount.currency,
            pledged: money(p.amount.value, p.amount.currency),
            received: money(p.received, p.amount.currency),
            outstanding: money(p.outstanding, p.amount.currency),
            status: p.status,
          })),
          ['pledge', 'date', 'currency', 'pledged', 'received', 'outstanding', 'status'],
        ),
      ].join('\n'),
    );
  });

  whereOptions(
    fund
      .command('journal')
      .description('the double-entry journal, in log order')
      .option('--currency <code>', 'one currency')
      .option('--account <account>', 'one account, e.g. cash:uncommitted')
      .option('--offset <n>', 'skip the first n lines', '0')
      .option('--limit <n>', 'at most n lines', '100')
      .option('--json', 'print JSON'),
  ).action(
    async (
      o: Where & { currency?: string; account?: string; offset: string; limit: string; json?: boolean },
    ) => {
      const offset = Number(o.offset);
      const limit = Number(o.limit);
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new AmanahError('VALIDATION_FAILED', '--offset is 0 or more and --limit from 1 to 1000');
      const q = new URLSearchParams({ offset: String(offset), limit: String(limit) });
      if (o.currency) q.set('currency', o.currency);
      if (o.account) q.set('account', o.account);
      const r = await read(o, `/fund/journal?${q}`, (s) =>
        listJournal(s.db, { currency: o.currency, account: o.account, offset, limit }),
      );
      print(o.json, r, () =>
        [
          table(
            r.items.map((l) => ({
              entry: l.logIndex,
              date: l.date,
              event: l.eventType,
              account: l.account,
              currency: l.currency,
              debit: l.debit === '0' ? '' : money(l.debit, l.currency),
              credit: l.credit === '0' ? '' : money(l.credit, l.currency),
            })),
            ['entry', 'date', 'event', 'account', 'currency', 'debit', 'credit'],
          ),
          `${r.items.length} of ${r.total} lines`,
        ].join('\n'),
      );
    },
  );

  whereOptions(
    fund
      .command('history')
      .description('the fund month by month in one currency: whole, or one governorate, or one sector')
      .option('--currency <code>', 'currency', 'USD')
      .option('--governorate <p-code>', 'one governorate')
      .addOption(new Option('--sector <sector>', 'one sector').choices(SECTORS))
      .option('--json', 'print JSON'),
  ).action(async (o: Where & { currency: string; governorate?: string; sector?: Sector; json?: boolean }) => {
    const cur = minorUnitsOf('1', o.currency).currency;
    const q = new URLSearchParams({ currency: cur });
    if (o.governorate) q.set('governorate', o.governorate);
    if (o.sector) q.set('sector', o.sector);
    const r = await read(o, `/fund/history?${q}`, (s) =>
      fundHistoryOf(s, { currency: cur, governorate: o.governorate, sector: o.sector }),
    );
    const figures = ['pledged', 'received', 'committed', 'disbursed', 'spent', 'refunded'];
    print(o.json, r, () =>
      [
        `${r.scope}, ${r.currency}, running totals at the end of each month`,
        table(
          r.months.map((m) => ({
            month: m.period,
            ...Object.fromEntries(figures.map((f) => [f, money(m.cumulative[f] ?? '0', r.currency)])),
          })),
          ['month', ...figures],
        ),
      ].join('\n'),
    );
  });

  whereOptions(
    fund
      .command('needs')
      .description('where the money went against need: allocations beside the needs formula, ranked')
      .option('--currency <code>', "currency (default: the approval policy's)")
      .addOption(
        new Option('--by <dimension>', 'ranking')
          .choices(['governorate', 'sector', 'cell'])
          .default('governorate'),
      )
      .option('--json', 'print JSON'),
  ).action(
    async (o: Where & { currency?: string; by: 'governorate' | 'sector' | 'cell'; json?: boolean }) => {
      const cur = o.currency === undefined ? undefined : minorUnitsOf('1', o.currency).currency;
      const r = await read(o, `/needs/report${cur ? `?currency=${cur}` : ''}`, (s) => needsReportOf(s, cur));
      const rows = o.by === 'sector' ? r.bySector : o.by === 'cell' ? r.byCell : r.byGovernorate;
      print(o.json, r, () =>
        [
          r.formula
            ? `needs formula version ${r.formula.version} (decision ${r.formula.proposalId}); series: ${r.formula.seriesUsed.join(', ') || 'no data yet'}`
            : 'no needs formula adopted yet',
          `${money(r.totalAllocated, r.currency)} ${r.currency} allocated; ranked from the furthest below its needs share`,
          table(
            rows.map((x) => ({
              [o.by]: x.key,
              need: pct(x.needPpm),
              allocated: money(x.allocated, r.currency),
              share: pct(x.allocatedPpm),
              gap: pct(x.gapPpm),
            })),
            [o.by, 'need', 'allocated', 'share', 'gap'],
          ),
          '',
          table(
            r.allocations.map((a) => ({
              allocation: a.allocationId,
              cell: `${a.governorate} ${a.sector}`,
              amount: money(a.amount.value, a.amount.currency),
              deviation: pct(a.deviationPpm),
              flagged: a.flagged ? 'yes' : a.deviationPpm === null ? '(no formula)' : 'no',
              justification: a.justification ? a.justification.slice(0, 60) : '',
            })),
            ['allocation', 'cell', 'amount', 'deviation', 'flagged', 'justification'],
          ),
        ].join('\n'),
      );
    },
  );

  for (const v of VERBS) {
    const c = whereOptions(fund.command(v.name).description(v.description)).requiredOption(
      '--key <file>',
      'your key file (it never leaves this machine)',
    );
    for (const [flags, description, required] of v.options) {
      if (required) c.requiredOption(flags, description);
      else c.option(flags, description);
    }
    c.option('--event-id <id>', 'event id (idempotency key); random when omitted');
    c.action(async (o: Where & { key: string; eventId?: string } & Record<string, string>) => {
      const payload = v.payload(o);
      const signer = readKeyFile(o.key);
      const r = await withTransport(o, (t) =>
        new AmanahClient(t, signer).send(v.type, payload, o.eventId ? { id: o.eventId } : {}),
      );
      console.log(`${v.type} ${r.status} at log entry ${r.index} (event ${r.id})`);
    });
  }

  const importCommand =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('import records from public data files, as signed events');
  whereOptions(
    importCommand
      .command('indicators')
      .description(
        'record needs indicators per governorate from the series files of displacement-damage-by-governorate (covariates.csv, population_gaza_base.csv)',
      )
      .argument('<files...>', 'CSV files')
      .requiredOption('--key <file>', 'a secretariat key file')
      .option('--latest', 'only the latest value of each series in each governorate'),
  ).action(async (files: string[], o: Where & { key: string; latest?: boolean }) => {
    const payloads = files.flatMap((f) =>
      indicatorsFromCsv(basename(f), readFileSync(f, 'utf8'), { latest: o.latest === true }),
    );
    const signer = readKeyFile(o.key);
    const counts = { accepted: 0, already: 0 };
    await withTransport(o, async (t) => {
      const client = new AmanahClient(t, signer);
      for (let i = 0; i < payloads.length; i += 200) {
        const results = await Promise.all(
          payloads.slice(i, i + 200).map((p) =>
            client.send('indicator.recorded', { ...p }).catch((e: unknown): SubmitResult | 'already' => {
              if (isAmanahError(e, 'ALREADY_EXISTS')) return 'already';
              throw e;
            }),
          ),
        );
        for (const r of results) {
          if (r === 'already' || r.status === 'duplicate') counts.already++;
          else counts.accepted++;
        }
      }
    });
    console.log(
      `${counts.accepted} indicator values recorded, ${counts.already} already recorded, from ${files.length} file${files.length === 1 ? '' : 's'}`,
    );
  });
}
