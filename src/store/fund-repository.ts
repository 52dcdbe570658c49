import { sql, type Kysely } from 'kysely';
import type { SignedEvent } from '../domain/envelope.js';
import type { PayloadOf } from '../domain/event-type.js';
import type {
  AllocationState,
  DecisionState,
  DisbursementState,
  PledgeState,
} from '../domain/funds/decide.js';
import type {
  allocationCommitted,
  conversionRecorded,
  disbursementMade,
  expenditureReported,
  pledgeCancelled,
  pledgeRecorded,
  receiptRecorded,
  refundRecorded,
} from '../domain/funds/events.js';
import { account, journal, type JournalLine } from '../domain/funds/journal.js';
import { CURRENCIES, type Currency } from '../domain/funds/money.js';
import { recordAllocationCheck } from './needs-repository.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;
type Ev<E> = SignedEvent<PayloadOf<E>>;

// --- projection: apply ---------------------------------------------------------------------------

/** Writes an event's journal lines and adds them to the account balances. */
async function post(
  db: Db,
  index: number,
  type: string,
  date: string,
  lines: readonly JournalLine[],
): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto('fund_journal')
    .values(
      lines.map((l, i) => ({
        log_index: index,
        line: i,
        event_type: type,
        date,
        account: l.account,
        currency: l.currency,
        debit: l.debit,
        credit: l.credit,
      })),
    )
    .execute();
  for (const l of lines) {
    await db
      .insertInto('fund_accounts')
      .values({ account: l.account, currency: l.currency, debit: l.debit, credit: l.credit })
      .onConflict((oc) =>
        oc.columns(['account', 'currency']).doUpdateSet((eb) => ({
          debit: eb('fund_accounts.debit', '+', eb.ref('excluded.debit')),
          credit: eb('fund_accounts.credit', '+', eb.ref('excluded.credit')),
        })),
      )
      .execute();
  }
}

/** The figures one event adds to the maintained totals, per scope and period. */
async function flow(
  db: Db,
  scopes: readonly string[],
  currency: string,
  figure: FlowFigure,
  date: string,
  amount: bigint,
): Promise<void> {
  // The fund's and the donors' totals for all time (period ''), which the position reads: a few rows
  // however long the journal; the fund's, governorates' and sectors' per month, for their history.
  const rows: Array<{ scope: string; period: string }> = [];
  for (const scope of scopes) {
    if (!scope.startsWith('donor:')) rows.push({ scope, period: date.slice(0, 7) });
    if (scope === 'fund' || scope.startsWith('donor:')) rows.push({ scope, period: '' });
  }
  for (const { scope, period } of rows) {
    await db
      .insertInto('fund_flows')
      .values({ scope, currency, figure, period, amount })
      .onConflict((oc) =>
        oc
          .columns(['scope', 'currency', 'figure', 'period'])
          .doUpdateSet((eb) => ({ amount: eb('fund_flows.amount', '+', eb.ref('excluded.amount')) })),
      )
      .execute();
  }
}

/** The scopes an allocation's money counts in: the fund, its governorate and its sector. */
async function allocationScopes(db: Db, allocationId: string): Promise<string[]> {
  const a = await db
    .selectFrom('fund_allocations')
    .select(['governorate', 'sector'])
    .where('id', '=', allocationId)
    .executeTakeFirstOrThrow();
  return ['fund', `governorate:${a.governorate}`, `sector:${a.sector}`];
}

export type FlowFigure =
  | 'pledged'
  | 'pledges'
  | 'cancelled'
  | 'received'
  | 'convertedIn'
  | 'convertedOut'
  | 'committed'
  | 'disbursed'
  | 'spent'
  | 'refunded';

