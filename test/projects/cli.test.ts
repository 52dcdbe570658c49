import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { ORIGIN } from '../support/actors.js';
import { amanah } from '../support/cli.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { DATE, seedProjects } from './support.js';

describe.each(STORE_KINDS)('amanah projects on %s', (kind) => {
  it('lists, shows, sums progress, reads the registry and exports OCDS; bad options are one-line errors', async () => {
    const { store, target, dispose } = await freshStore(kind);
    const clock = fixedClock(new Date());
    const svc = new CommandService({ store, origin: ORIGIN, clock });
    try {
      const w = await seedProjects(svc, store, clock);
      await w.approvedProject('cli-p1');
      await w.send(w.partner, 'tender.published', {
        tenderId: 'cli-t1',
        projectId: 'cli-p1',
        title: 'Repair works',
        method: 'open',
        category: 'works',
        value: { value: '12000', currency: 'USD' },
        tenderPeriod: { start: '2026-01-01T00:00:00.000Z', end: '2030-01-01T00:00:00.000Z' },
      });
      await w.send(w.partner, 'milestone.reported', {
        projectId: 'cli-p1',
        milestoneId: 'm1',
        date: DATE,
        statement: 'Done',
      });
      await svc.close();
      await store.close();

      const list = await amanah(['projects', 'list', '--db', target, '--sector', 'housing']);
      expect(list.stderr).toBe('');
      expect(list.stdout).toMatch(/^cli-p1\s+approved\s+housing\s+PS0270\s+25000 USD\s+mopwh$/m);
      expect(list.stdout).toContain('1 of 1 projects');

      const show = await amanah(['projects', 'show', 'cli-p1', '--db', target]);
      expect(JSON.parse(show.stdout)).toMatchObject({
        id: 'cli-p1',
        funding: { allocation: { id: 'alloc-a' } },
        milestones: [{ status: 'reported' }, { status: 'planned' }],
      });

      const progress = await amanah(['projects', 'progress', '--db', target, '--json']);
      expect(JSON.parse(progress.stdout).bySector[0]).toMatchObject({
        key: 'housing',
        projects: 1,
        budget: '25000',
      });

      const partners = await amanah(['projects', 'partners', 'mopwh', '--db', target]);
      expect(JSON.parse(partners.stdout)).toMatchObject({
        vetting: 'cleared',
        history: [{ status: 'cleared' }],
      });

      const ocds = await amanah([
        'projects',
        'export-ocds',
        '--db',
        target,
        '--base-url',
        'https://amanah.example.org',
      ]);
      const pkg = JSON.parse(ocds.stdout);
      expect(pkg).toMatchObject({
        version: '1.1',
        uri: expect.stringMatching(/^https:\/\/amanah\.example\.org\//),
      });
      expect(pkg.releases.map((r: { ocid: string }) => r.ocid)).toEqual(['ocds-amanah-cli-t1']);

      const bad = await amanah(['projects', 'list', '--db', target, '--sector', 'nonsense']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      const missing = await amanah(['projects', 'show', 'nope', '--db', target]);
      expect(missing.code).toBe(1);
      expect(missing.stderr.trim()).toBe('amanah: NOT_FOUND: no project "nope"');
    } finally {
      await svc.close();
      await dispose();
    }
  }, 120_000);
});
