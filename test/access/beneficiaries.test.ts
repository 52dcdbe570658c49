import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Signer } from '../../src/client/signer.js';
import { beneficiaryCommitment, householdKey } from '../../src/domain/access/beneficiaries.js';
import {
  privateStoreScope,
  sealBeneficiary,
  type BeneficiaryRecord,
} from '../../src/domain/access/private-requests.js';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import { replay } from '../../src/services/replay.js';
import {
  defaultPrivateTarget,
  openPrivateStore,
  privateCounts,
  type PrivateStore,
} from '../../src/store/access-private-store.js';
import type { Store } from '../../src/store/database.js';
import { openScratchStore } from '../../src/store/scratch-store.js';
import { ORIGIN, testSigner } from '../support/actors.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { seedAccess, type AccessLog } from './support.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const DAY = '2026-11-24';
const SHARED = Buffer.alloc(32, 9);

const PEOPLE: BeneficiaryRecord[] = [
  { householdId: 'HH-0001', name: 'Mariam Abu Odeh', members: 6, phone: '+970 599 000 111' },
  { householdId: 'HH-0002', name: 'Khalil Nasser', members: 4, address: 'Al-Mawasi, tent block 7' },
];
/** Strings that are personal: none may appear on the log or in a public answer. */
const PERSONAL = ['Mariam', 'Abu Odeh', 'Khalil', 'Nasser', 'HH-0001', 'HH-0002', '599 000 111', 'Al-Mawasi'];

