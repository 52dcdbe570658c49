import type { Kysely } from 'kysely';
import { canonicalJson } from '../domain/canonical-json.js';
import type { SignedEvent } from '../domain/envelope.js';
import type { PayloadOf } from '../domain/event-type.js';
import { SECTORS, type Sector } from '../domain/funds/events.js';
import type { AllocationNeedsState, FormulaProposalState } from '../domain/funds/needs-decide.js';
import type { indicatorRecorded, needsFormulaAdopted } from '../domain/funds/needs-events.js';
import {
  allocationDeviation,
  needsShares,
  shareOf,
  type NeedsFormula,
  type NeedsShares,
} from '../domain/funds/needs-formula.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema>;
type Ev<E> = SignedEvent<PayloadOf<E>>;

const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(String(v)));

// --- projection: apply ---------------------------------------------------------------------------

export async function applyIndicatorRecorded(
  db: Db,
  e: Ev<typeof indicatorRecorded>,
  index: number,
): Promise<void> {
  const p = e.payload;
  await db
    .insertInto('needs_indicators')
    .values({
      id: p.indicatorId,
      series: p.series,
      governorate: p.governorate,
      date: p.date,
      value: p.value,
      unit: p.unit,
      source: p.source,
      confidence: p.confidence,
      log_index: index,
    })
    .execute();
}

export async function applyNeedsFormulaAdopted(
  db: Db,
  e: Ev<typeof needsFormulaAdopted>,
  index: number,
): Promise<void> {
  await db
    .insertInto('needs_formulas')
    .values({
      version: e.payload.formula.version,
      body: canonicalJson(e.payload.formula),
      proposal_id: e.payload.proposalId,
      log_index: index,
    })
    .execute();
}

/** Keeps the needs formula a policy-change proposal carries (called when the proposal is recorded). */
export async function recordFormulaProposal(
  db: Db,
  proposalId: string,
  formula: NeedsFormula,
  index: number,
): Promise<void> {
  await db
    .insertInto('needs_formula_proposals')
    .values({ proposal_id: proposalId, body: canonicalJson(formula), log_index: index })
    .execute();
}

/**
 * Records how an allocation stands against the needs formula in force. Called by the allocation's own
 * `apply` before it is written, so that replay computes the same figures from the same state.
 */
export async function recordAllocationCheck(
  db: Db,
  a: {
    allocationId: string;
    proposalId: string;
    governorate: string;
    sector: string;
    currency: string;
    amount: bigint;
  },
  index: number,
): Promise<void> {
  const needs = await allocationNeeds(db, a);
  if (!needs) return;
  const p = await db
    .selectFrom('proposals')
    .select('justification')
    .where('id', '=', a.proposalId)
    .executeTakeFirst();
  await db
    .insertInto('needs_allocation_checks')
    .values({
      allocation_id: a.allocationId,
      formula_version: needs.formulaVersion,
      need_ppm: needs.needPpm,
      share_ppm: needs.sharePpm,
      deviation_ppm: needs.deviationPpm,
      threshold_ppm: needs.thresholdPpm,
      justification: p?.justification ?? null,
      log_index: index,
    })
    .execute();
}

// --- loads ----------------------------------------------------------------------------------------

export async function indicatorExists(db: Db, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('needs_indicators').select('id').where('id', '=', id).executeTakeFirst()) !==
    undefined
  );
}

export async function findCurrentFormula(
  db: Db,
): Promise<{ version: number; formula: NeedsFormula; proposalId: string; logIndex: number } | undefined> {
  const r = await db
    .selectFrom('needs_formulas')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (
    r && {
      version: Number(r.version),
      formula: JSON.parse(r.body) as NeedsFormula,
      proposalId: r.proposal_id,
      logIndex: Number(r.log_index),
    }
  );
}

/** The state a formula adoption is decided against: the cited proposal (with the formula it carries). */
export async function formulaAdoptionState(
  db: Db,
  proposalId: string,
): Promise<{
  proposal: FormulaProposalState | undefined;
  currentVersion: number | undefined;
  adoptedAs: number | undefined;
}> {
  const [p, current, adopted] = await Promise.all([
    db
      .selectFrom('proposals as p')
      .leftJoin('needs_formula_proposals as f', 'f.proposal_id', 'p.id')
      .select(['p.decision_type', 'p.status', 'f.body'])
      .where('p.id', '=', proposalId)
      .executeTakeFirst(),
    findCurrentFormula(db),
    db
      .selectFrom('needs_formulas')
      .select('version')
      .where('proposal_id', '=', proposalId)
      .executeTakeFirst(),
  ]);
  return {
    proposal: p && {
      decisionType: p.decision_type,
      status: p.status,
      formula: p.body === null ? undefined : (JSON.parse(p.body) as NeedsFormula),
    },
    currentVersion: current?.version,
    adoptedAs: adopted ? Number(adopted.version) : undefined,
  };
}

