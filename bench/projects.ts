/**
 * Project detail — the whole chain from pledge to asset — at 10,000 projects and 1,000,000 log
 * entries, beside a plain primary-key read of the same project row in the same run. The log is built
 * through the real write path (signed commands into the CommandService, in group-committed batches):
 * every project with its approval decision, two released tranches (each with its verification and
 * tranche-release decision, disbursement), a third milestone not confirmed, an OCDS tender with bids,
 * award, contract and amendment, an asset with damage, materials from warehouse to site; the rest of
 * the million are vetting records of contractors (history rows that no project detail reads).
 * Sizes: BENCH_PROJECTS (default 10,000), BENCH_EVENTS (default 1,000,000), BENCH_READS (2,000).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { Signer } from '../src/client/signer.js';
import { eventLeafText, type SignedEvent } from '../src/domain/envelope.js';
import { SECTORS } from '../src/domain/funds/events.js';
import { keyPairFromSeed } from '../src/domain/keys.js';
import { DEMO_POLICY } from '../src/demo/generate.js';
import { GOVERNORATES } from '../src/demo/facts.js';
import { systemClock } from '../src/services/clock.js';
import { CommandService } from '../src/services/command-service.js';
import { listProjects, projectDetail } from '../src/services/projects.js';
import { openStore, type Store } from '../src/store/database.js';
import { getProjectSummary } from '../src/store/project-repository.js';
import { logSize } from '../src/store/log-repository.js';
import { PROJECTION_TABLES } from '../src/store/schema.js';
import { readTablePage } from '../src/store/table-reader.js';
import { benchStore, benchTargets, fmt, percentile } from './support.js';

const ORIGIN = 'bench.amanah.local/log';
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const READS = Number(process.env.BENCH_READS ?? 2_000);
const PARTNERS = 50;
const CONTRACTORS = 200;
const STATES = ['qatar', 'egypt', 'turkiye', 'jordan'];

const signer = (name: string): Signer =>
  new Signer(keyPairFromSeed(createHash('sha256').update(`bench-projects:${name}`).digest()), name);
const usd = (cents: bigint | number) => ({ value: String(cents), currency: 'USD' });
const hashOf = (e: SignedEvent<unknown>) =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(eventLeafText(e))
    .digest('hex');

interface Step {
  by: Signer;
  type: string;
  payload: Record<string, unknown> | (() => Record<string, unknown>);
  /** remember the signed event (a proposal the approvals cite) */
  ref?: string;
}

