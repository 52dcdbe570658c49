/**
 * Signed commands per second through the whole write path (signature verify → decide → append →
 * project → commit), beside two baselines measured in the same run: bare Ed25519 verifies on every
 * core, and plain inserts of the same rows. Reports ratios, never pass/fail.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { Signer } from '../src/client/signer.js';
import { signingBytes, eventLeafText, type SignedEvent } from '../src/domain/envelope.js';
import { keyPairFromSeed } from '../src/domain/keys.js';
import { systemClock } from '../src/services/clock.js';
import { CommandService } from '../src/services/command-service.js';
import { type Store } from '../src/store/database.js';
import { benchStore, allCoreVerifyRate, benchTargets, fmt, profiled, withPeakRss } from './support.js';

const ORIGIN = 'bench.amanah.local/log';
const N = Number(process.env.BENCH_COMMANDS ?? 20_000);
const KEYS = 16;
/** commands submitted at once, as many clients would */
const CHUNK = 4096;

const signer = (name: string): Signer =>
  new Signer(keyPairFromSeed(createHash('sha256').update(`bench:${name}`).digest()), name);

async function prepare(store: Store): Promise<Signer[]> {
  const head = signer('head');
  const svc = new CommandService({ store, origin: ORIGIN, clock: systemClock });
  await svc.submit(
    head.sign(ORIGIN, 'log.genesis', {
      origin: ORIGIN,
      title: { en: 'Bench', ar: 'قياس' },
      org: { id: 'secretariat', kind: 'secretariat', name: { en: 'Secretariat', ar: 'الأمانة' } },
      key: {
        keyId: head.keyId,
        publicKey: head.publicKey,
        org: 'secretariat',
        holder: 'Head',
        roles: ['secretariat'],
      },
    }),
  );
  const keys = Array.from({ length: KEYS }, (_, i) => signer(`clerk-${i}`));
  await Promise.all(
    keys.map((k) =>
      svc.submit(
        head.sign(ORIGIN, 'key.registered', {
          keyId: k.keyId,
          publicKey: k.publicKey,
          org: 'secretariat',
          holder: 'Clerk',
          roles: ['secretariat'],
        }),
      ),
    ),
  );
  await svc.close();
  return keys;
}

function commands(keys: Signer[], from: number, n: number): SignedEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    return keys[k % keys.length]!.sign(ORIGIN, 'org.registered', {
      id: `partner-${String(k).padStart(7, '0')}`,
      kind: 'implementing-partner',
      partnerType: 'contractor',
      name: { en: `Contractor ${k}`, ar: `شركة مقاولات ${k}` },
    });
  });
}

/** Plain inserts of the same rows the command path writes (log entry + organisation), in batches. */
async function plainInsertRate(store: Store, events: SignedEvent[]): Promise<number> {
  const leafHash = (t: string) =>
    createHash('sha256')
      .update(Buffer.from([0]))
      .update(t)
      .digest();
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += 512) {
    const batch = events.slice(i, i + 512);
    await store.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('log_entries')
        .values(
          batch.map((e, j) => {
            const leaf = eventLeafText(e);
            return {
              idx: 1_000_000 + i + j,
              event_id: e.id,
              type: e.type,
              actor: e.actor,
              time: e.time,
              body: leaf,
              leaf_hash: leafHash(leaf),
            };
          }),
        )
        .execute();
      await tx
        .insertInto('orgs')
        .values(
          batch.map((_e, j) => ({
            id: `plain-${i + j}`,
            kind: 'implementing-partner',
            name_en: 'x',
            name_ar: 'x',
            country: null,
            partner_type: 'contractor',
            log_index: i + j,
          })),
        )
        .execute();
    });
  }
  return events.length / ((performance.now() - t0) / 1000);
}

export async function benchCommands(): Promise<void> {
  console.log(`\n## Signed commands through the whole write path (${fmt(N)} commands)\n`);
  for (const { kind, admin } of await benchTargets()) {
    const { store, drop } = await benchStore('commands', kind, admin);
    try {
      const keys = await prepare(store);
      const svc = new CommandService({ store, origin: ORIGIN, clock: systemClock });
      // warm-up (JIT, statement cache, worker start)
      await Promise.all(commands(keys, N, 500).map((e) => svc.submit(e)));
      const before = { ...svc.stats };
      // Commands are signed a chunk at a time, outside the timed part, so that the process's memory
      // is the server's and not a whole run of pre-signed commands waiting to be sent.
      const { result: seconds, peakMb } = await withPeakRss(() =>
        profiled(`commands-${kind}`, async () => {
          let ms = 0;
          for (let i = 0; i < N; i += CHUNK) {
            const chunk = commands(keys, i, Math.min(CHUNK, N - i));
            const t0 = performance.now();
            await Promise.all(chunk.map((e) => svc.submit(e)));
            ms += performance.now() - t0;
          }
          return ms / 1000;
        }),
      );
      const treeMs = svc.stats.treeMs - before.treeMs;
      const writeMs = svc.stats.writeMs - before.writeMs;
      const treeShare = treeMs / (seconds * 1000);
      const treeOfWrite = treeMs / (writeMs - treeMs);
      await svc.close();
      const rate = N / seconds;
      const sample = commands(keys, 0, 2000);
      const verify = await allCoreVerifyRate(
        sample.map((e) => ({
          publicKey: keys.find((k) => k.keyId === e.actor)!.publicKey,
          message: signingBytes(ORIGIN, e),
          signature: e.sig,
        })),
      );
      const { store: plainStore, drop: dropPlain } = await benchStore('commands', kind, admin);
      const plain = await plainInsertRate(plainStore, commands(keys, 0, N));
      await dropPlain();
      const n = (await sql<{ n: bigint }>`select count(*) as n from log_entries`.execute(store.db)).rows[0]!
        .n;
      console.log(`### ${kind}`);
      console.log(`| measure | value | ratio |`);
      console.log(`|---|---|---|`);
      console.log(`| commands/s, whole path | ${fmt(rate)} | — |`);
      console.log(
        `| bare Ed25519 verifies/s, ${verify.cores} cores | ${fmt(verify.perSecond)} | ${fmt(rate / verify.perSecond, 2)} of it (target ${kind === 'sqlite' ? '0.5' : '0.25'}) |`,
      );
      console.log(`| plain inserts of the same rows/s | ${fmt(plain)} | ${fmt(rate / plain, 2)} of it |`);
      console.log(`| peak memory (RSS) | ${fmt(peakMb)} MB | target < 300 MB |`);
      console.log(
        `| Merkle tiles (append + persist), share of the run | ${fmt(treeShare * 100, 1)} % | adds ${fmt(treeOfWrite * 100, 1)} % to the rest of the write transactions (target ≤ 10 %) |`,
      );
      console.log(`| log entries written | ${fmt(Number(n))} | |\n`);
    } finally {
      await drop();
    }
  }
}