/** The latest value of each series in each governorate: by date, then by log order. */
export async function latestIndicators(
  db: Db,
  series: readonly string[],
): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (series.length === 0) return out;
  const rows = await db
    .selectFrom('needs_indicators')
    .select(['series', 'governorate', 'value'])
    .where('series', 'in', series)
    .orderBy('date')
    .orderBy('log_index')
    .execute();
  for (const r of rows) {
    let m = out.get(r.series);
    if (!m) out.set(r.series, (m = new Map()));
    m.set(r.governorate, r.value);
  }
  return out;
}

async function governorateCodes(db: Db): Promise<string[]> {
  return (await db.selectFrom('governorates').select('code').orderBy('code').execute()).map((r) => r.code);
}

/** The needs shares under the formula in force and the indicators recorded so far. */
export async function currentShares(
  db: Db,
): Promise<
  { version: number; formula: NeedsFormula; proposalId: string; shares: NeedsShares | undefined } | undefined
> {
  const current = await findCurrentFormula(db);
  if (!current) return undefined;
  const [govs, latest] = await Promise.all([
    governorateCodes(db),
    latestIndicators(
      db,
      current.formula.indicators.map((i) => i.series),
    ),
  ]);
  return { ...current, shares: needsShares(current.formula, govs, latest) };
}

/** Σ allocations in a currency, and in one cell of it. */
async function committedIn(
  db: Db,
  currency: string,
  governorate: string,
  sector: string,
): Promise<{ all: bigint; cell: bigint }> {
  const rows = await db
    .selectFrom('fund_flows')
    .select(['scope', 'amount'])
    .where('figure', '=', 'committed')
    .where('currency', '=', currency)
    .where('scope', '=', 'fund')
    .where('period', '=', '')
    .execute();
  const cell = await db
    .selectFrom('fund_allocations')
    .select((eb) => eb.fn.sum<string | bigint | null>('amount').as('total'))
    .where('currency', '=', currency)
    .where('governorate', '=', governorate)
    .where('sector', '=', sector)
    .executeTakeFirst();
  return { all: rows.reduce((n, r) => n + r.amount, 0n), cell: big(cell?.total) };
}

async function uncommittedIn(db: Db, currency: string): Promise<bigint> {
  const r = await db
    .selectFrom('fund_accounts')
    .select(['debit', 'credit'])
    .where('account', '=', 'cash:uncommitted')
    .where('currency', '=', currency)
    .executeTakeFirst();
  return r ? r.debit - r.credit : 0n;
}

/**
 * How an allocation about to be committed stands against the needs formula in force; undefined when
 * no formula is in force or none of its series has data yet.
 */
export async function allocationNeeds(
  db: Db,
  a: { governorate: string; sector: string; currency: string; amount: bigint },
): Promise<AllocationNeedsState | undefined> {
  const current = await currentShares(db);
  if (!current?.shares) return undefined;
  const [committed, uncommitted] = await Promise.all([
    committedIn(db, a.currency, a.governorate, a.sector),
    uncommittedIn(db, a.currency),
  ]);
  const needPpm = current.shares.byCell.get(`${a.governorate}|${a.sector}`) ?? 0n;
  const { sharePpm, deviationPpm } = allocationDeviation({
    needPpm,
    cellCommitted: committed.cell,
    currencyCommitted: committed.all,
    uncommitted,
    amount: a.amount,
  });
  return {
    formulaVersion: current.version,
    thresholdPpm: BigInt(current.formula.deviationThresholdPpm),
    needPpm,
    sharePpm,
    deviationPpm,
  };
}

// --- queries -------------------------------------------------------------------------------------

export interface IndicatorView {
  id: string;
  series: string;
  governorate: string;
  date: string;
  value: string;
  unit: string;
  source: string;
  confidence: string;
  logIndex: number;
}

export async function listIndicators(
  db: Db,
  opts: { series?: string | undefined; governorate?: string | undefined; offset: number; limit: number },
): Promise<{ items: IndicatorView[]; total: number }> {
  let q = db.selectFrom('needs_indicators');
  if (opts.series !== undefined) q = q.where('series', '=', opts.series);
  if (opts.governorate !== undefined) q = q.where('governorate', '=', opts.governorate);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('series')
      .orderBy('governorate')
      .orderBy('date')
      .orderBy('log_index')
      .offset(opts.offset)
      .limit(opts.limit)
      .execute(),
    q.select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      series: r.series,
      governorate: r.governorate,
      date: r.date,
      value: r.value,
      unit: r.unit,
      source: r.source,
      confidence: r.confidence,
      logIndex: Number(r.log_index),
    })),
    total: Number(count.n),
  };
}

export async function listFormulas(
  db: Db,
): Promise<Array<{ version: number; formula: NeedsFormula; proposalId: string; logIndex: number }>> {
  const rows = await db.selectFrom('needs_formulas').selectAll().orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    version: Number(r.version),
    formula: JSON.parse(r.body) as NeedsFormula,
    proposalId: r.proposal_id,
    logIndex: Number(r.log_index),
  }));
}

export interface NeedsRow {
  /** a governorate's P-code, a sector, or `P-code|sector` */
  key: string;
  governorate: string | null;
  sector: Sector | null;
  needPpm: string;
  allocated: string;
  /** the share of all allocations in the currency */
  allocatedPpm: string;
  /** allocatedPpm − needPpm: below 0, it received less than its needs share */
  gapPpm: string;
}