export async function applyPledgeRecorded(
  db: Db,
  e: Ev<typeof pledgeRecorded>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const amount = BigInt(p.amount.value);
  await db
    .insertInto('fund_pledges')
    .values({
      id: p.pledgeId,
      donor: p.donor,
      currency: p.amount.currency,
      amount,
      received: 0n,
      cancelled: 0n,
      status: 'open',
      date: p.date,
      conditions: p.conditions ?? null,
      cancel_reason: null,
      cancelled_index: null,
      log_index: index,
    })
    .execute();
  await post(db, index, e.type, p.date, journal.pledge(p.donor, p.amount.currency, amount));
  await flow(db, ['fund', `donor:${p.donor}`], p.amount.currency, 'pledged', p.date, amount);
  await flow(db, [`donor:${p.donor}`], p.amount.currency, 'pledges', p.date, 1n);
}

export async function applyReceiptRecorded(
  db: Db,
  e: Ev<typeof receiptRecorded>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const amount = BigInt(p.amount.value);
  const pledge = await db
    .selectFrom('fund_pledges')
    .select(['donor', 'amount', 'received'])
    .where('id', '=', p.pledgeId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('fund_receipts')
    .values({
      id: p.receiptId,
      pledge_id: p.pledgeId,
      donor: pledge.donor,
      currency: p.amount.currency,
      amount,
      date: p.date,
      reference: p.reference,
      log_index: index,
    })
    .execute();
  await db
    .updateTable('fund_pledges')
    .set({
      received: pledge.received + amount,
      status: pledge.received + amount === pledge.amount ? 'paid' : 'open',
    })
    .where('id', '=', p.pledgeId)
    .execute();
  await post(db, index, e.type, p.date, journal.receipt(pledge.donor, p.amount.currency, amount));
  await flow(db, ['fund', `donor:${pledge.donor}`], p.amount.currency, 'received', p.date, amount);
}

export async function applyPledgeCancelled(
  db: Db,
  e: Ev<typeof pledgeCancelled>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const pledge = await db
    .selectFrom('fund_pledges')
    .select(['donor', 'currency', 'amount', 'received'])
    .where('id', '=', p.pledgeId)
    .executeTakeFirstOrThrow();
  const remainder = pledge.amount - pledge.received;
  await db
    .updateTable('fund_pledges')
    .set({ status: 'cancelled', cancelled: remainder, cancel_reason: p.reason, cancelled_index: index })
    .where('id', '=', p.pledgeId)
    .execute();
  await post(
    db,
    index,
    e.type,
    e.time.slice(0, 10),
    journal.cancellation(pledge.donor, pledge.currency as Currency, remainder),
  );
  await flow(
    db,
    ['fund', `donor:${pledge.donor}`],
    pledge.currency,
    'cancelled',
    e.time.slice(0, 10),
    remainder,
  );
}

export async function applyConversionRecorded(
  db: Db,
  e: Ev<typeof conversionRecorded>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const from = { currency: p.from.currency, amount: BigInt(p.from.value) };
  const to = { currency: p.to.currency, amount: BigInt(p.to.value) };
  await db
    .insertInto('fund_conversions')
    .values({
      id: p.conversionId,
      from_currency: from.currency,
      from_amount: from.amount,
      to_currency: to.currency,
      to_amount: to.amount,
      rate: p.rate,
      date: p.date,
      source: p.source,
      log_index: index,
    })
    .execute();
  await post(db, index, e.type, p.date, journal.conversion(from, to));
  await flow(db, ['fund'], from.currency, 'convertedOut', p.date, from.amount);
  await flow(db, ['fund'], to.currency, 'convertedIn', p.date, to.amount);
}

export async function applyAllocationCommitted(
  db: Db,
  e: Ev<typeof allocationCommitted>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const amount = BigInt(p.amount.value);
  // the needs check sees the fund as it was before this allocation
  await recordAllocationCheck(
    db,
    {
      allocationId: p.allocationId,
      proposalId: p.proposalId,
      governorate: p.governorate,
      sector: p.sector,
      currency: p.amount.currency,
      amount,
    },
    index,
  );
  await db
    .insertInto('fund_allocations')
    .values({
      id: p.allocationId,
      proposal_id: p.proposalId,
      governorate: p.governorate,
      sector: p.sector,
      currency: p.amount.currency,
      amount,
      disbursed: 0n,
      refunded: 0n,
      date: p.date,
      log_index: index,
    })
    .execute();
  await post(db, index, e.type, p.date, journal.allocation(p.allocationId, p.amount.currency, amount));
  await flow(
    db,
    ['fund', `governorate:${p.governorate}`, `sector:${p.sector}`],
    p.amount.currency,
    'committed',
    p.date,
    amount,
  );
}

export async function applyDisbursementMade(
  db: Db,
  e: Ev<typeof disbursementMade>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const amount = BigInt(p.amount.value);
  await db
    .insertInto('fund_disbursements')
    .values({
      id: p.disbursementId,
      allocation_id: p.allocationId,
      partner: p.partner,
      currency: p.amount.currency,
      amount,
      spent: 0n,
      refunded: 0n,
      date: p.date,
      log_index: index,
    })
    .execute();
  await db
    .updateTable('fund_allocations')
    .set((eb) => ({ disbursed: eb('disbursed', '+', amount) }))
    .where('id', '=', p.allocationId)
    .execute();
  await post(
    db,
    index,
    e.type,
    p.date,
    journal.disbursement(p.allocationId, p.disbursementId, p.amount.currency, amount),
  );
  await flow(db, await allocationScopes(db, p.allocationId), p.amount.currency, 'disbursed', p.date, amount);
}

export async function applyExpenditureReported(
  db: Db,
  e: Ev<typeof expenditureReported>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const amount = BigInt(p.amount.value);
  const d = await db
    .selectFrom('fund_disbursements')
    .select(['partner', 'allocation_id'])
    .where('id', '=', p.disbursementId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('fund_expenditures')
    .values({
      id: p.expenditureId,
      disbursement_id: p.disbursementId,
      partner: d.partner,
      currency: p.amount.currency,
      amount,
      date: p.date,
      description: p.description,
      log_index: index,
    })
    .execute();
  await db
    .updateTable('fund_disbursements')
    .set((eb) => ({ spent: eb('spent', '+', amount) }))
    .where('id', '=', p.disbursementId)
    .execute();
  await post(db, index, e.type, p.date, journal.expenditure(p.disbursementId, p.amount.currency, amount));
  await flow(db, await allocationScopes(db, d.allocation_id), p.amount.currency, 'spent', p.date, amount);
}

export async function applyRefundRecorded(
  db: Db,
  e: Ev<typeof refundRecorded>,
  index: number,
): Promise<void> {
  const p = e.payload;
  const amount = BigInt(p.amount.value);
  const d = await db
    .selectFrom('fund_disbursements')
    .select('allocation_id')
    .where('id', '=', p.disbursementId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('fund_refunds')
    .values({
      id: p.refundId,
      disbursement_id: p.disbursementId,
      allocation_id: d.allocation_id,
      currency: p.amount.currency,
      amount,
      date: p.date,
      log_index: index,
    })
    .execute();
  await db
    .updateTable('fund_disbursements')
    .set((eb) => ({ refunded: eb('refunded', '+', amount) }))
    .where('id', '=', p.disbursementId)
    .execute();
  await db
    .updateTable('fund_allocations')
    .set((eb) => ({ refunded: eb('refunded', '+', amount) }))
    .where('id', '=', d.allocation_id)
    .execute();
  await post(
    db,
    index,
    e.type,
    p.date,
    journal.refund(d.allocation_id, p.disbursementId, p.amount.currency, amount),
  );
  await flow(db, await allocationScopes(db, d.allocation_id), p.amount.currency, 'refunded', p.date, amount);
}

// --- loads: the state the rules need --------------------------------------------------------------

export async function findPledgeState(db: Db, id: string): Promise<PledgeState | undefined> {
  const r = await db.selectFrom('fund_pledges').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && {
      donor: r.donor,
      currency: r.currency as Currency,
      amount: r.amount,
      received: r.received,
      status: r.status === 'cancelled' ? 'cancelled' : 'open',
    }
  );
}

export async function findAllocationState(db: Db, id: string): Promise<AllocationState | undefined> {
  const r = await db.selectFrom('fund_allocations').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && { currency: r.currency as Currency, amount: r.amount, disbursed: r.disbursed, refunded: r.refunded }
  );
}

export async function findDisbursementState(db: Db, id: string): Promise<DisbursementState | undefined> {
  const r = await db.selectFrom('fund_disbursements').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && {
      partner: r.partner,
      currency: r.currency as Currency,
      amount: r.amount,
      spent: r.spent,
      refunded: r.refunded,
    }
  );
}

