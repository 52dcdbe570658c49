import type { z } from 'zod';
import type { iatiActivityRecorded, iatiTransactionsRecorded } from '../../domain/iati/events.js';
import { child, children, type XmlNodeRead } from './read-activities.js';

/**
 * Maps one `<iati-activity>` element to the payloads Amanah records: the activity, and its
 * transactions. What the IATI schema allows but a record cannot be built from (an empty identifier, a
 * code outside its codelist, a budget without a currency) refuses the activity with the line and the
 * reason; the rest of the file goes on.
 */

export type ActivityPayload = z.infer<typeof iatiActivityRecorded.schema>;
export type TransactionPayload = z.infer<typeof iatiTransactionsRecorded.schema>['transactions'][number];

export interface MappedActivity {
  activity: Omit<ActivityPayload, 'source'>;
  transactions: TransactionPayload[];
  line: number;
}

export class ActivityRejected extends Error {
  constructor(
    readonly line: number,
    readonly identifier: string | undefined,
    reason: string,
  ) {
    super(reason);
  }
}

const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();

const ACTIVITY_STATUS = new Set(['1', '2', '3', '4', '5', '6']);
const DATE_TYPES = new Set(['1', '2', '3', '4']);
const ROLES = new Set(['1', '2', '3', '4']);
const TRANSACTION_TYPES = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13']);