export interface AllocationCheckView {
  allocationId: string;
  proposalId: string;
  governorate: string;
  sector: string;
  amount: { value: string; currency: string };
  date: string;
  formulaVersion: number | null;
  needPpm: string | null;
  sharePpm: string | null;
  deviationPpm: string | null;
  thresholdPpm: string | null;
  /** whether the deviation was above the threshold, so that the decision needed a justification */
  flagged: boolean;
  justification: string | null;
  logIndex: number;
}

export interface NeedsReport {
  currency: string;
  formula: { version: number; proposalId: string; seriesUsed: string[] } | null;
  totalAllocated: string;
  /** ranked from the furthest below its needs share to the furthest above */
  byGovernorate: NeedsRow[];
  bySector: NeedsRow[];
  byCell: NeedsRow[];
  allocations: AllocationCheckView[];
}

/**
 * Where the money went against need, in one currency: allocations per governorate, per sector and per
 * governorate-and-sector, each beside its needs share under the formula in force, ranked by the gap;
 * and every allocation with the deviation recorded when it was committed.
 */
export async function needsReport(db: Db, currency: string): Promise<NeedsReport> {
  const [current, govs, allocs] = await Promise.all([
    currentShares(db),
    governorateCodes(db),
    db
      .selectFrom('fund_allocations as a')
      .leftJoin('needs_allocation_checks as c', 'c.allocation_id', 'a.id')
      .select([
        'a.id',
        'a.proposal_id',
        'a.governorate',
        'a.sector',
        'a.currency',
        'a.amount',
        'a.date',
        'a.log_index',
        'c.formula_version',
        'c.need_ppm',
        'c.share_ppm',
        'c.deviation_ppm',
        'c.threshold_ppm',
        'c.justification',
      ])
      .where('a.currency', '=', currency)
      .orderBy('a.log_index')
      .execute(),
  ]);
  const shares = current?.shares;
  const total = allocs.reduce((n, a) => n + a.amount, 0n);
  const sum = (f: (a: (typeof allocs)[number]) => boolean) =>
    allocs.filter(f).reduce((n, a) => n + a.amount, 0n);
  const row = (
    key: string,
    governorate: string | null,
    sector: Sector | null,
    need: bigint,
    allocated: bigint,
  ): NeedsRow => {
    const allocatedPpm = shareOf(allocated, total);
    return {
      key,
      governorate,
      sector,
      needPpm: String(need),
      allocated: String(allocated),
      allocatedPpm: String(allocatedPpm),
      gapPpm: String(allocatedPpm - need),
    };
  };
  const rank = (rows: NeedsRow[]) =>
    rows.sort((a, b) => {
      const d = BigInt(a.gapPpm) - BigInt(b.gapPpm);
      return d < 0n ? -1 : d > 0n ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    });
  const sectors = new Set<Sector>([
    ...(shares ? [...shares.bySector.keys()] : []),
    ...allocs.map((a) => a.sector as Sector),
  ]);
  const govSet = new Set([...govs, ...allocs.map((a) => a.governorate)]);
  const byGovernorate = rank(
    [...govSet].map((g) =>
      row(
        g,
        g,
        null,
        shares?.byGovernorate.get(g) ?? 0n,
        sum((a) => a.governorate === g),
      ),
    ),
  );
  const bySector = rank(
    SECTORS.filter((s) => sectors.has(s)).map((s) =>
      row(
        s,
        null,
        s,
        shares?.bySector.get(s) ?? 0n,
        sum((a) => a.sector === s),
      ),
    ),
  );
  const byCell = rank(
    [...govSet].flatMap((g) =>
      SECTORS.filter((s) => sectors.has(s)).map((s) =>
        row(
          `${g}|${s}`,
          g,
          s,
          shares?.byCell.get(`${g}|${s}`) ?? 0n,
          sum((a) => a.governorate === g && a.sector === s),
        ),
      ),
    ),
  );
  return {
    currency,
    formula: current
      ? { version: current.version, proposalId: current.proposalId, seriesUsed: shares?.seriesUsed ?? [] }
      : null,
    totalAllocated: String(total),
    byGovernorate,
    bySector,
    byCell,
    allocations: allocs.map((a) => ({
      allocationId: a.id,
      proposalId: a.proposal_id,
      governorate: a.governorate,
      sector: a.sector,
      amount: { value: String(a.amount), currency: a.currency },
      date: a.date,
      formulaVersion: a.formula_version === null ? null : Number(a.formula_version),
      needPpm: a.need_ppm === null ? null : String(a.need_ppm),
      sharePpm: a.share_ppm === null ? null : String(a.share_ppm),
      deviationPpm: a.deviation_ppm === null ? null : String(a.deviation_ppm),
      thresholdPpm: a.threshold_ppm === null ? null : String(a.threshold_ppm),
      flagged: a.deviation_ppm !== null && a.threshold_ppm !== null && a.deviation_ppm > a.threshold_ppm,
      justification: a.justification ?? null,
      logIndex: Number(a.log_index),
    })),
  };
}