/** The decision an allocation carries out, and the allocation that already does, if any. */
export async function findDecisionState(
  db: Db,
  proposalId: string,
): Promise<{ decision: DecisionState | undefined; allocatedAs: string | undefined }> {
  const [p, a] = await Promise.all([
    db
      .selectFrom('proposals')
      .select(['decision_type', 'status', 'amount_minor', 'currency', 'justification'])
      .where('id', '=', proposalId)
      .executeTakeFirst(),
    db.selectFrom('fund_allocations').select('id').where('proposal_id', '=', proposalId).executeTakeFirst(),
  ]);
  return {
    decision: p && {
      decisionType: p.decision_type,
      status: p.status,
      amount: p.amount_minor === null ? null : { value: p.amount_minor, currency: p.currency! },
      justification: p.justification,
    },
    allocatedAs: a?.id,
  };
}

/** The fund's uncommitted cash in a currency: the balance of `cash:uncommitted`. */
export async function uncommittedCash(db: Db, currency: string): Promise<bigint> {
  const r = await db
    .selectFrom('fund_accounts')
    .select(['debit', 'credit'])
    .where('account', '=', account.uncommitted)
    .where('currency', '=', currency)
    .executeTakeFirst();
  return r ? r.debit - r.credit : 0n;
}

/** Whether a row with this id exists in a fund table (for the duplicate-id rule). */
export async function fundIdExists(
  db: Db,
  table:
    | 'fund_pledges'
    | 'fund_receipts'
    | 'fund_conversions'
    | 'fund_allocations'
    | 'fund_disbursements'
    | 'fund_expenditures'
    | 'fund_refunds',
  id: string,
): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

