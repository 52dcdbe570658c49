import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventLeafText, type SignedEvent } from '../domain/envelope.js';
import { encodeHex, encodeUtf8, leafHash } from '../translog/index.js';
import { keyPairFromSeed } from '../domain/keys.js';
import { keyFileText, Signer } from '../client/signer.js';
import type { SubmitResult, Transport } from '../client/transport.js';
import { isAmanahError } from '../domain/errors.js';
import { CONTRACTOR_WORDS, CROSSINGS, GOVERNORATES, MEMBER_STATES, PARTNERS } from './facts.js';
import { demoKeySeed, Random } from './random.js';
import type { DemoContext, Step } from './area.js';
import { DEMO_AREAS } from './areas/index.js';

export const DEMO_ORIGIN = 'demo.amanah.local/log';

export interface DemoOptions {
  transport: Transport;
  seed?: number;
  /** 1 is the everyday demo; N adds about 1,000 × (N − 1) events for benchmarks */
  scale?: number;
  now?: () => Date;
  /** where to write the demo actors' key files (so a newcomer can sign with them), if anywhere */
  keysDir?: string | undefined;
  onProgress?: (done: number, total: number) => void;
  /**
   * Sign the steps that ask for it (`signedHoursAgo`) in the past; the command service must then accept
   * times that far back (see DEMO_MAX_BACKDATE_MS).
   */
  backdate?: boolean;
  /**
   * Where the evidence files that demo steps cite are stored once those steps are recorded (the
   * evidence store of the server the demo fills); without it only their hashes reach the log.
   */
  storeEvidence?: (file: { sha256: string; mediaType: string; data: Uint8Array }) => Promise<unknown>;
}

/** The furthest back a demo step is signed (the expired proposal): 31 days. */
export const DEMO_MAX_BACKDATE_MS = 31 * 24 * 3_600_000;

export interface DemoSummary {
  events: number;
  duplicates: number;
  origin: string;
}

/**
 * Builds the demo data set through the same signed commands real users send — no back-door inserts —
 * so the demo's log verifies like any other. Deterministic for a seed: the same keys, ids and payloads.
 * Running it twice adds nothing the second time (every command is idempotent by its id).
 */
export async function generateDemo(opts: DemoOptions): Promise<DemoSummary> {
  const seed = opts.seed ?? 1;
  const scale = opts.scale ?? 1;
  const now = opts.now ?? (() => new Date());
  const origin = await opts.transport.origin();
  const keyFiles = new Map<string, string>();
  const total = demoSize(scale);
  const steps = demoSteps(seed, scale, origin, keyFiles);

  let done = 0;
  let duplicates = 0;
  const CHUNK = 2_000;
  const signed = new Map<string, SignedEvent<unknown>>();
  for (;;) {
    const chunk: SignedEvent<unknown>[] = [];
    const files: Array<{ at: number; file: NonNullable<Step['evidence']>[number] }> = [];
    for (
      let r = steps.next();
      !r.done;
      r = chunk.length < CHUNK - 1 ? steps.next() : { done: true, value: undefined }
    ) {
      const s = r.value;
      const payload = typeof s.payload === 'function' ? s.payload(signed) : s.payload;
      const at = now();
      const e = s.signer.sign(origin, s.type, payload, {
        id: `demo-s${seed}-e${String(done + chunk.length).padStart(9, '0')}`,
        time:
          opts.backdate && s.signedHoursAgo !== undefined
            ? new Date(at.getTime() - s.signedHoursAgo * 3_600_000)
            : at,
      });
      if (s.ref) signed.set(s.ref, e);
      for (const file of s.evidence ?? []) files.push({ at: chunk.length, file });
      chunk.push(e);
    }
    if (chunk.length === 0) break;
    // Submitted in order, without awaiting each: the command service commits them in groups, in order.
    const results = await Promise.all(chunk.map((e) => submitOnce(opts.transport, e)));
    duplicates += results.filter((r) => r.status === 'duplicate').length;
    // The evidence store takes only files a recorded verification cites: upload after the chunk, for
    // the steps this log holds as signed here (not an earlier run's different version of a step).
    for (const f of files) if (results[f.at]!.index >= 0) await opts.storeEvidence?.(f.file);
    done += chunk.length;
    opts.onProgress?.(done, total);
  }
  if (opts.keysDir) writeKeyFiles(opts.keysDir, keyFiles);
  return { events: done, duplicates, origin };
}

