import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/context.js';
import { Signer } from '../../src/client/signer.js';
import { demoKeySeed } from '../../src/demo/random.js';
import { keyPairFromSeed } from '../../src/domain/keys.js';
import { DEMO_ORIGIN } from '../../src/demo/generate.js';
import { buildApp } from '../../src/http/app.js';
import { Checkpointer } from '../../src/services/checkpointer.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { exportLog } from '../../src/services/log-export.js';
import { LogService } from '../../src/services/log-service.js';
import type { Store } from '../../src/store/database.js';
import { getProposal, listProposals } from '../../src/store/decision-repository.js';
import { fundFigures, fundFiguresFromRecords } from '../../src/store/fund-repository.js';
import { fillFundFlows } from '../../src/store/migrations/0007-needs.js';
import type { Kysely } from 'kysely';
import { DirectoryMirrorSource, verifyLog } from '../../src/verifier/index.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');

describe.each(STORE_KINDS)("the demo's fund, needs and totals on %s", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const clock = fixedClock(NOW);

  const key = testLogKey(DEMO_ORIGIN);
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    await runDemo(store, clock, { seed: 3, scale: 1, quiet: true });
    app = await buildApp({ store, clock, origin: DEMO_ORIGIN, web: false, log: { key } });
  }, 120_000);
  afterAll(async () => {
    await app.close(); // closes the store too
    await dispose();
  });

  it('holds an expired proposal that takes no more approvals', async () => {
    const expired = await listProposals(store.db, clock.now(), { status: 'expired', offset: 0, limit: 50 });
    expect(expired.items.map((p) => p.id)).toContain('alloc-roads-deir-al-balah-1');
    const p = await getProposal(store.db, 'alloc-roads-deir-al-balah-1', clock.now());
    expect(Date.parse(p.expiresAt)).toBeLessThan(NOW.getTime());
    // the demo's keys derive from its seed: sign as Qatar's signatory, which has not signed it
    const qatar = new Signer(keyPairFromSeed(demoKeySeed(3, 'qatar-signatory')));
    const svc = new CommandService({ store, origin: DEMO_ORIGIN, clock });
    try {
      await expect(
        svc.submit(
          qatar.sign(
            DEMO_ORIGIN,
            'proposal.approved',
            { proposalId: p.id, proposalHash: p.hash },
            { time: NOW },
          ),
        ),
      ).rejects.toMatchObject({ code: 'PROPOSAL_EXPIRED' });
    } finally {
      await svc.close();
    }
  });

  it('measures the allocations against the needs formula, one of them justified', async () => {
    const report = (await app.inject('/api/v1/needs/report')).json();
    expect(report.currency).toBe('USD');
    expect(report.formula).toMatchObject({
      version: 1,
      proposalId: 'needs-formula-1',
      seriesUsed: ['damaged-buildings', 'displaced-population', 'population'],
    });
    const byId = new Map(report.allocations.map((a: { allocationId: string }) => [a.allocationId, a]));
    // committed before the formula was adopted: not measured
    expect(byId.get('alloc-housing-khan-younis-1')).toMatchObject({ deviationPpm: null, flagged: false });
    expect(byId.get('alloc-housing-gaza-1')).toMatchObject({ flagged: false, justification: null });
    expect(byId.get('alloc-health-rafah-2')).toMatchObject({ flagged: true });
    expect((byId.get('alloc-health-rafah-2') as { justification: string }).justification).toMatch(/Rafah/);
    const indicators = (await app.inject('/api/v1/needs/indicators?series=population')).json();
    expect(indicators.total).toBe(5);
    expect(indicators.items[0]).toMatchObject({ confidence: 'low', date: '2023-10-13' });
  });

  it('serves fund totals equal to what `amanah verify` recomputes from the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amanah-fund-mirror-'));
    try {
      const checkpointer = new Checkpointer({ store, origin: DEMO_ORIGIN, signerKey: key.signerKey, clock });
      await checkpointer.cut();
      await checkpointer.close();
      const log = new LogService(store, { verifierKey: key.verifierKey, quorum: 0, witnesses: [] });
      await exportLog(store, log, DEMO_ORIGIN, clock, dir);
      const r = await verifyLog(new DirectoryMirrorSource(dir), { threads: 0, clock });
      expect(r.failure).toBeUndefined();
      expect(r.figures?.status).toBe('matched');
      const rebuilt = (k: string) => {
        const f = r.figures!.figures.find((x) => x.key === k)!.rebuilt;
        return f.kind === 'money' ? f.value : String(f.value);
      };

      const usd = (await app.inject('/api/v1/fund/position'))
        .json()
        .currencies.find((c: { currency: string }) => c.currency === 'USD');
      expect(rebuilt('pledged')).toBe(String(BigInt(usd.pledged) - BigInt(usd.cancelled)));
      expect(rebuilt('received')).toBe(
        String(BigInt(usd.received) + BigInt(usd.convertedIn) - BigInt(usd.convertedOut)),
      );
      expect(rebuilt('allocated')).toBe(usd.committed);
      expect(rebuilt('disbursed')).toBe(usd.disbursed);
      expect(rebuilt('spent')).toBe(usd.spent);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fills the maintained totals in migration 0007 exactly as the events do', async () => {
    const maintained = await fundFigures(store.db);
    expect(maintained).toEqual(await fundFiguresFromRecords(store.db));
    const rows = () =>
      store.db
        .selectFrom('fund_flows')
        .selectAll()
        .orderBy(['scope', 'currency', 'figure', 'period'])
        .execute();
    const before = await rows();
    expect(before.length).toBeGreaterThan(20);
    await store.db.transaction().execute(async (tx) => {
      await sql`delete from fund_flows`.execute(tx);
      await fillFundFlows(tx as unknown as Kysely<unknown>);
    });
    expect(await rows()).toEqual(before);
  });
});