/** Every command of the bench log, in order, made as consumed. */
function* plan(signed: ReadonlyMap<string, SignedEvent<unknown>>): Generator<Step> {
  const head = signer('head');
  const states = Object.fromEntries(STATES.map((s) => [s, signer(s)]));
  const pal = signer('pal');
  const monitor = signer('monitor');
  const protection = signer('protection');
  const partners = Array.from({ length: PARTNERS }, (_, i) => ({
    id: `partner-${i}`,
    key: signer(`partner-${i}`),
  }));
  const contractors = Array.from({ length: CONTRACTORS }, (_, i) => ({
    id: `contractor-${i}`,
    key: signer(`contractor-${i}`),
  }));
  const approvals = function* (ref: string, by: Signer[]): Generator<Step> {
    for (const s of by)
      yield {
        by: s,
        type: 'proposal.approved',
        payload: () => ({ proposalId: ref, proposalHash: hashOf(signed.get(ref)!) }),
      };
  };

  yield {
    by: head,
    type: 'log.genesis',
    payload: {
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
    },
  };
  const key = (s: Signer, org: string, roles: string[]): Step => ({
    by: head,
    type: 'key.registered',
    payload: { keyId: s.keyId, publicKey: s.publicKey, org, holder: 'Officer', roles },
  });
  for (const g of GOVERNORATES)
    yield {
      by: head,
      type: 'governorate.registered',
      payload: { code: g.code, name: { en: g.en, ar: g.ar } },
    };
  for (const [id, s] of Object.entries(states)) {
    yield {
      by: head,
      type: 'org.registered',
      payload: { id, kind: 'member-state', country: id.slice(0, 2).toUpperCase(), name: { en: id, ar: id } },
    };
    yield key(s, id, ['member-signatory']);
  }
  yield {
    by: head,
    type: 'org.registered',
    payload: {
      id: 'pal-governance',
      kind: 'palestinian-governance',
      name: { en: 'Palestinian governance', ar: 'الحوكمة الفلسطينية' },
    },
  };
  yield key(pal, 'pal-governance', ['governance-signatory']);
  yield key(monitor, 'secretariat', ['field-monitor']);
  yield key(protection, 'secretariat', ['protection-officer']);
  for (const p of [...partners, ...contractors]) {
    yield {
      by: head,
      type: 'org.registered',
      payload: {
        id: p.id,
        kind: 'implementing-partner',
        partnerType: p.id.startsWith('partner') ? 'ngo' : 'contractor',
        name: { en: p.id, ar: p.id },
      },
    };
    yield key(p.key, p.id, ['partner']);
    yield {
      by: head,
      type: 'partner.vetted',
      payload: {
        partner: p.id,
        status: 'cleared',
        date: '2026-01-05',
        reason: 'Registration and sanctions screening checked',
      },
    };
  }
  yield {
    by: head,
    type: 'policy.adopted',
    payload: { policy: { ...DEMO_POLICY, proposalTtlHours: 24 * 365 } },
  };
  yield {
    by: head,
    type: 'org.registered',
    payload: { id: 'gulf-fund', kind: 'donor', name: { en: 'Gulf fund', ar: 'صندوق الخليج' } },
  };
  yield {
    by: head,
    type: 'pledge.recorded',
    payload: { pledgeId: 'pledge-1', donor: 'gulf-fund', amount: usd(10n ** 14n), date: '2026-01-10' },
  };
  yield {
    by: head,
    type: 'receipt.recorded',
    payload: {
      receiptId: 'receipt-1',
      pledgeId: 'pledge-1',
      amount: usd(10n ** 14n),
      date: '2026-01-11',
      reference: 'TRF-1',
    },
  };
  const combos = SECTORS.flatMap((sector) => GOVERNORATES.map((g) => ({ sector, gov: g.code })));
  const allocationOf = (sector: string, gov: string) => `alloc-${sector}-${gov.toLowerCase()}`;
  const allocationAmount = 10n ** 12n;
  for (const c of combos) {
    const id = allocationOf(c.sector, c.gov);
    yield {
      by: states.qatar!,
      type: 'proposal.submitted',
      ref: id,
      payload: {
        proposalId: id,
        decisionType: 'allocation',
        title: { en: id, ar: id },
        amount: usd(allocationAmount),
        justification: 'Bench allocation',
      },
    };
    yield* approvals(id, [...STATES.map((s) => states[s]!), pal]);
    yield {
      by: head,
      type: 'allocation.committed',
      payload: {
        allocationId: id,
        proposalId: id,
        amount: usd(allocationAmount),
        governorate: c.gov,
        sector: c.sector,
        date: '2026-01-15',
      },
    };
  }

  let filler = 0;
  const perProject = 41;
  // the set-up above takes about 1,100 entries; the filler spreads the rest evenly between projects
  const fillerPerProject = Math.max(0, Math.floor((EVENTS - 1_100) / PROJECTS) - perProject);
  for (let k = 0; k < PROJECTS; k++) {
    const id = `prj-${String(k).padStart(6, '0')}`;
    const partner = partners[k % PARTNERS]!;
    const c = combos[k % combos.length]!;
    const tranche = 3_000_000n + BigInt(k % 1000) * 1000n;
    const budget = tranche * 3n;
    const approval = `${id}-approval`;
    yield {
      by: partner.key,
      type: 'proposal.submitted',
      ref: approval,
      payload: {
        proposalId: approval,
        decisionType: 'project-approval',
        title: { en: id, ar: id },
        amount: usd(budget),
      },
    };
    yield {
      by: partner.key,
      type: 'project.proposed',
      payload: {
        projectId: id,
        proposalId: approval,
        partner: partner.id,
        title: { en: `Project ${id}`, ar: `مشروع ${id}` },
        sector: c.sector,
        governorate: c.gov,
        location: { type: 'point', lat: 31.3 + (k % 100) / 1000, lon: 34.3 + (k % 97) / 1000 },
        budget: usd(budget),
        beneficiaries: 100 + (k % 5000),
        plannedStart: '2026-02-01',
        plannedEnd: '2027-12-31',
        milestones: [1, 2, 3].map((m) => ({
          milestoneId: `m${m}`,
          title: { en: `Stage ${m}`, ar: `المرحلة ${m}` },
          due: `2027-0${m}-01`,
          tranche: usd(tranche),
        })),
      },
    };
    yield* approvals(approval, [...STATES.slice(0, 3).map((s) => states[s]!), pal]);
    yield {
      by: head,
      type: 'project.approved',
      payload: { projectId: id, allocationId: allocationOf(c.sector, c.gov) },
    };
    for (const m of [1, 2, 3]) {
      yield {
        by: partner.key,
        type: 'milestone.reported',
        payload: { projectId: id, milestoneId: `m${m}`, date: '2026-11-10', statement: 'Stage works done' },
      };
      yield {
        by: monitor,
        type: 'milestone.verified',
        payload: {
          verificationId: `ver-${id}-m${m}`,
          projectId: id,
          milestoneId: `m${m}`,
          finding: m === 3 ? 'not-confirmed' : 'confirmed',
          position: { lat: 31.3, lon: 34.3 },
          observedAt: '2026-11-11T10:00:00.000Z',
          statement: 'Seen on site',
          photos: [
            {
              sha256: createHash('sha256').update(`${id}/${m}`).digest('hex'),
              mediaType: 'image/jpeg',
              bytes: 1_000_000,
            },
          ],
        },
      };
      if (m === 3) continue;
      const rel = `${id}-m${m}-release`;
      yield {
        by: head,
        type: 'proposal.submitted',
        ref: rel,
        payload: {
          proposalId: rel,
          decisionType: 'tranche-release',
          title: { en: rel, ar: rel },
          amount: usd(tranche),
          justification: `verification ver-${id}-m${m}`,
        },
      };
      yield* approvals(rel, [...STATES.map((s) => states[s]!), pal]);
      yield {
        by: head,
        type: 'tranche.released',
        payload: {
          projectId: id,
          milestoneId: `m${m}`,
          verificationId: `ver-${id}-m${m}`,
          proposalId: rel,
          disbursementId: `disb-${id}-m${m}`,
        },
      };
      yield {
        by: head,
        type: 'disbursement.made',
        payload: {
          disbursementId: `disb-${id}-m${m}`,
          allocationId: allocationOf(c.sector, c.gov),
          partner: partner.id,
          amount: usd(tranche),
          date: '2026-11-12',
        },
      };
    }
    yield {
      by: partner.key,
      type: 'expenditure.reported',
      payload: {
        expenditureId: `exp-${id}`,
        disbursementId: `disb-${id}-m1`,
        amount: usd(tranche / 2n),
        date: '2026-11-13',
        description: 'Materials and labour',
      },
    };
    yield {
      by: partner.key,
      type: 'tender.published',
      payload: {
        tenderId: `t-${id}`,
        projectId: id,
        title: `Works ${id}`,
        method: 'open',
        category: 'works',
        value: usd(budget / 2n),
        tenderPeriod: { start: '2026-10-01T00:00:00.000Z', end: '2030-01-01T00:00:00.000Z' },
      },
    };
    for (let b = 0; b < 3; b++) {
      const s = contractors[(k * 3 + b) % CONTRACTORS]!;
      yield {
        by: s.key,
        type: 'bid.submitted',
        payload: {
          bidId: `b-${id}-${b}`,
          tenderId: `t-${id}`,
          supplier: s.id,
          value: usd(budget / 2n - BigInt(b) * 1000n),
        },
      };
    }
    yield {
      by: partner.key,
      type: 'award.made',
      payload: { awardId: `a-${id}`, tenderId: `t-${id}`, bidId: `b-${id}-2`, date: '2026-11-05' },
    };
    yield {
      by: partner.key,
      type: 'contract.signed',
      payload: {
        contractId: `c-${id}`,
        awardId: `a-${id}`,
        value: usd(budget / 2n - 2000n),
        date: '2026-11-06',
        period: { start: '2026-11-10', end: '2027-10-01' },
      },
    };
    yield {
      by: partner.key,
      type: 'contract.amended',
      payload: {
        contractId: `c-${id}`,
        amendmentId: `c-${id}-1`,
        value: usd(budget / 2n),
        date: '2026-11-20',
        rationale: 'More works found',
      },
    };
    yield {
      by: partner.key,
      type: 'asset.recorded',
      payload: {
        assetId: `asset-${id}`,
        projectId: id,
        kind: 'housing-unit',
        work: 'repaired',
        count: 10,
        location: { lat: 31.3, lon: 34.3 },
        value: usd(tranche),
        date: '2026-11-14',
      },
    };
    yield {
      by: protection,
      type: 'damage.reported',
      payload: {
        reportId: `dmg-${id}`,
        assetId: `asset-${id}`,
        date: '2026-11-20',
        extent: k % 10 === 0 ? 'destroyed' : 'damaged',
        source: 'Field visit',
        confidence: 'medium',
        estimatedLoss: usd(tranche / 10n),
      },
    };
    const items = (q: number) => [
      { item: 'Cement (50 kg bag)', category: 'construction', unit: 'bag', quantity: String(q) },
    ];
    yield {
      by: partner.key,
      type: 'materials.warehoused',
      payload: {
        receiptId: `wh-${id}`,
        projectId: id,
        warehouse: 'Depot',
        date: '2026-11-08',
        items: items(500),
      },
    };
    yield {
      by: partner.key,
      type: 'materials.delivered',
      payload: {
        deliveryId: `site-${id}`,
        projectId: id,
        receiptId: `wh-${id}`,
        date: '2026-11-09',
        items: items(k % 7 === 0 ? 520 : 480),
      },
    };
    // filler: vetting history of the contractors, to bring the log to its size
    for (let f = 0; f < fillerPerProject; f++) {
      const s = contractors[filler++ % CONTRACTORS]!;
      yield {
        by: head,
        type: 'partner.vetted',
        payload: {
          partner: s.id,
          status: 'cleared',
          date: '2026-11-01',
          reason: `Periodic review ${filler}`,
        },
      };
    }
  }
  for (;;) {
    // top up to exactly EVENTS entries (the caller stops there)
    const s = contractors[filler++ % CONTRACTORS]!;
    yield {
      by: head,
      type: 'partner.vetted',
      payload: { partner: s.id, status: 'cleared', date: '2026-11-01', reason: `Periodic review ${filler}` },
    };
  }
}