const CORE_STEPS = 102; // genesis, places, members, partners, keys, the revocation, decisions, the fund
const CONTRACTORS_AT_SCALE_1 = 12;

const FOUR_AND_PALESTINIAN = {
  all: [
    { atLeast: 4, ofKind: 'member-state' },
    { atLeast: 1, ofKind: 'palestinian-governance' },
  ],
};

/** The demo's approval policy: four of the seven states and the Palestinian body for money decisions. */
export const DEMO_POLICY = {
  currency: 'USD',
  proposalTtlHours: 24 * 21,
  rules: {
    'policy-change': [
      {
        rule: {
          all: [
            { atLeast: 5, ofKind: 'member-state' },
            { atLeast: 1, ofKind: 'palestinian-governance' },
          ],
        },
      },
    ],
    'member-change': [{ rule: FOUR_AND_PALESTINIAN }],
    'project-approval': [
      {
        upTo: '100000000',
        rule: {
          all: [
            { atLeast: 3, ofKind: 'member-state' },
            { atLeast: 1, ofKind: 'palestinian-governance' },
          ],
        },
      },
      { rule: FOUR_AND_PALESTINIAN },
    ],
    allocation: [{ rule: FOUR_AND_PALESTINIAN }],
    'tranche-release': [{ rule: FOUR_AND_PALESTINIAN }],
  },
};

/** How many commands the demo of a scale sends. */
export function demoSize(scale: number): number {
  return CORE_STEPS + 2 * contractorCount(scale) + DEMO_AREAS.reduce((n, a) => n + a.size(scale), 0);
}

function contractorCount(scale: number): number {
  return CONTRACTORS_AT_SCALE_1 + (scale - 1) * 500;
}

/** The proposal hash an approval cites: the leaf hash of the signed proposal. */
function citeProposal(ref: string) {
  return (m: ReadonlyMap<string, SignedEvent<unknown>>): string => {
    const e = m.get(ref);
    if (!e) throw new Error(`demo: no signed step named ${ref} to cite`);
    return encodeHex(leafHash(encodeUtf8(eventLeafText(e))));
  };
}

/**
 * The commands of the demo, in order, made as they are consumed (a large scale never holds its whole
 * plan in memory). The key files of the named actors are collected in `keyFiles`.
 */
