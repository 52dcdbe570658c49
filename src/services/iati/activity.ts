import { CURRENCIES, type Currency } from '../../domain/funds/money.js';
import { el, xmlDocument, type XmlElement } from './xml.js';

/**
 * IATI 2.03 activity files (https://iatistandard.org/en/iati-standard/203/activity-standard/), written
 * from a neutral model so every area that has activities (projects; later, flows of aid) maps its own
 * records onto it. Element order follows the schema's sequence in
 * ../shared/standards/iati/schema/iati-activities-schema.xsd; codes come from the IATI codelists and
 * the tests check each against ../shared/standards/iati/codelists-json.
 */

export interface Narrative {
  en: string;
  ar?: string | undefined;
}

export interface IatiOrg {
  /** IATI organisation identifier, if the organisation has one */
  ref?: string | undefined;
  /** OrganisationType code: 10 government, 21 international NGO, 22 national NGO, 40 multilateral, 70 private sector … */
  type?: string | undefined;
  name: Narrative;
}

export interface IatiTransaction {
  /** TransactionType: 1 incoming funds, 2 outgoing commitment, 3 disbursement, 4 expenditure, 11 incoming commitment, 12 outgoing pledge … */
  type: string;
  date: string;
  /** integer minor units */
  minor: bigint;
  currency: Currency;
  description?: string | undefined;
  provider?: IatiOrg | undefined;
  receiver?: IatiOrg | undefined;
  /** the log index of the event this transaction comes from: kept as the transaction's `ref` */
  ref?: string | undefined;
}

export interface IatiActivity {
  identifier: string;
  title: Narrative;
  description: Narrative;
  /** Participating organisations with their OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing */
  participants: ReadonlyArray<IatiOrg & { role: '1' | '2' | '3' | '4' }>;
  /** ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended */
  status: string;
  /** ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end */
  dates: ReadonlyArray<{ type: '1' | '2' | '3' | '4'; date: string }>;
  location?:
    | {
        name: Narrative;
        /** WGS 84 */
        lat: number;
        lon: number;
        /** OCHA P-code of the governorate (administrative vocabulary G1 is GAUL; we state the P-code in the name) */
        adminName?: string | undefined;
      }
    | undefined;
  /** DAC 5-digit purpose codes (vocabulary 1) with their percentages (summing to 100) */
  sectors: ReadonlyArray<{ code: string; percentage: number }>;
  humanitarian: boolean;
  /** the humanitarian appeal the activity answers, if any */
  appeal?: { code: string; name: string } | undefined;
  budget?: { start: string; end: string; minor: bigint; currency: Currency; valueDate: string } | undefined;
  transactions: readonly IatiTransaction[];
  lastUpdated: string;
  defaultCurrency: Currency;
}

/** A decimal string in major units for an integer amount of minor units ("250000000" USD → "2500000.00"). */
export function majorUnits(minor: bigint, currency: Currency): string {
  const digits = CURRENCIES[currency];
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(digits + 1, '0');
  const int = s.slice(0, s.length - digits);
  return `${neg ? '-' : ''}${int}${digits > 0 ? `.${s.slice(s.length - digits)}` : ''}`;
}

function narratives(n: Narrative): XmlElement[] {
  return [el('narrative', {}, n.en), ...(n.ar ? [el('narrative', { 'xml:lang': 'ar' }, n.ar)] : [])];
}

function org(name: string, o: IatiOrg, extra: Record<string, string> = {}): XmlElement {
  return el(name, { ref: o.ref, type: o.type, ...extra }, narratives(o.name));
}

function transaction(t: IatiTransaction): XmlElement {
  return el(
    'transaction',
    { ref: t.ref },
    el('transaction-type', { code: t.type }),
    el('transaction-date', { 'iso-date': t.date }),
    el('value', { currency: t.currency, 'value-date': t.date }, majorUnits(t.minor, t.currency)),
    t.description !== undefined && el('description', {}, el('narrative', {}, t.description)),
    t.provider && org('provider-org', t.provider),
    t.receiver && org('receiver-org', t.receiver),
  );
}

export function activityElement(a: IatiActivity): XmlElement {
  return el(
    'iati-activity',
    {
      'xml:lang': 'en',
      'default-currency': a.defaultCurrency,
      humanitarian: a.humanitarian ? '1' : '0',
      'last-updated-datetime': a.lastUpdated,
    },
    el('iati-identifier', {}, a.identifier),
    org('reporting-org', REPORTING_ORG),
    el('title', {}, narratives(a.title)),
    el('description', { type: '1' }, narratives(a.description)),
    a.participants.map((p) => org('participating-org', p, { role: p.role })),
    el('activity-status', { code: a.status }),
    a.dates.map((d) => el('activity-date', { type: d.type, 'iso-date': d.date })),
    el('recipient-country', { code: 'PS', percentage: '100' }),
    a.location &&
      el(
        'location',
        {},
        el('location-reach', { code: '1' }), // the activity happens here
        el('name', {}, narratives(a.location.name)),
        a.location.adminName !== undefined &&
          el('description', {}, el('narrative', {}, a.location.adminName)),
        el(
          'point',
          { srsName: 'http://www.opengis.net/def/crs/EPSG/0/4326' },
          el('pos', {}, `${a.location.lat} ${a.location.lon}`),
        ),
        el('exactness', { code: '1' }), // exact
        el('location-class', { code: '2' }), // populated place
      ),
    a.sectors.map((s) => el('sector', { vocabulary: '1', code: s.code, percentage: String(s.percentage) })),
    a.appeal &&
      el(
        'humanitarian-scope',
        { type: '2', vocabulary: '2-1', code: a.appeal.code }, // an appeal, by its humanitarian plan code
        el('narrative', {}, a.appeal.name),
      ),
    a.budget &&
      el(
        'budget',
        { type: '1', status: '2' }, // original, committed
        el('period-start', { 'iso-date': a.budget.start }),
        el('period-end', { 'iso-date': a.budget.end }),
        el(
          'value',
          { currency: a.budget.currency, 'value-date': a.budget.valueDate },
          majorUnits(a.budget.minor, a.budget.currency),
        ),
      ),
    a.transactions.map(transaction),
  );
}

/**
 * The reporting organisation. Amanah has no IATI registry identifier of its own; `XM-` prefixes are the
 * IATI convention for identifiers outside a registration agency's list.
 */
export const REPORTING_ORG: IatiOrg = {
  ref: 'XM-AMANAH',
  type: '40', // multilateral: a joint mechanism of several governments
  name: { en: 'Amanah joint oversight mechanism', ar: 'آلية أمانة للرقابة المشتركة' },
};

/**
 * The appeal Amanah's humanitarian activities answer, by its OCHA plan code (HumanitarianScope
 * vocabulary 2-1). Source: OCHA FTS list of humanitarian response plans (HDX), as in
 * ../shared/data/funding/ocha-fts-hrp.
 */
export const OPT_FLASH_APPEAL_2025 = {
  code: 'FPSE25',
  name: 'Escalation of Hostilities in the OPT Flash Appeal 2025',
} as const;

/** An IATI activity file: `<iati-activities version="2.03">` with one element per activity. */
export function iatiActivitiesXml(activities: Iterable<IatiActivity>, generated: string): string {
  return xmlDocument(
    el(
      'iati-activities',
      { version: '2.03', 'generated-datetime': generated },
      [...activities].map(activityElement),
    ),
  );
}
