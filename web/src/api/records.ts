// Shapes of the API answers the record pages read (src/http/routes/*.ts), checked as far as the pages
// rely on them: an answer that does not match is shown as an error, never as a wrong number.
import type { LocalisedName } from './places';
import { asArray, asInteger, asObject, asString, type JsonObject } from './read-json';

const minor = (value: unknown, what: string): string => {
  const text = asString(value, what);
  if (!/^-?\d+$/.test(text)) throw new TypeError(`${what}: integer minor units expected`);
  return text;
};
const optionalString = (value: unknown, what: string): string | null =>
  value === null || value === undefined ? null : asString(value, what);
const name = (value: unknown, what: string): LocalisedName => {
  const out: Record<string, string> = {};
  for (const [language, text] of Object.entries(asObject(value, what))) {
    if (typeof text === 'string') out[language] = text;
  }
  return out;
};
function list<T>(json: unknown, what: string, item: (raw: JsonObject, what: string) => T): T[] {
  return asArray(json, what).map((raw, i) => item(asObject(raw, `${what}[${i}]`), `${what}[${i}]`));
}

export interface ListPage<T> {
  readonly items: readonly T[];
  readonly total: number;
}
function page<T>(json: unknown, what: string, item: (raw: JsonObject, what: string) => T): ListPage<T> {
  const object = asObject(json, what);
  return {
    items: list(object.items, `${what}.items`, item),
    total: asInteger(object.total, `${what}.total`),
  };
}

// --- fund --------------------------------------------------------------------------------------

export interface CurrencyPosition {
  readonly currency: string;
  readonly minorUnits: number;
  readonly pledged: string;
  readonly received: string;
  readonly outstanding: string;
  readonly committed: string;
  readonly disbursed: string;
  readonly spent: string;
  readonly uncommittedCash: string;
}
export interface DonorPosition {
  readonly donor: string;
  readonly currency: string;
  readonly pledges: number;
  readonly pledged: string;
  readonly received: string;
  readonly cancelled: string;
  readonly outstanding: string;
}
export interface FundPosition {
  readonly currencies: readonly CurrencyPosition[];
  readonly byDonor: readonly DonorPosition[];
}

const donorPosition = (raw: JsonObject, what: string): DonorPosition => ({
  donor: asString(raw.donor, `${what}.donor`),
  currency: asString(raw.currency, `${what}.currency`),
  pledges: asInteger(raw.pledges, `${what}.pledges`),
  pledged: minor(raw.pledged, `${what}.pledged`),
  received: minor(raw.received, `${what}.received`),
  cancelled: minor(raw.cancelled, `${what}.cancelled`),
  outstanding: minor(raw.outstanding, `${what}.outstanding`),
});

/** `GET /api/v1/fund/position`. */
export function parseFundPosition(json: unknown): FundPosition {
  const object = asObject(json, 'position');
  return {
    currencies: list(object.currencies, 'currencies', (raw, what) => ({
      currency: asString(raw.currency, `${what}.currency`),
      minorUnits: asInteger(raw.minorUnits, `${what}.minorUnits`),
      pledged: minor(raw.pledged, `${what}.pledged`),
      received: minor(raw.received, `${what}.received`),
      outstanding: minor(raw.outstanding, `${what}.outstanding`),
      committed: minor(raw.committed, `${what}.committed`),
      disbursed: minor(raw.disbursed, `${what}.disbursed`),
      spent: minor(raw.spent, `${what}.spent`),
      uncommittedCash: minor(raw.uncommittedCash, `${what}.uncommittedCash`),
    })),
    byDonor: list(object.byDonor, 'byDonor', donorPosition),
  };
}

export interface JournalLine {
  readonly logIndex: number;
  readonly eventType: string;
  readonly date: string;
  readonly account: string;
  readonly currency: string;
  readonly debit: string;
  readonly credit: string;
}

/** `GET /api/v1/fund/journal`. */
export function parseJournal(json: unknown): ListPage<JournalLine> {
  return page(json, 'journal', (raw, what) => ({
    logIndex: asInteger(raw.logIndex, `${what}.logIndex`),
    eventType: asString(raw.eventType, `${what}.eventType`),
    date: asString(raw.date, `${what}.date`),
    account: asString(raw.account, `${what}.account`),
    currency: asString(raw.currency, `${what}.currency`),
    debit: minor(raw.debit, `${what}.debit`),
    credit: minor(raw.credit, `${what}.credit`),
  }));
}

export interface Receipt {
  readonly id: string;
  readonly amount: string;
  readonly date: string;
  readonly reference: string;
  readonly logIndex: number;
}
export interface Pledge {
  readonly id: string;
  readonly amount: { readonly value: string; readonly currency: string };
  readonly received: string;
  readonly cancelled: string;
  readonly outstanding: string;
  readonly status: string;
  readonly date: string;
  readonly conditions: string | null;
  readonly cancelReason: string | null;
  readonly logIndex: number;
  readonly receipts: readonly Receipt[];
}
export interface DonorTracker {
  readonly org: string;
  readonly name: LocalisedName;
  readonly totals: readonly DonorPosition[];
  readonly pledges: readonly Pledge[];
}