describe.each(STORE_KINDS)('the private store of beneficiary records on %s', (kind) => {
  let store: Store;
  let privateStore: PrivateStore;
  let target: string;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let log: AccessLog;
  let relief: Signer;
  const clock = fixedClock(NOW);

  /** POSTs a signed private-store request; returns status, code and body. */
  const ask = async (
    route: string,
    signer: Signer | undefined,
    payload: Record<string, unknown>,
    opts: { scope?: string; type?: string; sign?: boolean; id?: string } = {},
  ) => {
    const type = opts.type ?? `beneficiaries.${route}`;
    const body =
      signer === undefined
        ? {
            v: 1,
            type,
            sv: 1,
            id: 'unsigned-request-0001',
            time: NOW.toISOString(),
            actor: 'a'.repeat(32),
            payload,
          }
        : signer.sign(opts.scope ?? privateStoreScope(ORIGIN), type, payload, {
            time: clock.now(),
            ...(opts.id ? { id: opts.id } : {}),
          });
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/access/beneficiaries/${route}`,
      payload: body,
    });
    const json = res.json() as Record<string, unknown>;
    return { status: res.statusCode, code: json.code as string | undefined, body: json, request: body };
  };

  const report = (
    signer: Signer,
    reportId: string,
    pointId: string,
    sealed: ReturnType<typeof sealBeneficiary>[],
  ) =>
    log.send(signer, 'distribution.reported', {
      reportId,
      pointId,
      date: DAY,
      served: { parcels: String(sealed.length) },
      households: sealed.length,
      beneficiaries: {
        commitments: sealed.map((s) => s.commitment),
        householdKeys: sealed.map((s) => s.householdKey),
      },
    });

  const publicText = async () =>
    [
      await app.inject('/api/v1/events?from=0&limit=1000'),
      await app.inject('/api/v1/access/distribution-points'),
      await app.inject('/api/v1/access/distribution-points/dp-a/reports'),
      await app.inject('/api/v1/access/distribution-points/dp-b/reports'),
    ]
      .map((r) => r.body)
      .join('\n');

  beforeEach(async () => {
    ({ store, target, dispose } = await freshStore(kind));
    privateStore = await openPrivateStore(defaultPrivateTarget(target));
    app = await buildApp({
      store,
      privateStore,
      clock,
      origin: ORIGIN,
      web: false,
      log: { key: testLogKey(ORIGIN) },
    });
    log = await seedAccess(app.amanah.commands, store, clock);
    relief = testSigner('relief-partner');
    await log.send(log.head, 'org.registered', {
      id: 'relief-ngo',
      kind: 'implementing-partner',
      partnerType: 'ngo',
      name: { en: 'Relief NGO', ar: 'منظمة إغاثة' },
    });
    await log.send(log.head, 'key.registered', {
      keyId: relief.keyId,
      publicKey: relief.publicKey,
      org: 'relief-ngo',
      holder: 'Relief coordinator',
      roles: ['partner'],
    });
    for (const [signer, pointId, operator] of [
      [log.partner, 'dp-a', 'kitchens-ngo'],
      [relief, 'dp-b', 'relief-ngo'],
    ] as const)
      await log.send(signer, 'distribution-point.registered', {
        pointId,
        kind: 'food-parcels',
        name: { en: `Point ${pointId}`, ar: `نقطة ${pointId}` },
        governorate: 'PS0270',
        operator,
      });
  });
  afterEach(async () => {
    await app.close(); // closes both stores
    if (kind === 'sqlite') {
      const file = defaultPrivateTarget(target);
      for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
    }
    await dispose();
  });

  it('keeps records off the log, opens a commitment for its agency, and erases it leaving the log verifiable', async () => {
    const sealed = PEOPLE.map((p) => sealBeneficiary(p, randomBytes(32), SHARED));
    await report(log.partner, 'r-a1', 'dp-a', sealed);
    const stored = await ask('store', log.partner, { reportId: 'r-a1', records: sealed });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ reportId: 'r-a1', stored: 2 });
    expect(await privateCounts(privateStore)).toEqual({ records: 2, erasures: 0 });

    // nothing personal on the log, in the public API, or in the log's database
    const text = await publicText();
    expect(text).toContain(sealed[0]!.commitment);
    for (const s of PERSONAL) expect(text).not.toContain(s);
    if (kind === 'sqlite') {
      const bytes = readFileSync(target).toString('latin1');
      const wal = existsSync(`${target}-wal`) ? readFileSync(`${target}-wal`).toString('latin1') : '';
      for (const s of PERSONAL) expect(bytes + wal).not.toContain(s);
    } else {
      // every table of the log's schema, as text: no personal data; the records live in amanah_private
      const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(store.db);
      expect(tables.rows.map((t) => t.table_name)).not.toContain('beneficiary_records');
      let dump = '';
      for (const t of tables.rows)
        dump +=
          (
            await sql<{
              t: string | null;
            }>`select string_agg(x::text, ' ') as t from ${sql.table(t.table_name)} x`.execute(store.db)
          ).rows[0]!.t ?? '';
      expect(dump).toContain(sealed[0]!.commitment);
      for (const s of PERSONAL) expect(dump).not.toContain(s);
      const priv = await sql<{
        n: bigint;
      }>`select count(*) as n from amanah_private.beneficiary_records`.execute(store.db);
      expect(Number(priv.rows[0]!.n)).toBe(2);
    }

    // the holding agency opens the commitment; the record and salt recompute to what the log carries
    const opened = await ask('open', log.partner, { commitment: sealed[0]!.commitment });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ record: PEOPLE[0], opens: true, onLog: true, reportId: 'r-a1' });
    const events = await app.inject('/api/v1/events?from=0&limit=1000&type=distribution.reported');
    expect(events.statusCode).toBe(200);
    const onLog = events.body;
    expect(
      onLog.includes(
        beneficiaryCommitment(
          opened.body.record as BeneficiaryRecord,
          Buffer.from(opened.body.salt as string, 'hex'),
        ),
      ),
    ).toBe(true);

    // erasure: the record and its salt go; the commitment stays on the log, unopenable
    const before = (await app.inject('/api/v1/log')).body;
    const erased = await ask('erase', log.partner, {
      commitment: sealed[0]!.commitment,
      reason: 'erasure requested by the person',
    });
    expect(erased.status).toBe(200);
    expect(await privateCounts(privateStore)).toEqual({ records: 1, erasures: 1 });
    const again = await ask('open', log.partner, { commitment: sealed[0]!.commitment });
    expect([again.status, again.code]).toEqual([410, 'BENEFICIARY_ERASED']);
    expect((await app.inject('/api/v1/log')).body).toBe(before);
    expect(await publicText()).toContain(sealed[0]!.commitment);
    const scratch = await openScratchStore(store);
    try {
      expect((await replay(store, scratch.store)).identical).toBe(true);
    } finally {
      await scratch.dispose();
    }
    if (kind === 'sqlite') {
      // secure_delete and the truncated write-ahead log: the erased name is gone from the file itself
      const file = defaultPrivateTarget(target);
      const bytes = readFileSync(file).toString('latin1');
      const wal = existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).toString('latin1') : '';
      expect(bytes + wal).not.toContain('Mariam Abu Odeh');
      expect(bytes + wal).toContain('Khalil Nasser');
    }
    // the other record still opens
    expect((await ask('open', log.partner, { commitment: sealed[1]!.commitment })).body).toMatchObject({
      opens: true,
    });
  });

  it('finds a household served by two agencies by its keyed hash', async () => {
    const a = sealBeneficiary(PEOPLE[0]!, randomBytes(32), SHARED);
    // the other agency writes the same household id differently, and the person's name differently
    const b = sealBeneficiary({ householdId: 'hh 0001', name: 'Mariam Abu-Odeh' }, randomBytes(32), SHARED);
    const other = sealBeneficiary({ householdId: 'HH-0777', name: 'Someone else' }, randomBytes(32), SHARED);
    expect(a.householdKey).toBe(b.householdKey);
    expect(a.commitment).not.toBe(b.commitment);
    await report(log.partner, 'r-a1', 'dp-a', [a]);
    await report(relief, 'r-b1', 'dp-b', [b, other]);
    expect((await ask('store', log.partner, { reportId: 'r-a1', records: [a] })).status).toBe(200);
    expect((await ask('store', relief, { reportId: 'r-b1', records: [b, other] })).status).toBe(200);

    const found = await ask('find-household', relief, { householdKey: householdKey(SHARED, 'HH 0001') });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ agencies: ['kitchens-ngo', 'relief-ngo'], duplicate: true });
    expect(found.body.records).toEqual([
      expect.objectContaining({ orgId: 'kitchens-ngo', pointId: 'dp-a', reportId: 'r-a1' }),
      expect.objectContaining({ orgId: 'relief-ngo', pointId: 'dp-b', reportId: 'r-b1' }),
    ]);
    // where and by whom, never the other agency's record
    expect(JSON.stringify(found.body)).not.toContain('Mariam');
    const single = await ask('find-household', log.partner, {
      householdKey: householdKey(SHARED, 'HH-0777'),
    });
    expect(single.body).toMatchObject({ agencies: ['relief-ngo'], duplicate: false });
    // one agency cannot open another's record
    const foreign = await ask('open', log.partner, { commitment: b.commitment });
    expect([foreign.status, foreign.code]).toEqual([403, 'ROLE_REQUIRED']);
  });

  it('refuses unsigned, wrongly signed, unauthorised and replayed requests', async () => {
    const sealed = [sealBeneficiary(PEOPLE[0]!, randomBytes(32), SHARED)];
    await report(log.partner, 'r-a1', 'dp-a', sealed);
    const c = { commitment: sealed[0]!.commitment };
    expect((await ask('store', log.partner, { reportId: 'r-a1', records: sealed })).status).toBe(200);

    const unsigned = await ask('open', undefined, c);
    expect([unsigned.status, unsigned.code]).toEqual([401, 'SIGNATURE_MISSING']);
    // signed for the log rather than the private store: not valid here
    const forLog = await ask('open', log.partner, c, { scope: ORIGIN });
    expect([forLog.status, forLog.code]).toEqual([401, 'SIGNATURE_INVALID']);
    const stranger = await ask('open', testSigner('not-registered'), c);
    expect([stranger.status, stranger.code]).toEqual([401, 'KEY_UNKNOWN']);
    // the access officer holds an agency role, but its organisation (secretariat) does not hold the record
    const otherOrg = await ask('open', log.officer, c);
    expect([otherOrg.status, otherOrg.code]).toEqual([403, 'ROLE_REQUIRED']);
    const wrongRoute = await ask('open', log.partner, c, { type: 'beneficiaries.erase' });
    expect([wrongRoute.status, wrongRoute.code]).toEqual([400, 'VALIDATION_FAILED']);
    const late = log.partner.sign(privateStoreScope(ORIGIN), 'beneficiaries.open', c, {
      time: new Date(NOW.getTime() - 10 * 60_000),
    });
    const stale = await app.inject({
      method: 'POST',
      url: '/api/v1/access/beneficiaries/open',
      payload: late,
    });
    expect([stale.statusCode, stale.json().code]).toEqual([400, 'EVENT_TIME_SKEW']);

    const first = await ask('open', log.partner, c, { id: 'open-request-000001' });
    expect(first.status).toBe(200);
    const replayed = await app.inject({
      method: 'POST',
      url: '/api/v1/access/beneficiaries/open',
      payload: first.request,
    });
    expect([replayed.statusCode, replayed.json().code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    // a refused erasure changes nothing
    const refused = await ask('erase', log.officer, { ...c, reason: 'test' });
    expect(refused.code).toBe('ROLE_REQUIRED');
    expect(await privateCounts(privateStore)).toEqual({ records: 1, erasures: 0 });
  });

  it('refuses bad records with a precise reason and stores none of them', async () => {
    const sealed = PEOPLE.map((p) => sealBeneficiary(p, randomBytes(32), SHARED));
    await report(log.partner, 'r-a1', 'dp-a', sealed);
    const tampered = [sealed[0]!, { ...sealed[1]!, record: { ...sealed[1]!.record, members: 5 } }];
    const mismatch = await ask('store', log.partner, { reportId: 'r-a1', records: tampered });
    expect([mismatch.status, mismatch.code]).toEqual([422, 'COMMITMENT_MISMATCH']);
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ path: 'payload.records.1.commitment' })]);

    const stray = sealBeneficiary({ householdId: 'HH-9', name: 'Not reported' }, randomBytes(32), SHARED);
    const notOnLog = await ask('store', log.partner, { reportId: 'r-a1', records: [sealed[0]!, stray] });
    expect([notOnLog.status, notOnLog.code]).toEqual([422, 'COMMITMENT_MISMATCH']);
    expect(notOnLog.body.detail).toMatch(/does not carry commitment/);

    const noReport = await ask('store', log.partner, { reportId: 'r-none', records: [sealed[0]!] });
    expect([noReport.status, noReport.code]).toEqual([404, 'NOT_FOUND']);

    const badSalt = await ask('store', log.partner, {
      reportId: 'r-a1',
      records: [{ ...sealed[0]!, salt: 'xyz' }],
    });
    expect([badSalt.status, badSalt.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(badSalt.body.errors).toEqual([expect.objectContaining({ path: 'payload.records.0.salt' })]);

    const notTheirs = await ask('store', relief, { reportId: 'r-a1', records: [sealed[0]!] });
    expect([notTheirs.status, notTheirs.code]).toEqual([403, 'ROLE_REQUIRED']);
    expect(await privateCounts(privateStore)).toEqual({ records: 0, erasures: 0 });

    expect((await ask('store', log.partner, { reportId: 'r-a1', records: sealed })).status).toBe(200);
    const twice = await ask('store', log.partner, { reportId: 'r-a1', records: [sealed[0]!] });
    expect([twice.status, twice.code]).toEqual([409, 'ALREADY_EXISTS']);
    expect(await privateCounts(privateStore)).toEqual({ records: 2, erasures: 0 });
  });
});