async function build(store: Store): Promise<{ seconds: number; refused: number; firstRefusal?: string }> {
  const svc = new CommandService({ store, origin: ORIGIN, clock: systemClock });
  const signed = new Map<string, SignedEvent<unknown>>();
  const steps = plan(signed);
  let refused = 0;
  let firstRefusal: string | undefined;
  const t0 = performance.now();
  let n = 0;
  let lastReport = t0;
  while (n < EVENTS) {
    const chunk: Array<Promise<unknown>> = [];
    for (let i = 0; i < 2_000 && n < EVENTS; i++, n++) {
      const s = steps.next().value as Step;
      const payload = typeof s.payload === 'function' ? s.payload() : s.payload;
      const e = s.by.sign(ORIGIN, s.type, payload, { id: `bench-prj-${String(n).padStart(9, '0')}` });
      if (s.ref) {
        signed.set(s.ref, e);
        // the approvals that cite a proposal follow it closely: keep only the recent ones
        if (signed.size > 1_000) signed.delete(signed.keys().next().value!);
      }
      chunk.push(
        svc.submit(e).catch((err: Error) => {
          refused++;
          firstRefusal ??= `${s.type}: ${err.message}`;
        }),
      );
    }
    await Promise.all(chunk);
    if (performance.now() - lastReport > 30_000) {
      lastReport = performance.now();
      console.log(`  … ${fmt(n)} events in ${fmt((lastReport - t0) / 1000)} s`);
    }
  }
  await svc.close();
  return { seconds: (performance.now() - t0) / 1000, refused, ...(firstRefusal ? { firstRefusal } : {}) };
}