/** `GET /api/v1/fund/donors/:org`. */
export function parseDonorTracker(json: unknown): DonorTracker {
  const object = asObject(json, 'donor');
  return {
    org: asString(object.org, 'org'),
    name: name(object.name, 'name'),
    totals: list(object.totals, 'totals', donorPosition),
    pledges: list(object.pledges, 'pledges', (raw, what) => {
      const amount = asObject(raw.amount, `${what}.amount`);
      return {
        id: asString(raw.id, `${what}.id`),
        amount: {
          value: minor(amount.value, `${what}.amount.value`),
          currency: asString(amount.currency, `${what}.amount.currency`),
        },
        received: minor(raw.received, `${what}.received`),
        cancelled: minor(raw.cancelled, `${what}.cancelled`),
        outstanding: minor(raw.outstanding, `${what}.outstanding`),
        status: asString(raw.status, `${what}.status`),
        date: asString(raw.date, `${what}.date`),
        conditions: optionalString(raw.conditions, `${what}.conditions`),
        cancelReason: optionalString(raw.cancelReason, `${what}.cancelReason`),
        logIndex: asInteger(raw.logIndex, `${what}.logIndex`),
        receipts: list(raw.receipts, `${what}.receipts`, (r, w) => ({
          id: asString(r.id, `${w}.id`),
          amount: minor(r.amount, `${w}.amount`),
          date: asString(r.date, `${w}.date`),
          reference: asString(r.reference, `${w}.reference`),
          logIndex: asInteger(r.logIndex, `${w}.logIndex`),
        })),
      };
    }),
  };
}

// --- organisations and keys --------------------------------------------------------------------

export interface Org {
  readonly id: string;
  readonly kind: string;
  readonly name: LocalisedName;
  readonly country: string | null;
  readonly logIndex: number;
}
export interface OrgKey {
  readonly keyId: string;
  readonly publicKey: string;
  readonly holder: string;
  readonly roles: readonly string[];
  readonly status: string;
  readonly logIndex: number;
  readonly revokedIndex: number | null;
  readonly revokedReason: string | null;
}
export interface OrgDetail extends Org {
  readonly keys: readonly OrgKey[];
}

const org = (raw: JsonObject, what: string): Org => ({
  id: asString(raw.id, `${what}.id`),
  kind: asString(raw.kind, `${what}.kind`),
  name: name(raw.name, `${what}.name`),
  country: optionalString(raw.country, `${what}.country`),
  logIndex: asInteger(raw.logIndex, `${what}.logIndex`),
});

/** `GET /api/v1/orgs`. */
export function parseOrgs(json: unknown): ListPage<Org> {
  return page(json, 'orgs', org);
}

/** `GET /api/v1/orgs/:id`. */
export function parseOrgDetail(json: unknown): OrgDetail {
  const object = asObject(json, 'org');
  return {
    ...org(object, 'org'),
    keys: list(object.keys, 'keys', (raw, what) => ({
      keyId: asString(raw.keyId, `${what}.keyId`),
      publicKey: asString(raw.publicKey, `${what}.publicKey`),
      holder: asString(raw.holder, `${what}.holder`),
      roles: asArray(raw.roles, `${what}.roles`).map((role, i) => asString(role, `${what}.roles[${i}]`)),
      status: asString(raw.status, `${what}.status`),
      logIndex: asInteger(raw.logIndex, `${what}.logIndex`),
      revokedIndex: raw.revokedIndex === null ? null : asInteger(raw.revokedIndex, `${what}.revokedIndex`),
      revokedReason: optionalString(raw.revokedReason, `${what}.revokedReason`),
    })),
  };
}

// --- decisions ---------------------------------------------------------------------------------

export interface Proposal {
  readonly id: string;
  readonly decisionType: string;
  readonly title: LocalisedName;
  readonly amount: { readonly value: string; readonly currency: string } | null;
  readonly justification: string | null;
  readonly proposer: { readonly key: string; readonly org: string };
  readonly submittedAt: string;
  readonly expiresAt: string;
  readonly status: string;
  readonly executedIndex: number | null;
  readonly logIndex: number;
}
export interface Signature {
  readonly key: string;
  readonly org: string;
  readonly kind: string;
  readonly text: string | null;
  readonly signedAt: string;
  readonly logIndex: number;
}
export interface ProposalDetail extends Proposal {
  readonly rule: { readonly text: string; readonly met: boolean };
  readonly signatures: readonly Signature[];
  readonly signatories: readonly {
    readonly org: string;
    readonly kind: string;
    readonly name: LocalisedName;
    readonly status: string;
  }[];
}

