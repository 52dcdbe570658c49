import { fetchJson } from './fetch-json';
import { parseJournal, type JournalLine } from './records';

/** Lines the funds-over-time chart reads at most: 20 pages of the API's largest page. */
export const JOURNAL_LINE_CAP = 10_000;

/**
 * The fund's journal in one currency, every page of it up to {@link JOURNAL_LINE_CAP} lines; `complete`
 * says whether that was all of it.
 */
export async function loadJournal(
  currency: string,
  signal: AbortSignal,
): Promise<{ lines: JournalLine[]; total: number; complete: boolean }> {
  const lines: JournalLine[] = [];
  let total = 0;
  for (let offset = 0; offset < JOURNAL_LINE_CAP; offset += 500) {
    const page = await fetchJson(
      `/fund/journal?currency=${encodeURIComponent(currency)}&offset=${offset}&limit=500`,
      parseJournal,
      signal,
    );
    lines.push(...page.items);
    total = page.total;
    if (lines.length >= total || page.items.length === 0) break;
  }
  return { lines, total, complete: lines.length >= total };
}
