import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import type { Store } from '../../src/store/database.js';
import { findActorKey, listOrgs } from '../../src/store/governance-repository.js';
import { logSize } from '../../src/store/log-repository.js';
import { replay } from '../../src/services/replay.js';
import { genesisPayload, nextId, ORIGIN, testSigner } from '../support/actors.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const head = testSigner('head');
const qatar = testSigner('qatar');
const intruder = testSigner('intruder');

describe.each(STORE_KINDS)('command service on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let svc: CommandService;
  const clock = fixedClock(NOW);
  const send = (
    signer = head,
    type: string,
    payload: Record<string, unknown>,
    opts: { id?: string; time?: Date } = {},
  ) =>
    svc.submit(
      signer.sign(ORIGIN, type, payload, { id: opts.id ?? nextId(), time: opts.time ?? clock.now() }),
    );

  beforeEach(async () => {
    ({ store, dispose } = await freshStore(kind));
    svc = new CommandService({ store, origin: ORIGIN, clock });
  });
  afterEach(async () => {
    await svc.close();
    await dispose();
  });

  async function genesis(): Promise<void> {
    await send(head, 'log.genesis', genesisPayload(head));
    await send(head, 'org.registered', {
      id: 'qatar',
      kind: 'member-state',
      country: 'QA',
      name: { en: 'Qatar', ar: 'قطر' },
    });
    await send(head, 'key.registered', {
      keyId: qatar.keyId,
      publicKey: qatar.publicKey,
      org: 'qatar',
      holder: 'Signatory',
      roles: ['member-signatory'],
    });
  }

  /** Asserts a refusal with `code` that changed nothing at all. */
  async function refusedWithoutWrites(p: Promise<unknown>, code: string, path?: string): Promise<void> {
    const settled = p.then(
      () => undefined,
      (e: unknown) => e as { code: string; issues: { path: string }[] },
    );
    const before = await logSize(store.db);
    const orgsBefore = (await listOrgs(store.db, { offset: 0, limit: 500 })).total;
    const err = await settled;
    expect(err, `expected ${code}`).toBeDefined();
    expect(err!.code).toBe(code);
    if (path) expect(err!.issues.map((i) => i.path)).toContain(path);
    expect(await logSize(store.db)).toBe(before);
    expect((await listOrgs(store.db, { offset: 0, limit: 500 })).total).toBe(orgsBefore);
  }

  it('records the genesis and then signed registrations, in order', async () => {
    await genesis();
    expect(await logSize(store.db)).toBe(3);
    expect((await findActorKey(store.db, qatar.keyId))?.roles).toEqual(['member-signatory']);
  });

  it('refuses anything before the genesis, and a second genesis', async () => {
    await refusedWithoutWrites(
      send(head, 'org.registered', {
        id: 'qatar',
        kind: 'member-state',
        country: 'QA',
        name: { en: 'Qatar', ar: 'قطر' },
      }),
      'GENESIS_REQUIRED',
    );
    await genesis();
    await refusedWithoutWrites(send(head, 'log.genesis', genesisPayload(head)), 'GENESIS_ALREADY_RECORDED');
  });

  it('refuses a genesis signed by another key than the one it registers', async () => {
    await refusedWithoutWrites(send(intruder, 'log.genesis', genesisPayload(head)), 'KEY_MISMATCH', 'actor');
  });

  it('refuses the one forged command of a batch whose signatures are checked on workers, and commits the rest', async () => {
    await genesis(); // head's key is known now: its commands' signatures are checked ahead, on workers
    const orgs = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => ({
      id: `org-${x}`,
      kind: 'donor',
      name: { en: `Org ${x}`, ar: `منظمة ${x}` },
    }));
    const signed = orgs.map((o) => head.sign(ORIGIN, 'org.registered', o, { id: nextId(), time: NOW }));
    signed[3] = { ...signed[3]!, payload: { ...orgs[3]!, id: 'org-forged' } }; // changed after signing
    const before = await logSize(store.db);
    // submitted in one turn: decided in one batch, before the workers have answered
    const outcomes = await Promise.allSettled(signed.map((e) => svc.submit(e)));
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(await logSize(store.db)).toBe(before + 5);
    const ids = (await listOrgs(store.db, { offset: 0, limit: 500 })).items.map((o) => o.id);
    expect(ids).not.toContain('org-forged');
    expect(ids).toEqual(expect.arrayContaining(['org-a', 'org-b', 'org-c', 'org-e', 'org-f']));
  });

  it('refuses unknown keys, bad signatures and revoked keys', async () => {
    await genesis();
    const org = { id: 'egypt', kind: 'member-state', country: 'EG', name: { en: 'Egypt', ar: 'مصر' } };
    await refusedWithoutWrites(send(intruder, 'org.registered', org), 'KEY_UNKNOWN', 'actor');

    const forged = { ...head.sign(ORIGIN, 'org.registered', org, { id: nextId(), time: NOW }) };
    forged.payload = { ...org, id: 'egypt-2' }; // payload changed after signing
    await refusedWithoutWrites(svc.submit(forged), 'SIGNATURE_INVALID', 'sig');

    const otherLog = head.sign('another.log/x', 'org.registered', org, { id: nextId(), time: NOW });
    await refusedWithoutWrites(svc.submit(otherLog), 'SIGNATURE_INVALID');

    await send(head, 'key.revoked', { keyId: qatar.keyId, reason: 'Device lost' });
    await refusedWithoutWrites(
      send(qatar, 'key.revoked', { keyId: qatar.keyId, reason: 'again' }),
      'KEY_REVOKED',
    );
    // history signed before the revocation stays: the key's registration is still in the log
    expect((await findActorKey(store.db, qatar.keyId))?.status).toBe('revoked');
  });

  it('sees keys registered and revoked earlier in the same batch', async () => {
    await genesis();
    const clerk = testSigner('clerk');
    const clerkOrg = {
      id: 'clerk-org',
      kind: 'implementing-partner',
      partnerType: 'ngo',
      name: { en: 'C', ar: 'ج' },
    };
    const results = await Promise.allSettled([
      send(qatar, 'org.registered', { ...clerkOrg, id: 'by-qatar-before' }), // role refused, key known
      send(head, 'key.registered', {
        keyId: clerk.keyId,
        publicKey: clerk.publicKey,
        org: 'secretariat',
        holder: 'Clerk',
        roles: ['secretariat'],
      }),
      send(clerk, 'org.registered', clerkOrg), // signed by the key registered just before
      send(head, 'key.revoked', { keyId: clerk.keyId, reason: 'Left' }),
      send(clerk, 'org.registered', { ...clerkOrg, id: 'after-revocation' }),
      send(head, 'org.registered', { ...clerkOrg, id: 'by-head' }), // another key, unaffected
    ]);
    expect(
      results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code)),
    ).toEqual(['ROLE_REQUIRED', 'ok', 'ok', 'ok', 'KEY_REVOKED', 'ok']);
  });

  it('enforces roles: a member signatory cannot register organisations', async () => {
    await genesis();
    await refusedWithoutWrites(
      send(qatar, 'org.registered', {
        id: 'egypt',
        kind: 'member-state',
        country: 'EG',
        name: { en: 'Egypt', ar: 'مصر' },
      }),
      'ROLE_REQUIRED',
    );
  });

  it('refuses roles that do not fit the organisation', async () => {
    await genesis();
    const k = testSigner('k2');
    await refusedWithoutWrites(
      send(head, 'key.registered', {
        keyId: k.keyId,
        publicKey: k.publicKey,
        org: 'qatar',
        holder: 'X',
        roles: ['partner'],
      }),
      'VALIDATION_FAILED',
      'payload.roles',
    );
    await refusedWithoutWrites(
      send(head, 'key.registered', {
        keyId: k.keyId,
        publicKey: k.publicKey,
        org: 'nowhere',
        holder: 'X',
        roles: ['observer'],
      }),
      'ORG_UNKNOWN',
      'payload.org',
    );
  });

  it('validates envelope and payload, naming the field', async () => {
    await genesis();
    await refusedWithoutWrites(
      send(head, 'org.registered', { id: 'Bad Id', kind: 'member-state', name: { en: 'x', ar: 'y' } }),
      'VALIDATION_FAILED',
      'payload.id',
    );
    await refusedWithoutWrites(
      send(head, 'org.registered', {
        id: 'egypt',
        kind: 'member-state',
        country: 'EG',
        name: { en: 'Egypt', ar: 'مصر' },
        extra: 1,
      }),
      'VALIDATION_FAILED',
      'payload',
    );
    await refusedWithoutWrites(
      send(head, 'org.registered', {
        id: 'egypt',
        kind: 'member-state',
        country: 'EG',
        name: { en: ' Egypt', ar: 'مصر' },
      }),
      'VALIDATION_FAILED',
      'payload.name.en',
    );
    await refusedWithoutWrites(send(head, 'org.dissolved', { id: 'qatar' }), 'UNKNOWN_EVENT_TYPE', 'type');
    const e = head.sign(
      ORIGIN,
      'org.registered',
      { id: 'egypt', kind: 'member-state', country: 'EG', name: { en: 'E', ar: 'م' } },
      { id: nextId(), time: NOW, sv: 2 },
    );
    await refusedWithoutWrites(svc.submit(e), 'UNSUPPORTED_SCHEMA_VERSION', 'sv');
    const { sig: _sig, ...unsigned } = head.sign(ORIGIN, 'org.registered', {
      id: 'egypt',
      kind: 'member-state',
      country: 'EG',
      name: { en: 'E', ar: 'م' },
    });
    await refusedWithoutWrites(svc.submit(unsigned), 'SIGNATURE_MISSING', 'sig');
    await refusedWithoutWrites(svc.submit({ ...e, sv: 1, extra: true }), 'VALIDATION_FAILED');
  });

  it('applies a retried command once and refuses an id reused for other content', async () => {
    await genesis();
    const org = { id: 'egypt', kind: 'member-state', country: 'EG', name: { en: 'Egypt', ar: 'مصر' } };
    const e = head.sign(ORIGIN, 'org.registered', org, { id: 'retry-0000000000001', time: NOW });
    const [a, b] = await Promise.all([svc.submit(e), svc.submit(e)]); // same batch
    expect(a.status).toBe('accepted');
    expect(b).toEqual({ ...a, status: 'duplicate' });
    const c = await svc.submit(e); // later batch
    expect(c).toEqual({ ...a, status: 'duplicate' });
    const other = head.sign(
      ORIGIN,
      'org.registered',
      { ...org, id: 'egypt-2' },
      { id: 'retry-0000000000001', time: NOW },
    );
    await refusedWithoutWrites(svc.submit(other), 'IDEMPOTENCY_CONFLICT', 'id');
  });

  it('refuses events signed too far from the server clock', async () => {
    await genesis();
    const org = { id: 'egypt', kind: 'member-state', country: 'EG', name: { en: 'Egypt', ar: 'مصر' } };
    await refusedWithoutWrites(
      send(head, 'org.registered', org, { time: new Date(NOW.getTime() - 3_600_000) }),
      'EVENT_TIME_SKEW',
      'time',
    );
  });

  it('decides each command of a batch against the state its predecessors left, refusing only the bad ones', async () => {
    await genesis();
    const orgs = Array.from({ length: 50 }, (_, i) => ({
      id: `partner-${i}`,
      kind: 'implementing-partner',
      partnerType: 'ngo',
      name: { en: `Partner ${i}`, ar: `شريك ${i}` },
    }));
    const results = await Promise.allSettled([
      ...orgs.map((o) => send(head, 'org.registered', o)),
      send(head, 'org.registered', orgs[3]!), // duplicate of an org registered earlier in the same batch
      send(intruder, 'org.registered', { ...orgs[0]!, id: 'intruder-org' }),
    ]);
    expect(results.slice(0, 50).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[50]).toMatchObject({ status: 'rejected', reason: { code: 'ALREADY_EXISTS' } });
    expect(results[51]).toMatchObject({ status: 'rejected', reason: { code: 'KEY_UNKNOWN' } });
    const indexes = results
      .slice(0, 50)
      .map((r) => (r as PromiseFulfilledResult<{ index: number }>).value.index);
    expect(indexes).toEqual(Array.from({ length: 50 }, (_, i) => 3 + i)); // gap-free, in submission order
    expect(await logSize(store.db)).toBe(53);
    if (kind === 'postgres') {
      // the states were read ahead, all at once; only the duplicate's was read again, in turn
      expect(svc.stats.readAhead).toBe(50);
      expect(svc.stats.readAgain).toBe(1);
    }
    const { store: scratch, dispose: d2 } = await freshStore(kind);
    try {
      expect((await replay(store, scratch)).identical).toBe(true);
    } finally {
      await d2();
    }
  });

  it('refuses entries too large for a log tile, and new commands once closing', async () => {
    await genesis();
    const huge = { id: 'egypt', kind: 'member-state', country: 'EG', name: { en: 'E'.repeat(301), ar: 'م' } };
    await expect(send(head, 'org.registered', huge)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await svc.close();
    await expect(
      send(head, 'org.registered', {
        id: 'egypt',
        kind: 'member-state',
        country: 'EG',
        name: { en: 'E', ar: 'م' },
      }),
    ).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });
});