// --- queries -------------------------------------------------------------------------------------

/** SUM() comes back as bigint (SQLite), numeric string (PostgreSQL) or null: always a bigint here. */
const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(String(v)));

export interface CurrencyPosition {
  currency: Currency;
  minorUnits: number;
  pledged: string;
  cancelled: string;
  received: string;
  /** pledged, not cancelled and not yet received */
  outstanding: string;
  convertedIn: string;
  convertedOut: string;
  committed: string;
  disbursed: string;
  spent: string;
  refunded: string;
  /** received + converted in − converted out − committed */
  uncommittedCash: string;
  /** committed − disbursed + refunded: what allocations still hold */
  committedUndisbursed: string;
  /** disbursed − spent − refunded: what partners still hold */
  withPartners: string;
}

export interface DonorPosition {
  donor: string;
  currency: Currency;
  pledges: number;
  pledged: string;
  received: string;
  cancelled: string;
  outstanding: string;
}

type Figures = Record<
  | 'pledged'
  | 'cancelled'
  | 'received'
  | 'convertedIn'
  | 'convertedOut'
  | 'committed'
  | 'disbursed'
  | 'spent'
  | 'refunded',
  bigint
>;

const FIGURES = [
  'pledged',
  'cancelled',
  'received',
  'convertedIn',
  'convertedOut',
  'committed',
  'disbursed',
  'spent',
  'refunded',
] as const;

const zeroFigures = (): Figures => Object.fromEntries(FIGURES.map((f) => [f, 0n])) as Figures;

/**
 * Per currency, every total of the fund, read from the maintained totals (`fund_flows`): a few rows per
 * currency and month, however long the journal grows.
 */
export async function fundFigures(db: Db): Promise<Map<Currency, Figures>> {
  const rows = await db
    .selectFrom('fund_flows')
    .select((eb) => ['currency', 'figure', eb.fn.sum<string | bigint | null>('amount').as('total')])
    .where('scope', '=', 'fund')
    .where('period', '=', '')
    .groupBy(['currency', 'figure'])
    .execute();
  const out = new Map<Currency, Figures>();
  for (const r of rows) {
    if (!(FIGURES as readonly string[]).includes(r.figure)) continue;
    let f = out.get(r.currency as Currency);
    if (!f) out.set(r.currency as Currency, (f = zeroFigures()));
    f[r.figure as keyof Figures] += big(r.total);
  }
  return out;
}

