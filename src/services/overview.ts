import type { Store } from '../store/database.js';
import { governanceCounts } from '../store/governance-repository.js';
import { findLogInfo, logSize } from '../store/log-repository.js';
import { placeCounts } from '../store/places-repository.js';
import { countProposals } from '../store/decision-repository.js';
import { fundFigures } from '../store/fund-repository.js';
import type { Clock } from './clock.js';

export type Figure =
  | { key: string; kind: 'count'; value: number }
  | { key: string; kind: 'money'; value: string; currency: string; minorUnits: number };

export interface Overview {
  origin: string | null;
  title: { en: string; ar: string } | null;
  logSize: number;
  generatedAt: string;
  figures: Figure[];
}

/** The overview's figures that change only when the log grows (the costly counts). */
export type LogFigures = Awaited<ReturnType<typeof logFigures>>;

export async function logFigures(store: Store) {
  const [info, size, gov, places, fund] = await Promise.all([
    findLogInfo(store.db),
    logSize(store.db),
    governanceCounts(store.db),
    placeCounts(store.db),
    fundFigures(store.db),
  ]);
  return { info, size, gov, places, fund };
}

/**
 * The key figures of the home page, each computed from the projections. Which proposals are open
 * depends on the clock too (they expire); the rest can be given as `figures`, computed (and kept) for
 * the current log size.
 */
export async function getOverview(
  store: Store,
  clock: Clock,
  figures: Promise<LogFigures> = logFigures(store),
): Promise<Overview> {
  const now = clock.now();
  const [{ info, size, gov, places, fund }, open, executed] = await Promise.all([
    figures,
    countProposals(store.db, now, 'open'),
    countProposals(store.db, now, 'executed'),
  ]);
  // Money figures are in US dollars only. Nothing is converted at a market rate here: an amount held in
  // another currency counts in dollars only once the fund has recorded its conversion into dollars
  // (received = dollar receipts + recorded conversions into dollars − conversions out of dollars).
  // Pledges count net of cancelled remainders.
  const usd = fund.get('USD');
  const money = (key: string, value: bigint): Figure => ({
    key,
    kind: 'money',
    value: String(value),
    currency: 'USD',
    minorUnits: 2,
  });
  const count = (key: string, value: number): Figure => ({ key, kind: 'count', value });
  return {
    origin: info?.origin ?? null,
    title: info?.title ?? null,
    logSize: size,
    generatedAt: now.toISOString(),
    figures: [
      count('memberStates', gov.orgsByKind['member-state'] ?? 0),
      count('palestinianBodies', gov.orgsByKind['palestinian-governance'] ?? 0),
      count('partners', gov.orgsByKind['implementing-partner'] ?? 0),
      count('observers', gov.orgsByKind['observer'] ?? 0),
      count('governorates', places.governorates),
      count('crossings', places.crossings),
      count('activeKeys', gov.keysByStatus['active'] ?? 0),
      count('revokedKeys', gov.keysByStatus['revoked'] ?? 0),
      count('decisionsMade', executed),
      count('proposalsOpen', open),
      count('events', size),
      money('pledged', usd ? usd.pledged - usd.cancelled : 0n),
      money('received', usd ? usd.received + usd.convertedIn - usd.convertedOut : 0n),
      money('allocated', usd?.committed ?? 0n),
      money('disbursed', usd?.disbursed ?? 0n),
      money('spent', usd?.spent ?? 0n),
    ],
  };
}