async function measure(store: Store): Promise<{ detail: number[]; pk: number[]; bytes: number }> {
  // the projects the log holds (all of them, unless a build was stopped early)
  const n = Math.min(PROJECTS, (await listProjects(store.db, { offset: 0, limit: 1 })).total);
  const ids = Array.from({ length: READS }, (_, i) => `prj-${String((i * 7919) % n).padStart(6, '0')}`);
  for (const id of ids.slice(0, 50)) await projectDetail(store, id); // warm-up
  const detail: number[] = [];
  const pk: number[] = [];
  let bytes = 0;
  for (const id of ids) {
    let t = performance.now();
    const d = await projectDetail(store, id);
    detail.push(performance.now() - t);
    bytes += JSON.stringify(d, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)).length;
    t = performance.now();
    await getProjectSummary(store.db, id);
    pk.push(performance.now() - t);
  }
  detail.sort((a, b) => a - b);
  pk.sort((a, b) => a - b);
  return { detail, pk, bytes: bytes / ids.length };
}

function report(kind: string, m: Awaited<ReturnType<typeof measure>>): void {
  console.log(`### ${kind}`);
  console.log('| read | p50 | p99 | max |');
  console.log('|---|---|---|---|');
  console.log(
    `| project detail, whole chain (${fmt(m.bytes / 1024, 1)} KiB JSON) | ${fmt(percentile(m.detail, 50), 2)} ms | ${fmt(percentile(m.detail, 99), 2)} ms | ${fmt(m.detail.at(-1)!, 2)} ms |`,
  );
  console.log(
    `| baseline: primary-key read of the project row | ${fmt(percentile(m.pk, 50), 2)} ms | ${fmt(percentile(m.pk, 99), 2)} ms | ${fmt(m.pk.at(-1)!, 2)} ms |`,
  );
  console.log(
    `| ratio detail / baseline | ${fmt(percentile(m.detail, 50) / percentile(m.pk, 50), 1)} | ${fmt(percentile(m.detail, 99) / percentile(m.pk, 99), 1)} | |\n`,
  );
}