/**
 * The same totals summed from the records (pledges, receipts … tables): slower, and kept as the
 * independent check of the maintained totals in the tests.
 */
export async function fundFiguresFromRecords(db: Db): Promise<Map<Currency, Figures>> {
  const out = new Map<Currency, Figures>();
  const add = (currency: string, key: keyof Figures, v: unknown) => {
    let f = out.get(currency as Currency);
    if (!f) {
      f = {
        pledged: 0n,
        cancelled: 0n,
        received: 0n,
        convertedIn: 0n,
        convertedOut: 0n,
        committed: 0n,
        disbursed: 0n,
        spent: 0n,
        refunded: 0n,
      };
      out.set(currency as Currency, f);
    }
    f[key] += big(v);
  };
  const sumBy = (table: keyof Schema, col: string, cur = 'currency') =>
    sql<{ currency: string; total: unknown }>`select ${sql.ref(cur)} as currency, sum(${sql.ref(
      col,
    )}) as total from ${sql.table(table)} group by ${sql.ref(cur)}`
      .execute(db)
      .then((r) => r.rows);
  const [pledged, cancelled, received, convIn, convOut, committed, disbursed, spent, refunded] =
    await Promise.all([
      sumBy('fund_pledges', 'amount'),
      sumBy('fund_pledges', 'cancelled'),
      sumBy('fund_receipts', 'amount'),
      sumBy('fund_conversions', 'to_amount', 'to_currency'),
      sumBy('fund_conversions', 'from_amount', 'from_currency'),
      sumBy('fund_allocations', 'amount'),
      sumBy('fund_disbursements', 'amount'),
      sumBy('fund_expenditures', 'amount'),
      sumBy('fund_refunds', 'amount'),
    ]);
  for (const [rows, key] of [
    [pledged, 'pledged'],
    [cancelled, 'cancelled'],
    [received, 'received'],
    [convIn, 'convertedIn'],
    [convOut, 'convertedOut'],
    [committed, 'committed'],
    [disbursed, 'disbursed'],
    [spent, 'spent'],
    [refunded, 'refunded'],
  ] as const) {
    for (const r of rows) add(r.currency, key, r.total);
  }
  return out;
}

/** The fund's position per currency, in ISO code order. */
export async function fundPosition(db: Db): Promise<CurrencyPosition[]> {
  return positionOf(await fundFigures(db));
}

/** A position per currency from figures. */
export function positionOf(figures: Map<Currency, Figures>): CurrencyPosition[] {
  return [...figures.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, f]) => ({
      currency,
      minorUnits: CURRENCIES[currency],
      pledged: String(f.pledged),
      cancelled: String(f.cancelled),
      received: String(f.received),
      outstanding: String(f.pledged - f.cancelled - f.received),
      convertedIn: String(f.convertedIn),
      convertedOut: String(f.convertedOut),
      committed: String(f.committed),
      disbursed: String(f.disbursed),
      spent: String(f.spent),
      refunded: String(f.refunded),
      uncommittedCash: String(f.received + f.convertedIn - f.convertedOut - f.committed),
      committedUndisbursed: String(f.committed - f.disbursed + f.refunded),
      withPartners: String(f.disbursed - f.spent - f.refunded),
    }));
}

