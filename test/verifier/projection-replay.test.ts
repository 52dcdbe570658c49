/**
 * The verifier's replay writes its projections with prepared statements for the most frequent
 * registrations (src/store/projection-statements.ts) and with `applyEvent` for the rest. Here the
 * same logs are replayed that way, through `applyEvent` alone into a store opened by `openStore` (the
 * server's way), and through the verifier's replay with the statements switched off; every table of
 * the databases must be equal, value by value and SQLite storage class by storage class, and a
 * refused event must give the same failure.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ORIGIN } from '../../src/demo/generate.js';
import type { SignedEvent } from '../../src/domain/envelope.js';
import { applyEvent } from '../../src/services/event-handlers.js';
import { openStore } from '../../src/store/database.js';
import type { Schema } from '../../src/store/schema.js';
import { DirectoryMirrorSource, verifyLog } from '../../src/verifier/index.js';
import { ProjectionReplay, type IndexedEvent } from '../../src/verifier/projection-replay.js';
import { failureOf } from '../../src/verifier/verify-failure.js';
import { TEST_POLICY } from '../support/governance.js';
import { demoEvents, governanceEvents, signAt, testActors } from './log-events.js';
import { mirrorKeys, writeMirror } from './mirror-fixture.js';
import { removeTempDirs, tempDir } from './support.js';

afterAll(removeTempDirs);

const ORIGIN = 'replay.amanah.local/log';
const DIRECT_TYPES = [
  'org.registered',
  'key.registered',
  'key.revoked',
  'governorate.registered',
  'crossing.registered',
];

/**
 * A governance log with what the statements branch on: organisations of voting kinds registered
 * before and after a policy is in force (the later ones become candidates), with and without country
 * and partner type; places with and without coordinates; keys registered and revoked.
 */
function registrationEvents(): SignedEvent[] {
  const actors = testActors('replay-');
  const events = governanceEvents(ORIGIN, 6, actors);
  let n = events.length;
  const at = (type: string, payload: Record<string, unknown>): void => {
    events.push(signAt(actors.head, ORIGIN, n++, type, payload));
  };
  at('org.registered', { id: 'pal-body', kind: 'palestinian-governance', name: { en: 'Body', ar: 'هيئة' } });
  at('governorate.registered', {
    code: 'PS0155',
    name: { en: 'Gaza', ar: 'غزة' },
    centre: { lat: 31.5017, lon: 34.4668 },
    areaSqKm: 74,
  });
  at('crossing.registered', {
    code: 'zikim',
    name: { en: 'Zikim', ar: 'زيكيم' },
    kind: 'land',
    status: 'closed',
    location: { lat: 31.6, lon: 34.5 },
  });
  at('policy.adopted', { policy: TEST_POLICY });
  at('org.registered', {
    id: 'jordan',
    kind: 'member-state',
    country: 'JO',
    name: { en: 'Jordan', ar: 'الأردن' },
  });
  at('org.registered', { id: 'pal-2', kind: 'palestinian-governance', name: { en: 'Second', ar: 'ثانية' } });
  at('org.registered', {
    id: 'donor-1',
    kind: 'donor',
    country: 'NO',
    name: { en: 'Donor "1" \\ \u2028', ar: 'مانح' },
  });
  const extra = testActors('replay-extra-');
  at('key.registered', {
    keyId: extra.clerk.keyId,
    publicKey: extra.clerk.publicKey,
    org: 'jordan',
    holder: 'Signatory',
    roles: ['member-signatory'],
  });
  at('key.revoked', { keyId: extra.clerk.keyId, reason: 'Rotated' });
  return events;
}

function indexed(events: readonly SignedEvent[]): IndexedEvent[][] {
  const bundles: IndexedEvent[][] = [];
  events.forEach((event, index) => {
    const b = Math.floor(index / 256);
    (bundles[b] ??= []).push({ index, bundle: `tile/entries/${b}`, event });
  });
  return bundles;
}

/** The server's way: `applyEvent` in one transaction per bundle, into a store `openStore` opened. */
async function serverReplay(events: readonly SignedEvent[]): Promise<{
  db: Kysely<Schema>;
  close: () => Promise<void>;
}> {
  const store = await openStore(':memory:');
  for (const bundle of indexed(events)) {
    await store.db.transaction().execute(async (tx) => {
      for (const e of bundle) await applyEvent(tx, e.event, e.index);
    });
  }
  return { db: store.db, close: () => store.close() };
}

async function verifierReplay(
  events: readonly SignedEvent[],
  statements: boolean,
): Promise<ProjectionReplay> {
  const replay = await ProjectionReplay.open({ statements });
  for (const bundle of indexed(events)) await replay.apply(bundle);
  return replay;
}

