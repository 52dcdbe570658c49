import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { projectsDemoArea } from '../../src/demo/areas/projects.js';
import { inProcessTransport } from '../../src/cli/context.js';
import { DEMO_ORIGIN, generateDemo } from '../../src/demo/generate.js';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import { testLogKey } from '../support/log-key.js';
import { CommandService } from '../../src/services/command-service.js';
import { listProjects, projectDetail, projectProgress, storeEvidence } from '../../src/services/projects.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

describe('the projects demo part', () => {
  it('stays within its budget of events', () => {
    expect(projectsDemoArea.size(1)).toBeLessThanOrEqual(2_500);
    expect(projectsDemoArea.size(3) - projectsDemoArea.size(1)).toBe(500);
  });
});

describe.each(STORE_KINDS)("the demo's projects on %s", (kind) => {
  it('shows a demo project from pledge to a rebuilt asset destroyed again, with milestones in every state', async () => {
    const { store, dispose } = await freshStore(kind);
    const clock = fixedClock(new Date('2026-11-25T09:00:00.000Z'));
    const commands = new CommandService({ store, origin: DEMO_ORIGIN, clock });
    try {
      await generateDemo({
        transport: inProcessTransport(commands),
        seed: 1,
        now: () => clock.now(),
        storeEvidence: (f) => storeEvidence(store, clock, f.sha256, f.mediaType, f.data),
      });
      await commands.close();
      const all = await listProjects(store.db, { offset: 0, limit: 500 });
      expect(all.total).toBe(250);
      expect(new Set(all.items.map((p) => p.sector)).size).toBe(8);
      expect(new Set(all.items.map((p) => p.governorate)).size).toBe(5);
      expect(new Set(all.items.map((p) => p.status))).toEqual(
        new Set(['proposed', 'approved', 'in-progress']),
      );

      // the project page's API: the whole chain from pledge to asset
      const app = await buildApp({
        store,
        clock,
        origin: DEMO_ORIGIN,
        web: false,
        log: { key: testLogKey(DEMO_ORIGIN) },
      });
      const res = await app.inject('/api/v1/projects/prj-0001');
      expect(res.statusCode).toBe(200);
      const d = res.json() as Awaited<ReturnType<typeof projectDetail>>;
      expect(d.funding.pooledFrom.map((s) => s.donor)).toContain('qatar');
      expect(d.funding.allocation?.id).toBe('alloc-prj-housing-ps0255');
      expect(d.funding.tranches.map((t) => t.payment)).toEqual(['paid', 'paid']);
      expect(d.funding.expenditures).toHaveLength(1);
      expect(d.milestones.map((m) => m.status)).toEqual(['released', 'released', 'planned']);
      // every photo the demo's verifications cite is a real file in the evidence store, served by its hash
      const cited = d.milestones.flatMap((m) => m.verifications.flatMap((v) => v.evidence));
      expect(cited).toHaveLength(2);
      for (const photo of cited) {
        expect(photo).toMatchObject({ mediaType: 'image/png', stored: true });
        const file = await app.inject(`/api/v1/evidence/${photo.sha256}`);
        expect(file.statusCode).toBe(200);
        expect(file.headers['content-type']).toBe('image/png');
        expect(file.rawPayload.byteLength).toBe(photo.bytes);
        expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(photo.sha256);
        expect(file.rawPayload.subarray(0, 8)).toEqual(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
      }
      expect(d.procurement[0]!.contracts[0]!.amendments).toHaveLength(1);
      expect(d.assets[0]).toMatchObject({
        status: 'destroyed',
        rebuiltThenDestroyed: { fundedBy: { donors: expect.arrayContaining(['qatar']) } },
      });
      expect(d.flags.map((f) => f.kind)).toContain('materials:excess-at-site');

      const states = new Set<string>();
      for (const p of all.items.filter((x) => x.status !== 'proposed')) {
        for (const m of (await projectDetail(store, p.id)).milestones) states.add(m.status);
      }
      expect(states).toEqual(new Set(['planned', 'reported', 'verified', 'not-confirmed', 'released']));
      // no demo verification cites a file the store does not hold
      const photos = await store.db.selectFrom('project_evidence').select('sha256').execute();
      const stored = await store.db.selectFrom('evidence_blobs').select('sha256').execute();
      expect(photos.length).toBeGreaterThan(50);
      expect(new Set(stored.map((r) => r.sha256))).toEqual(new Set(photos.map((r) => r.sha256)));
      const progress = await projectProgress(store);
      await app.close();
      expect(progress.bySector).toHaveLength(8);
      expect(progress.byGovernorate).toHaveLength(5);
    } finally {
      await commands.close();
      await dispose().catch(() => undefined);
    }
  }, 300_000);
});