/** Pledged, received, cancelled and outstanding per donor and currency, from the maintained totals. */
export async function donorPositions(db: Db, donor?: string): Promise<DonorPosition[]> {
  let q = db
    .selectFrom('fund_flows')
    .select((eb) => ['scope', 'currency', 'figure', eb.fn.sum<string | bigint | null>('amount').as('total')])
    .groupBy(['scope', 'currency', 'figure']);
  // a range rather than LIKE, so that both databases read it from the primary key's index
  q =
    donor === undefined
      ? q.where('scope', '>=', 'donor:').where('scope', '<', 'donor;')
      : q.where('scope', '=', `donor:${donor}`);
  const rows = await q.execute();
  const by = new Map<string, DonorPosition & { n: Record<string, bigint> }>();
  for (const r of rows) {
    const d = r.scope.slice('donor:'.length);
    const k = `${d}|${r.currency}`;
    let e = by.get(k);
    if (!e) {
      e = {
        donor: d,
        currency: r.currency as Currency,
        pledges: 0,
        pledged: '0',
        received: '0',
        cancelled: '0',
        outstanding: '0',
        n: {},
      };
      by.set(k, e);
    }
    e.n[r.figure] = big(r.total);
  }
  return [...by.values()]
    .sort((a, b) => (a.donor === b.donor ? a.currency.localeCompare(b.currency) : a.donor < b.donor ? -1 : 1))
    .map(({ n, ...e }) => {
      const [pledged, received, cancelled] = [n.pledged ?? 0n, n.received ?? 0n, n.cancelled ?? 0n];
      return {
        ...e,
        pledges: Number(n.pledges ?? 0n),
        pledged: String(pledged),
        received: String(received),
        cancelled: String(cancelled),
        outstanding: String(pledged - received - cancelled),
      };
    });
}

export interface ScopePosition {
  /** the governorate's P-code or the sector */
  key: string;
  currency: Currency;
  committed: string;
  disbursed: string;
  spent: string;
  refunded: string;
  /** committed − disbursed + refunded */
  committedUndisbursed: string;
  /** disbursed − spent − refunded */
  withPartners: string;
}

/** What was committed, disbursed, spent and refunded per governorate or per sector, and currency. */
export async function positionBy(db: Db, by: 'governorate' | 'sector'): Promise<ScopePosition[]> {
  const rows = await db
    .selectFrom('fund_flows')
    .select((eb) => ['scope', 'currency', 'figure', eb.fn.sum<string | bigint | null>('amount').as('total')])
    .where('scope', '>=', `${by}:`)
    .where('scope', '<', `${by};`)
    .groupBy(['scope', 'currency', 'figure'])
    .execute();
  const m = new Map<string, { key: string; currency: Currency; f: Record<string, bigint> }>();
  for (const r of rows) {
    const key = r.scope.slice(by.length + 1);
    const k = `${key}|${r.currency}`;
    let e = m.get(k);
    if (!e) m.set(k, (e = { key, currency: r.currency as Currency, f: {} }));
    e.f[r.figure] = big(r.total);
  }
  return [...m.values()]
    .sort((a, b) => (a.key === b.key ? a.currency.localeCompare(b.currency) : a.key < b.key ? -1 : 1))
    .map(({ key, currency, f }) => {
      const [c, d, s, r] = [f.committed ?? 0n, f.disbursed ?? 0n, f.spent ?? 0n, f.refunded ?? 0n];
      return {
        key,
        currency,
        committed: String(c),
        disbursed: String(d),
        spent: String(s),
        refunded: String(r),
        committedUndisbursed: String(c - d + r),
        withPartners: String(d - s - r),
      };
    });
}

export interface HistoryPoint {
  /** YYYY-MM */
  period: string;
  /** the money that moved in the month, per figure */
  flows: Record<string, string>;
  /** the running totals at the end of the month */
  cumulative: Record<string, string>;
}

/**
 * The fund's figures month by month in one currency — for the whole fund, one governorate or one
 * sector — with running totals. Months in which nothing moved are left out.
 */
export async function fundHistory(
  db: Db,
  opts: { currency: string; scope: string },
): Promise<HistoryPoint[]> {
  const rows = await db
    .selectFrom('fund_flows')
    .select(['period', 'figure', 'amount'])
    .where('scope', '=', opts.scope)
    .where('period', '!=', '')
    .where('currency', '=', opts.currency)
    .where('figure', '!=', 'pledges')
    .orderBy('period')
    .orderBy('figure')
    .execute();
  const out: HistoryPoint[] = [];
  for (const r of rows) {
    let point = out[out.length - 1];
    if (!point || point.period !== r.period) {
      point = { period: r.period, flows: {}, cumulative: {} };
      out.push(point);
    }
    point.flows[r.figure] = String(r.amount);
  }
  // running totals at the end of each month
  const acc: Record<string, bigint> = {};
  for (const p of out) {
    for (const [f, v] of Object.entries(p.flows)) acc[f] = (acc[f] ?? 0n) + BigInt(v);
    p.cumulative = Object.fromEntries(Object.entries(acc).map(([f, v]) => [f, String(v)]));
  }
  return out;
}