/** Every row of every table but the migrator's, each value beside its SQLite storage class. */
async function dump(db: Kysely<Schema>): Promise<Record<string, unknown[]>> {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master
    where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'
    order by name`.execute(db);
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) {
    const columns = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
    const cols = columns.rows.map((c) => c.name);
    const select = sql.join(cols.flatMap((c) => [sql`typeof(${sql.ref(c)})`, sql`quote(${sql.ref(c)})`]));
    const order = sql.join(cols.map((c) => sql.ref(c)));
    const rows = await sql<Record<string, unknown>>`
      select ${select} from ${sql.table(name)} order by ${order}`.execute(db);
    out[name] = rows.rows.map((r) => Object.values(r));
  }
  return out;
}

describe('the verifier replay', () => {
  it.each([
    ['the demo log', () => demoEvents(3)],
    ['a log of registrations before and after a policy', registrationEvents],
  ])(
    'writes %s exactly as applyEvent does',
    async (_, make) => {
      const events = make();
      const direct = events.filter((e) => DIRECT_TYPES.includes(e.type)).length;
      expect(direct).toBeGreaterThan(10);
      expect(events.length - direct).toBeGreaterThan(0);
      const server = await serverReplay(events);
      const plain = await verifierReplay(events, false);
      const fast = await verifierReplay(events, true);
      try {
        const expected = await dump(server.db);
        expect(Object.keys(expected).length).toBeGreaterThan(20);
        const rows = Object.values(expected).reduce((n, t) => n + t.length, 0);
        expect(rows).toBeGreaterThan(direct);
        expect(await dump(plain.store.db)).toEqual(expected);
        expect(await dump(fast.store.db)).toEqual(expected);
      } finally {
        await Promise.all([server.close(), plain.close(), fast.close()]);
      }
    },
    60_000,
  );

  it('verifies the demo log end to end, every figure the mirror publishes rebuilt', async () => {
    const dir = tempDir();
    await writeMirror(dir, { keys: mirrorKeys(DEMO_ORIGIN), entries: demoEvents(3) });
    for (const threads of [0, 2]) {
      const report = await verifyLog(new DirectoryMirrorSource(dir), { threads });
      expect(report.failure).toBeUndefined();
      expect(report.figures?.status).toBe('matched');
      expect(report.figures?.figures.length).toBeGreaterThan(10);
    }
  }, 60_000);

  it('makes candidates of voting organisations registered once a policy is in force', async () => {
    const fast = await verifierReplay(registrationEvents(), true);
    try {
      const rows = await fast.store.db.selectFrom('memberships').select(['org_id', 'status']).execute();
      expect(rows).toEqual([
        { org_id: 'jordan', status: 'candidate' },
        { org_id: 'pal-2', status: 'candidate' },
      ]);
    } finally {
      await fast.close();
    }
  });

  it.each<[string, (n: number) => SignedEvent]>([
    [
      'an organisation registered twice',
      (n) =>
        signAt(testActors('replay-').head, ORIGIN, n, 'org.registered', {
          id: 'pwa',
          kind: 'observer',
          name: { en: 'Again', ar: 'مرة أخرى' },
        }),
    ],
    [
      'a key of an unknown organisation',
      (n) => {
        const k = testActors('replay-other-').clerk;
        return signAt(testActors('replay-').head, ORIGIN, n, 'key.registered', {
          keyId: k.keyId,
          publicKey: k.publicKey,
          org: 'nobody',
          holder: 'Someone',
          roles: ['secretariat'],
        });
      },
    ],
    [
      'a crossing registered twice',
      (n) =>
        signAt(testActors('replay-').head, ORIGIN, n, 'crossing.registered', {
          code: 'rafah',
          name: { en: 'Rafah', ar: 'رفح' },
          kind: 'land',
          status: 'open',
        }),
    ],
  ])('fails on %s with the message applyEvent gives, and keeps nothing of the bundle', async (_, bad) => {
    const events = governanceEvents(ORIGIN, 4, testActors('replay-'));
    const broken = [...events, bad(events.length)];
    const outcome = async (statements: boolean) => {
      const replay = await ProjectionReplay.open({ statements });
      try {
        await replay.apply(indexed(broken)[0]!);
        return { failure: 'none', orgs: 0 };
      } catch (e) {
        const failure = failureOf(e);
        if (failure === undefined) throw e;
        const orgs = await replay.store.db.selectFrom('orgs').select('id').execute();
        return { failure: failure.message, orgs: orgs.length };
      } finally {
        await replay.close();
      }
    };
    const plain = await outcome(false);
    expect(plain.failure).toMatch(/^entry 14 \(tile\/entries\/0\): the projections cannot apply it \(.+\)$/);
    expect(plain.orgs).toBe(0);
    expect(await outcome(true)).toEqual(plain);
  });
});