export function* demoSteps(
  seed: number,
  scale: number,
  origin: string,
  keyFiles: Map<string, string>,
): Generator<Step> {
  const rnd = new Random(seed);
  const steps: Step[] = [];
  const signers = new Map<string, Signer>();
  const sign = (name: string, label: string): Signer => {
    const pair = keyPairFromSeed(demoKeySeed(seed, name));
    const s = new Signer(pair, label);
    if (!name.startsWith('contractor-')) signers.set(name, s);
    // The demo's keys derive from a public seed: for trying the CLI, never for real use.
    if (!name.startsWith('contractor-'))
      keyFiles.set(name, keyFileText(pair, `${label} — DEMO KEY, not for real use`));
    return s;
  };

  const secretariat = sign('secretariat-head', 'Joint Secretariat — head of secretariat');
  steps.push({
    signer: secretariat,
    type: 'log.genesis',
    payload: {
      origin,
      title: {
        en: 'Amanah — joint oversight of Gaza reconstruction and aid (demo)',
        ar: 'أمانة — الرقابة المشتركة على إعادة إعمار غزة والمساعدات (تجريبي)',
      },
      org: {
        id: 'secretariat',
        kind: 'secretariat',
        name: { en: 'Joint Oversight Secretariat', ar: 'الأمانة المشتركة للرقابة' },
      },
      key: {
        keyId: secretariat.keyId,
        publicKey: secretariat.publicKey,
        org: 'secretariat',
        holder: 'Head of secretariat',
        roles: ['secretariat'],
      },
    },
  });
  const reg = (payload: Record<string, unknown>, type = 'org.registered'): void => {
    steps.push({ signer: secretariat, type, payload });
  };
  const key = (name: string, org: string, holder: string, roles: string[]): Signer => {
    const s = sign(name, `${holder} (${org})`);
    reg({ keyId: s.keyId, publicKey: s.publicKey, org, holder, roles }, 'key.registered');
    return s;
  };

  for (const g of GOVERNORATES) {
    reg(
      {
        code: g.code,
        name: { en: g.en, ar: g.ar },
        centre: { lat: g.lat, lon: g.lon },
        areaSqKm: g.areaSqKm,
      },
      'governorate.registered',
    );
  }
  for (const c of CROSSINGS) {
    reg(
      {
        code: c.code,
        name: { en: c.en, ar: c.ar },
        kind: c.kind,
        status: c.status,
        ...('lat' in c ? { location: { lat: c.lat, lon: c.lon } } : {}),
      },
      'crossing.registered',
    );
  }

  key('secretariat-access', 'secretariat', 'Access officer', ['access-officer']);
  key('secretariat-monitor-1', 'secretariat', 'Field monitor', ['field-monitor']);
  key('secretariat-monitor-2', 'secretariat', 'Field monitor', ['field-monitor']);
  key('secretariat-protection', 'secretariat', 'Protection officer', ['protection-officer']);

  for (const m of MEMBER_STATES) {
    reg({ id: m.id, kind: 'member-state', country: m.country, name: { en: m.en, ar: m.ar } });
    key(`${m.id}-signatory`, m.id, 'Authorised signatory', ['member-signatory']);
    key(`${m.id}-alternate`, m.id, 'Alternate signatory', ['member-signatory']);
  }
  reg({
    id: 'pal-governance',
    kind: 'palestinian-governance',
    name: { en: 'Palestinian governance representatives', ar: 'ممثلو الحوكمة الفلسطينية' },
  });
  key('pal-governance-1', 'pal-governance', 'Governance representative', ['governance-signatory']);
  key('pal-governance-2', 'pal-governance', 'Governance representative', ['governance-signatory']);
  key('pal-governance-monitor', 'pal-governance', 'Field monitor', ['field-monitor']);
  reg({
    id: 'un-observer',
    kind: 'observer',
    name: { en: 'United Nations (observer)', ar: 'الأمم المتحدة (مراقب)' },
  });
  key('un-observer', 'un-observer', 'Liaison officer', ['observer']);

  for (const p of PARTNERS) {
    reg({ id: p.id, kind: 'implementing-partner', partnerType: p.type, name: { en: p.en, ar: p.ar } });
    key(`${p.id}-officer`, p.id, 'Project officer', ['partner']);
  }

  // One key replaced: the old one revoked with its reason, a new one registered. History it signed stays valid.
  const lost = signers.get('jordan-alternate')!;
  steps.push({
    signer: secretariat,
    type: 'key.revoked',
    payload: { keyId: lost.keyId, reason: "Device replaced; key retired at the holder's request" },
  });
  key('jordan-alternate-2', 'jordan', 'Alternate signatory', ['member-signatory']);

  // The approval policy, then decisions in each state: made, waiting for signatures, and objected to.
  steps.push({ signer: secretariat, type: 'policy.adopted', payload: { policy: DEMO_POLICY } });
  const member = (id: string): Signer => signers.get(`${id}-signatory`)!;
  const palestinian = signers.get('pal-governance-1')!;
  const decision = (
    id: string,
    title: { en: string; ar: string },
    usd: number,
    approvals: Signer[],
    objection?: { by: Signer; reason: string },
  ): void => {
    steps.push({
      signer: member('qatar'),
      type: 'proposal.submitted',
      ref: id,
      payload: {
        proposalId: id,
        decisionType: 'allocation',
        title,
        amount: { value: String(usd * 100), currency: 'USD' },
      },
    });
    const cite = citeProposal(id);
    for (const a of approvals) {
      steps.push({
        signer: a,
        type: 'proposal.approved',
        payload: (m) => ({ proposalId: id, proposalHash: cite(m) }),
      });
    }
    if (objection) {
      steps.push({
        signer: objection.by,
        type: 'proposal.objected',
        payload: (m) => ({ proposalId: id, proposalHash: cite(m), reason: objection.reason }),
      });
    }
  };
  decision(
    'alloc-housing-khan-younis-1',
    { en: 'Housing repairs, Khan Younis: first allocation', ar: 'ترميم المساكن في خان يونس: التخصيص الأول' },
    25_000_000,
    [member('qatar'), member('turkiye'), member('egypt'), member('saudi-arabia'), palestinian],
  );
  decision(
    'alloc-water-north-gaza-1',
    { en: 'Water network, North Gaza', ar: 'شبكة المياه في شمال غزة' },
    12_000_000,
    [member('jordan'), member('indonesia'), member('pakistan')],
  );
  decision(
    'alloc-clinic-rafah-1',
    { en: 'Primary health clinics, Rafah', ar: 'عيادات الرعاية الأولية في رفح' },
    8_500_000,
    [member('egypt'), member('qatar'), member('turkiye'), member('pakistan')],
    {
      by: palestinian,
      reason: 'The site list predates the latest damage assessment; we ask for it to be updated first.',
    },
  );

  // The fund: pledges from the seven states in their currencies (some partly paid), one conversion into
  // dollars, the allocation that carries out the Khan Younis housing decision, two disbursements and a
  // first expenditure report. Amounts are minor units (JOD has 3 decimals).
  const pledge = (by: Signer, id: string, donor: string, value: string, currency: string, date: string) =>
    steps.push({
      signer: by,
      type: 'pledge.recorded',
      payload: { pledgeId: id, donor, amount: { value, currency }, date },
    });
  const receipt = (id: string, pledgeId: string, value: string, currency: string, date: string) =>
    steps.push({
      signer: secretariat,
      type: 'receipt.recorded',
      payload: { receiptId: id, pledgeId, amount: { value, currency }, date, reference: `TRF-${id}` },
    });
  pledge(member('qatar'), 'pledge-qatar-1', 'qatar', '3000000000', 'USD', '2025-11-10');
  pledge(secretariat, 'pledge-saudi-arabia-1', 'saudi-arabia', '2000000000', 'USD', '2025-11-10');
  pledge(secretariat, 'pledge-turkiye-1', 'turkiye', '25000000000', 'TRY', '2025-11-12');
  pledge(secretariat, 'pledge-egypt-1', 'egypt', '50000000000', 'EGP', '2025-11-12');
  pledge(secretariat, 'pledge-jordan-1', 'jordan', '2000000000', 'JOD', '2025-11-13');
  pledge(secretariat, 'pledge-pakistan-1', 'pakistan', '100000000000', 'PKR', '2025-11-14');
  pledge(secretariat, 'pledge-indonesia-1', 'indonesia', '15000000000000', 'IDR', '2025-11-14');
  receipt('qatar-1a', 'pledge-qatar-1', '2000000000', 'USD', '2025-11-20');
  receipt('saudi-arabia-1a', 'pledge-saudi-arabia-1', '1000000000', 'USD', '2025-11-21');
  receipt('turkiye-1a', 'pledge-turkiye-1', '10000000000', 'TRY', '2025-11-24');
  receipt('jordan-1a', 'pledge-jordan-1', '1000000000', 'JOD', '2025-11-24');
  steps.push({
    signer: secretariat,
    type: 'conversion.recorded',
    payload: {
      conversionId: 'fx-jod-usd-1',
      from: { value: '1000000000', currency: 'JOD' }, // 1,000,000.000 JOD
      to: { value: '141040000', currency: 'USD' }, // × 1.4104 = 1,410,400.00 USD
      rate: '1.4104',
      date: '2025-11-25',
      source: 'Central Bank of Jordan fixing, 25 November 2025 (demo)',
    },
  });
  steps.push({
    signer: secretariat,
    type: 'allocation.committed',
    payload: {
      allocationId: 'alloc-housing-khan-younis-1',
      proposalId: 'alloc-housing-khan-younis-1',
      amount: { value: String(25_000_000 * 100), currency: 'USD' },
      governorate: 'PS0270',
      sector: 'housing',
      date: '2025-11-26',
    },
  });
  const disburse = (id: string, partner: string, value: string) =>
    steps.push({
      signer: secretariat,
      type: 'disbursement.made',
      payload: {
        disbursementId: id,
        allocationId: 'alloc-housing-khan-younis-1',
        partner,
        amount: { value, currency: 'USD' },
        date: '2025-11-28',
      },
    });
  disburse('disb-housing-ky-mopwh-1', 'mopwh', '1000000000');
  disburse('disb-housing-ky-municipality-1', 'khan-younis-municipality', '500000000');
  steps.push({
    signer: signers.get('mopwh-officer')!,
    type: 'expenditure.reported',
    payload: {
      expenditureId: 'exp-housing-ky-mopwh-1',
      disbursementId: 'disb-housing-ky-mopwh-1',
      amount: { value: '325000000', currency: 'USD' },
      date: '2025-12-05',
      description: 'Structural repairs to the first 140 housing units in Khan Younis: materials and labour',
    },
  });

  if (steps.length !== CORE_STEPS) throw new Error(`demo core has ${steps.length} steps; update CORE_STEPS`);
  yield* steps.splice(0);

  // Generated contractors, and at larger scales many more, for benchmarks.
  const contractors = contractorCount(scale);
  for (let i = 0; i < contractors; i++) {
    const w = rnd.int(0, CONTRACTOR_WORDS.en.length - 1);
    const k = rnd.pick(CONTRACTOR_WORDS.kinds);
    const id = `contractor-${String(i + 1).padStart(4, '0')}`;
    reg({
      id,
      kind: 'implementing-partner',
      partnerType: 'contractor',
      name: {
        en: `${CONTRACTOR_WORDS.en[w]} ${k.en} ${i + 1}`,
        ar: `شركة ${CONTRACTOR_WORDS.ar[w]} ${k.ar} ${i + 1}`,
      },
    });
    key(`${id}-officer`, id, 'Site manager', ['partner']);
    yield* steps.splice(0);
  }

  const ctxBase = {
    seed,
    scale,
    origin,
    contractors,
    cite: citeProposal,
    signer(name: string): Signer {
      const known = signers.get(name);
      if (known) return known;
      const m = /^contractor-(\d{4})-officer$/.exec(name);
      if (m && Number(m[1]) >= 1 && Number(m[1]) <= contractors)
        return new Signer(keyPairFromSeed(demoKeySeed(seed, name)), name);
      throw new Error(`demo: no signer named ${name}`);
    },
  };
  for (const area of DEMO_AREAS) {
    const ctx: DemoContext = { ...ctxBase, rnd: new Random(`${seed}:${area.name}`) };
    let n = 0;
    for (const step of area.steps(ctx)) {
      n++;
      yield step;
    }
    if (n !== area.size(scale))
      throw new Error(`demo area ${area.name} yielded ${n} steps but its size() says ${area.size(scale)}`);
  }
}

/**
 * Submits a demo event; if an earlier run already recorded the same step (same deterministic id, signed
 * at another time), that counts as already present rather than as an error.
 */
async function submitOnce(transport: Transport, e: SignedEvent<unknown>): Promise<SubmitResult> {
  try {
    return await transport.submit(e);
  } catch (err) {
    if (isAmanahError(err, 'IDEMPOTENCY_CONFLICT'))
      return { index: -1, id: e.id, type: e.type, status: 'duplicate' };
    throw err;
  }
}

function writeKeyFiles(dir: string, keyFiles: Map<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of keyFiles) writeFileSync(join(dir, `${name}.json`), text, { mode: 0o600 });
}
