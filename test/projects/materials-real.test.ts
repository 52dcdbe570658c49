import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cogatRow } from '../../src/import/sources.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { projectDetail } from '../../src/services/projects.js';
import type { Store } from '../../src/store/database.js';
import { ORIGIN, testSigner } from '../support/actors.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { DATE, seedProjects, type ProjectWorld } from './support.js';

const COGAT = '../shared/data/aid-access/cogat/gaza_cogat_data_24sep2024.csv';
const HAVE_DATA = existsSync(COGAT);
const NOW = new Date('2026-11-25T09:00:00.000Z');

/**
 * The construction-material rows of the real COGAT list ("Essential infrastructure equipment"), mapped
 * by the access importer's own row mapping: each is one truck that entered on its day.
 */
function cogatConstructionRows() {
  const text = readFileSync(COGAT, 'utf8');
  const sha = createHash('sha256').update(text).digest('hex');
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ cells: line.split(','), line: i + 1 }))
    .filter((r) => r.cells[3] === 'Essential infrastructure equipment')
    .map((r) => {
      const m = cogatRow(r.cells, sha, r.line);
      if (!('ok' in m)) throw new Error(`row ${r.line}: ${m.reason}`);
      return m.ok;
    });
}

describe.skipIf(!HAVE_DATA)('materials from real COGAT consignments (needs ../shared/data)', () => {
  describe.each(STORE_KINDS)('on %s', (kind) => {
    let store: Store;
    let dispose: () => Promise<void>;
    let svc: CommandService;
    let w: ProjectWorld;
    const clock = fixedClock(NOW);

    beforeEach(async () => {
      ({ store, dispose } = await freshStore(kind));
      svc = new CommandService({ store, origin: ORIGIN, clock });
      w = await seedProjects(svc, store, clock);
    });
    afterEach(async () => {
      await svc.close();
      await dispose();
    });

    it('flags a warehouse receipt that records more than the consignment brought in', async () => {
      const rows = cogatConstructionRows();
      expect(rows.length).toBe(48);
      const officer = testSigner('access-officer');
      await w.send(w.head, 'key.registered', {
        keyId: officer.keyId,
        publicKey: officer.publicKey,
        org: 'secretariat',
        holder: 'Access officer',
        roles: ['access-officer'],
      });
      await w.send(w.head, 'crossing.registered', {
        code: rows[0]!.crossing,
        name: { en: 'Land crossings (COGAT, not itemised)', ar: 'المعابر البرية (كوغات، دون تفصيل)' },
        kind: 'land',
        status: 'open',
      });
      await w.send(officer, 'consignments.recorded', { consignments: rows });
      await w.approvedProject('cogat-p1');
      const [first, second] = rows;
      const line = first!.items[0]!;
      // matches what entered: one truck of essential infrastructure equipment
      await w.send(w.partner, 'materials.warehoused', {
        receiptId: 'wh-ok',
        projectId: 'cogat-p1',
        consignmentId: first!.consignmentId,
        warehouse: 'Khan Younis municipal depot',
        date: DATE,
        items: [{ item: line.item, category: line.category, unit: line.unit, quantity: line.quantity }],
      });
      // the second receipt records three trucks against a consignment that brought one
      await w.send(w.partner, 'materials.warehoused', {
        receiptId: 'wh-more',
        projectId: 'cogat-p1',
        consignmentId: second!.consignmentId,
        warehouse: 'Khan Younis municipal depot',
        date: DATE,
        items: [{ item: line.item, category: line.category, unit: line.unit, quantity: '3' }],
      });
      expect(
        await w.attempt(w.partner, 'materials.warehoused', {
          receiptId: 'wh-unknown',
          projectId: 'cogat-p1',
          consignmentId: 'cogat-0-none',
          warehouse: 'Depot',
          date: DATE,
          items: [{ item: line.item, category: line.category, unit: line.unit, quantity: '1' }],
        }),
      ).toBe('NOT_FOUND');

      const d = await projectDetail(store, 'cogat-p1');
      const ok = d.materials.find((m) => m.receiptId === 'wh-ok')!;
      expect(ok.entered).toEqual([
        { item: line.item, category: 'construction-material', unit: 'truck', quantity: '1' },
      ]);
      expect(ok.flags).toEqual([]);
      const more = d.materials.find((m) => m.receiptId === 'wh-more')!;
      expect(more.flags).toEqual([
        expect.objectContaining({
          kind: 'excess-at-warehouse',
          expected: '1',
          recorded: '3',
          item: line.item,
        }),
      ]);
      expect(d.flags.map((f) => f.kind)).toEqual(['materials:excess-at-warehouse']);
    });
  });
});