export interface PledgeView {
  id: string;
  donor: string;
  amount: { value: string; currency: string };
  received: string;
  cancelled: string;
  outstanding: string;
  status: 'open' | 'paid' | 'cancelled';
  date: string;
  conditions: string | null;
  cancelReason: string | null;
  logIndex: number;
  receipts: Array<{ id: string; amount: string; date: string; reference: string; logIndex: number }>;
}

/** A donor's pledges, each with the receipts paid against it: the pledge-to-payment tracker. */
export async function pledgesOf(db: Db, donor: string): Promise<PledgeView[]> {
  const [pledges, receipts] = await Promise.all([
    db.selectFrom('fund_pledges').selectAll().where('donor', '=', donor).orderBy('log_index').execute(),
    db.selectFrom('fund_receipts').selectAll().where('donor', '=', donor).orderBy('log_index').execute(),
  ]);
  return pledges.map((p) => ({
    id: p.id,
    donor: p.donor,
    amount: { value: String(p.amount), currency: p.currency },
    received: String(p.received),
    cancelled: String(p.cancelled),
    outstanding: String(p.amount - p.received - p.cancelled),
    status: p.status,
    date: p.date,
    conditions: p.conditions,
    cancelReason: p.cancel_reason,
    logIndex: Number(p.log_index),
    receipts: receipts
      .filter((r) => r.pledge_id === p.id)
      .map((r) => ({
        id: r.id,
        amount: String(r.amount),
        date: r.date,
        reference: r.reference,
        logIndex: Number(r.log_index),
      })),
  }));
}

export interface JournalLineView {
  logIndex: number;
  line: number;
  eventType: string;
  date: string;
  account: string;
  currency: string;
  debit: string;
  credit: string;
}

/** The journal in log order, optionally for one currency or one account. */
export async function listJournal(
  db: Db,
  opts: { currency?: string | undefined; account?: string | undefined; offset: number; limit: number },
): Promise<{ items: JournalLineView[]; total: number }> {
  let q = db.selectFrom('fund_journal');
  if (opts.currency !== undefined) q = q.where('currency', '=', opts.currency);
  if (opts.account !== undefined) q = q.where('account', '=', opts.account);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('log_index').orderBy('line').offset(opts.offset).limit(opts.limit).execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      logIndex: Number(r.log_index),
      line: Number(r.line),
      eventType: r.event_type,
      date: r.date,
      account: r.account,
      currency: r.currency,
      debit: String(r.debit),
      credit: String(r.credit),
    })),
    total: Number(count.n),
  };
}

/** Every account's balance (debits − credits), per currency. */
export async function accountBalances(
  db: Db,
): Promise<Array<{ account: string; currency: Currency; debit: bigint; credit: bigint }>> {
  const rows = await db
    .selectFrom('fund_accounts')
    .selectAll()
    .orderBy('currency')
    .orderBy('account')
    .execute();
  return rows.map((r) => ({ ...r, currency: r.currency as Currency }));
}

/** Σ debits and Σ credits of the whole journal, per currency. */
export async function journalTotals(db: Db): Promise<Map<string, { debit: bigint; credit: bigint }>> {
  const rows = await db
    .selectFrom('fund_journal')
    .select((eb) => [
      'currency',
      eb.fn.sum<string | bigint | null>('debit').as('debit'),
      eb.fn.sum<string | bigint | null>('credit').as('credit'),
    ])
    .groupBy('currency')
    .execute();
  return new Map(rows.map((r) => [r.currency, { debit: big(r.debit), credit: big(r.credit) }]));
}