/**
 * Copies the SQLite database built here — the log entries and every projection table, row for row, in
 * batches — into PostgreSQL. Replaying a million entries through `apply` one by one takes hours on
 * this shared machine; the projections are pure functions of the log (replay proves it in the tests),
 * so a copy of the tables is the same database.
 */
async function copyTables(live: Store, target: Store): Promise<{ rows: number; seconds: number }> {
  const t0 = performance.now();
  let rows = 0;
  for (const { table, key } of [{ table: 'log_entries' as const, key: ['idx'] }, ...PROJECTION_TABLES]) {
    for (let offset = 0; ; offset += 5_000) {
      const page = await readTablePage(live.db, table, key, offset, 5_000);
      if (page.length === 0) break;
      const per = Math.max(1, Math.floor(30_000 / Object.keys(page[0]!).length));
      await target.db.transaction().execute(async (tx) => {
        for (let i = 0; i < page.length; i += per) {
          await tx
            .insertInto(table)
            .values(page.slice(i, i + per) as never)
            .execute();
        }
      });
      rows += page.length;
      if (page.length < 5_000) break;
    }
  }
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

async function postgresFrom(live: Store, admin: string): Promise<void> {
  const pgStore = await benchStore('projects', 'postgres', admin);
  try {
    const c = await copyTables(live, pgStore.store);
    // A bulk load is followed by ANALYZE (as PostgreSQL's manual advises; autovacuum would do it later):
    // without statistics the planner takes the tables for small ones and hash-joins whole tables.
    const t0 = performance.now();
    await sql`analyze`.execute(pgStore.store.db);
    console.log(
      `copied ${fmt(c.rows)} rows (${fmt(await logSize(pgStore.store.db))} log entries and the projections) to PostgreSQL in ${fmt(c.seconds)} s, analyzed in ${fmt((performance.now() - t0) / 1000, 1)} s\n`,
    );
    report('PostgreSQL', await measure(pgStore.store));
  } finally {
    await pgStore.drop();
  }
}

export async function benchProjects(): Promise<void> {
  console.log(`\n## Project detail at ${fmt(PROJECTS)} projects and ${fmt(EVENTS)} log entries\n`);
  const pgTarget = (await benchTargets()).find((x) => x.kind === 'postgres');
  // The log is built once, on SQLite, through the command service (signatures verified, every rule
  // decided); PostgreSQL gets a copy of that database. BENCH_SQLITE_FILE keeps the SQLite file (a
  // second run with it skips the build); BENCH_ONLY=postgres measures only the copy.
  const file = process.env.BENCH_SQLITE_FILE;
  const sqlite = file
    ? { store: await openStore(file), drop: async () => undefined }
    : await benchStore('projects', 'sqlite');
  try {
    if ((await logSize(sqlite.store.db)) === 0) {
      const b = await build(sqlite.store);
      console.log(
        `built ${fmt(await logSize(sqlite.store.db))} entries through the command service in ${fmt(b.seconds)} s (${fmt(EVENTS / b.seconds)} commands/s), ${b.refused} refused${b.firstRefusal ? ` — first: ${b.firstRefusal}` : ''}\n`,
      );
    } else {
      console.log(`using the ${fmt(await logSize(sqlite.store.db))} entries of ${file}\n`);
    }
    if (process.env.BENCH_ONLY !== 'postgres') report('SQLite', await measure(sqlite.store));
    if (pgTarget && process.env.BENCH_ONLY !== 'sqlite') await postgresFrom(sqlite.store, pgTarget.admin!);
  } finally {
    if (file) await sqlite.store.close();
    else await sqlite.drop();
  }
}