const proposal = (raw: JsonObject, what: string): Proposal => {
  const proposer = asObject(raw.proposer, `${what}.proposer`);
  const amount = raw.amount === null ? null : asObject(raw.amount, `${what}.amount`);
  return {
    id: asString(raw.id, `${what}.id`),
    decisionType: asString(raw.decisionType, `${what}.decisionType`),
    title: name(raw.title, `${what}.title`),
    amount:
      amount === null
        ? null
        : {
            value: minor(amount.value, `${what}.amount.value`),
            currency: asString(amount.currency, `${what}.amount.currency`),
          },
    justification: optionalString(raw.justification, `${what}.justification`),
    proposer: {
      key: asString(proposer.key, `${what}.proposer.key`),
      org: asString(proposer.org, `${what}.proposer.org`),
    },
    submittedAt: asString(raw.submittedAt, `${what}.submittedAt`),
    expiresAt: asString(raw.expiresAt, `${what}.expiresAt`),
    status: asString(raw.status, `${what}.status`),
    executedIndex: raw.executedIndex === null ? null : asInteger(raw.executedIndex, `${what}.executedIndex`),
    logIndex: asInteger(raw.logIndex, `${what}.logIndex`),
  };
};

/** `GET /api/v1/proposals`. */
export function parseProposals(json: unknown): ListPage<Proposal> {
  return page(json, 'proposals', proposal);
}

/** `GET /api/v1/proposals/:id`. */
export function parseProposalDetail(json: unknown): ProposalDetail {
  const object = asObject(json, 'proposal');
  const rule = asObject(object.rule, 'rule');
  return {
    ...proposal(object, 'proposal'),
    rule: { text: asString(rule.text, 'rule.text'), met: rule.met === true },
    signatures: list(object.signatures, 'signatures', (raw, what) => ({
      key: asString(raw.key, `${what}.key`),
      org: asString(raw.org, `${what}.org`),
      kind: asString(raw.kind, `${what}.kind`),
      text: optionalString(raw.text, `${what}.text`),
      signedAt: asString(raw.signedAt, `${what}.signedAt`),
      logIndex: asInteger(raw.logIndex, `${what}.logIndex`),
    })),
    signatories: list(object.signatories, 'signatories', (raw, what) => ({
      org: asString(raw.org, `${what}.org`),
      kind: asString(raw.kind, `${what}.kind`),
      name: name(raw.name, `${what}.name`),
      status: asString(raw.status, `${what}.status`),
    })),
  };
}

// --- the log -----------------------------------------------------------------------------------

export interface LogEntry {
  readonly index: number;
  readonly id: string;
  readonly type: string;
  readonly actor: string;
  readonly time: string;
  readonly event: JsonObject;
}

const entry = (raw: JsonObject, what: string): LogEntry => ({
  index: asInteger(raw.index, `${what}.index`),
  id: asString(raw.id, `${what}.id`),
  type: asString(raw.type, `${what}.type`),
  actor: asString(raw.actor, `${what}.actor`),
  time: asString(raw.time, `${what}.time`),
  event: asObject(raw.event, `${what}.event`),
});

/** `GET /api/v1/events`. */
export function parseEntries(json: unknown): { items: readonly LogEntry[]; next: number | null } {
  const object = asObject(json, 'events');
  return {
    items: list(object.items, 'items', entry),
    next: object.next === null ? null : asInteger(object.next, 'next'),
  };
}

/** `GET /api/v1/events/:index`. */
export function parseEntry(json: unknown): LogEntry {
  return entry(asObject(json, 'entry'), 'entry');
}

export interface LogDescription {
  readonly origin: string;
  readonly size: number;
  readonly logKey: string;
  readonly witnesses: readonly { readonly name: string; readonly key: string; readonly url: string }[];
  readonly quorum: number;
  readonly checkpoint: {
    readonly size: number;
    readonly rootHash: string;
    readonly cosignatures: number;
  } | null;
}

/** `GET /api/v1/log`. */
export function parseLogDescription(json: unknown): LogDescription {
  const object = asObject(json, 'log');
  const checkpoint = object.checkpoint === null ? null : asObject(object.checkpoint, 'checkpoint');
  return {
    origin: asString(object.origin, 'origin'),
    size: asInteger(object.size, 'size'),
    logKey: asString(object.logKey, 'logKey'),
    witnesses: list(object.witnesses, 'witnesses', (raw, what) => ({
      name: asString(raw.name, `${what}.name`),
      key: asString(raw.key, `${what}.key`),
      url: typeof raw.url === 'string' ? raw.url : '',
    })),
    quorum: asInteger(object.quorum, 'quorum'),
    checkpoint:
      checkpoint === null
        ? null
        : {
            size: asInteger(checkpoint.size, 'checkpoint.size'),
            rootHash: asString(checkpoint.rootHash, 'checkpoint.rootHash'),
            cosignatures: asInteger(checkpoint.cosignatures, 'checkpoint.cosignatures'),
          },
  };
}