export function mapActivity(node: XmlNodeRead): MappedActivity {
  const identifier = clean(child(node, 'iati-identifier')?.text ?? '');
  const refuse = (line: number, reason: string): never => {
    throw new ActivityRejected(line, identifier || undefined, reason);
  };
  if (!identifier) refuse(node.line, 'iati-identifier is empty');
  const lang = (node.attrs['xml:lang'] ?? 'en').toLowerCase();

  const narratives = (el: XmlNodeRead | undefined) =>
    (el ? children(el, 'narrative') : [])
      .map((n) => ({ lang: (n.attrs['xml:lang'] ?? lang).toLowerCase(), text: clean(n.text) }))
      .filter((n) => n.text.length > 0);
  const firstName = (el: XmlNodeRead | undefined): string | undefined => narratives(el)[0]?.text;
  const org = (el: XmlNodeRead | undefined) =>
    el
      ? {
          ...(el.attrs['ref'] && clean(el.attrs['ref']) ? { ref: clean(el.attrs['ref']) } : {}),
          ...(el.attrs['type'] && clean(el.attrs['type']) ? { type: clean(el.attrs['type']) } : {}),
          ...(firstName(el) ? { name: firstName(el)! } : {}),
        }
      : undefined;
  const percentage = (el: XmlNodeRead): { percentage?: number } => {
    const p = el.attrs['percentage'];
    if (p === undefined || p.trim() === '') return {};
    const n = Number(p);
    if (!Number.isFinite(n) || n < 0 || n > 100)
      refuse(el.line, `percentage "${p}" is not a number from 0 to 100`);
    return { percentage: n };
  };
  const isoDate = (el: XmlNodeRead | undefined, what: string): string => {
    const d = el?.attrs['iso-date'];
    if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d))
      refuse(el?.line ?? node.line, `${what} has no iso-date (YYYY-MM-DD)`);
    return d!;
  };

  const title = narratives(child(node, 'title'));
  if (title.length === 0) refuse(node.line, 'the activity has no title narrative');
  const description = narratives(children(node, 'description').find((d) => (d.attrs['type'] ?? '1') === '1'));

  const statusEl = child(node, 'activity-status');
  const status = statusEl?.attrs['code'] ?? '';
  if (!ACTIVITY_STATUS.has(status))
    refuse(
      statusEl?.line ?? node.line,
      `activity-status code "${status}" is not in the IATI ActivityStatus codelist (1–6)`,
    );

  const dates = children(node, 'activity-date').map((d) => {
    const type = d.attrs['type'] ?? '';
    if (!DATE_TYPES.has(type))
      refuse(d.line, `activity-date type "${type}" is not in the IATI ActivityDateType codelist (1–4)`);
    return { type: type as '1' | '2' | '3' | '4', date: isoDate(d, 'activity-date') };
  });

  const participants = children(node, 'participating-org').map((p) => {
    const role = p.attrs['role'] ?? '';
    if (!ROLES.has(role))
      refuse(p.line, `participating-org role "${role}" is not in the IATI OrganisationRole codelist (1–4)`);
    return { role: role as '1' | '2' | '3' | '4', ...org(p) };
  });

  const defaultCurrency = node.attrs['default-currency'];
  const currencyOf = (valueEl: XmlNodeRead | undefined, what: string, line: number): string => {
    const c = valueEl?.attrs['currency'] ?? defaultCurrency;
    if (!c || !/^[A-Z]{3}$/.test(c))
      refuse(line, `${what} has no currency, and the activity no default-currency`);
    return c!;
  };
  const value = (valueEl: XmlNodeRead | undefined, what: string, line: number): string => {
    const v = clean(valueEl?.text ?? '');
    if (!/^-?\d{1,15}(\.\d{1,6})?$/.test(v)) refuse(line, `${what} value "${v}" is not a decimal amount`);
    return v;
  };

  const budgets = children(node, 'budget').map((b, i) => {
    const v = child(b, 'value');
    const what = `budget ${i + 1}`;
    return {
      start: isoDate(child(b, 'period-start'), `${what} period-start`),
      end: isoDate(child(b, 'period-end'), `${what} period-end`),
      value: value(v, what, b.line),
      currency: currencyOf(v, what, b.line),
      valueDate: (v?.attrs['value-date'] ?? '') || refuse(b.line, `${what} value has no value-date`),
    };
  });

  const locations = children(node, 'location').map((l) => {
    const pos = clean(child(child(l, 'point') ?? l, 'pos')?.text ?? '');
    const m = /^(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)$/.exec(pos);
    const name = firstName(child(l, 'name'));
    return {
      ...(name ? { name } : {}),
      ...(m ? { point: { lat: Number(m[1]), lon: Number(m[2]) } } : {}),
    };
  });

  const transactions = children(node, 'transaction').map((t, i) => {
    const what = `transaction ${i + 1}`;
    const type = child(t, 'transaction-type')?.attrs['code'] ?? '';
    if (!TRANSACTION_TYPES.has(type))
      refuse(
        t.line,
        `${what}: transaction-type code "${type}" is not in the IATI TransactionType codelist (1–13)`,
      );
    const v = child(t, 'value');
    const desc = firstName(child(t, 'description'));
    const provider = org(child(t, 'provider-org'));
    const receiver = org(child(t, 'receiver-org'));
    return {
      type: type as TransactionPayload['type'],
      date: isoDate(child(t, 'transaction-date'), `${what} transaction-date`),
      value: value(v, what, t.line),
      currency: currencyOf(v, what, t.line),
      ...(t.attrs['ref'] && clean(t.attrs['ref']) ? { ref: clean(t.attrs['ref']) } : {}),
      ...(desc ? { description: desc } : {}),
      ...(provider && Object.keys(provider).length ? { provider } : {}),
      ...(receiver && Object.keys(receiver).length ? { receiver } : {}),
      line: t.line,
    };
  });

  const hum = node.attrs['humanitarian'];
  const lastUpdated = node.attrs['last-updated-datetime'];
  return {
    line: node.line,
    transactions,
    activity: {
      identifier,
      ...(lastUpdated ? { lastUpdated } : {}),
      reportingOrg: org(child(node, 'reporting-org')) ?? {},
      title,
      ...(description.length ? { description } : {}),
      status: status as ActivityPayload['status'],
      humanitarian: hum === '1' || hum === 'true',
      ...(defaultCurrency && /^[A-Z]{3}$/.test(defaultCurrency) ? { defaultCurrency } : {}),
      dates,
      participants,
      recipientCountries: children(node, 'recipient-country')
        .filter((c) => /^[A-Z]{2}$/.test(c.attrs['code'] ?? ''))
        .map((c) => ({ code: c.attrs['code']!, ...percentage(c) })),
      sectors: children(node, 'sector')
        .filter((s) => clean(s.attrs['code'] ?? '') !== '')
        .map((s) => ({
          vocabulary: s.attrs['vocabulary'] ?? '1',
          code: clean(s.attrs['code']!),
          ...percentage(s),
        })),
      locations,
      budgets,
      transactionCount: transactions.length,
    },
  };
}
