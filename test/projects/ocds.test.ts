import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { majorUnits } from '../../src/services/ocds-export.js';
import type { Store } from '../../src/store/database.js';
import { ORIGIN } from '../support/actors.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { DATE, seedProjects } from './support.js';

const OCDS = '../shared/standards/ocds';
const NOW = new Date('2026-11-25T09:00:00.000Z');
const usd = (value: string) => ({ value, currency: 'USD' });

/**
 * The shipped OCDS 1.1 schemas are JSON Schema draft-04. Ajv 8 (here through fastify) validates them
 * once the draft-04 `id` keyword is read as `$id`; nothing else in these schemas differs between the
 * drafts (no boolean exclusiveMinimum/Maximum), so the checks are the schema's own.
 */
function ocdsValidators() {
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv,
  ) => Ajv;
  const load = (file: string) => {
    const s = JSON.parse(readFileSync(`${OCDS}/${file}`, 'utf8')) as Record<string, unknown>;
    const { id, $schema: _draft, ...rest } = s;
    return { $id: id as string, ...rest };
  };
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  const release = load('release-schema.json');
  ajv.addSchema(release);
  return { pkg: ajv.compile(load('release-package-schema.json')), release: ajv.getSchema(release.$id)! };
}

describe('OCDS amounts', () => {
  it('turns minor units into major units per currency', () => {
    expect(majorUnits(1234567n, 'USD')).toBe(12345.67);
    expect(majorUnits(1234567n, 'JOD')).toBe(1234.567);
    expect(majorUnits(5n, 'USD')).toBe(0.05);
  });
});

describe.each(STORE_KINDS)('the OCDS export on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const clock = fixedClock(NOW);

  beforeEach(async () => {
    ({ store, dispose } = await freshStore(kind));
  });
  afterEach(async () => {
    await dispose();
  });

  it('serves a release package whose releases validate against the shipped release schema', async () => {
    const svc = new CommandService({ store, origin: ORIGIN, clock });
    const w = await seedProjects(svc, store, clock);
    await w.approvedProject('ocds-p1', ['10000', '15000']);
    for (const t of ['t-full', 't-open']) {
      await w.send(w.partner, 'tender.published', {
        tenderId: t,
        projectId: 'ocds-p1',
        title: `Repair works ${t}`,
        description: 'Structural repairs of damaged housing blocks',
        method: 'open',
        category: 'works',
        value: usd('12000'),
        tenderPeriod: { start: '2026-11-25T08:00:00.000Z', end: '2026-12-10T16:00:00.000Z' },
      });
    }
    await w.send(w.contractors[0]!, 'bid.submitted', {
      bidId: 'b1',
      tenderId: 't-full',
      supplier: 'contractor-a',
      value: usd('11500'),
    });
    await w.send(w.contractors[1]!, 'bid.submitted', {
      bidId: 'b2',
      tenderId: 't-full',
      supplier: 'contractor-b',
      value: usd('11000'),
    });
    await w.send(w.contractors[1]!, 'bid.submitted', {
      bidId: 'b3',
      tenderId: 't-open',
      supplier: 'contractor-b',
      value: usd('9000'),
    });
    await w.send(w.partner, 'award.made', { awardId: 'a1', tenderId: 't-full', bidId: 'b2', date: DATE });
    await w.send(w.partner, 'contract.signed', {
      contractId: 'c1',
      awardId: 'a1',
      value: usd('11000'),
      date: DATE,
      period: { start: '2026-12-01', end: '2027-05-31' },
    });
    await w.send(w.partner, 'contract.amended', {
      contractId: 'c1',
      amendmentId: 'c1-amend-1',
      value: usd('11750'),
      date: DATE,
      rationale: 'Additional slab repairs found on survey',
    });
    await svc.close();

    const app = await buildApp({
      store,
      clock,
      origin: ORIGIN,
      web: false,
      log: { key: testLogKey(ORIGIN) },
    });
    try {
      const res = await app.inject('/api/v1/export/ocds');
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-total-count']).toBe('2');
      const pkg = res.json();
      const v = ocdsValidators();
      expect(v.pkg(pkg), JSON.stringify(v.pkg.errors)).toBe(true);
      expect(pkg.releases).toHaveLength(2);
      for (const r of pkg.releases) expect(v.release(r), JSON.stringify(v.release.errors)).toBe(true);
      const [full, open] = pkg.releases;
      expect(full).toMatchObject({
        ocid: 'ocds-amanah-t-full',
        tag: ['tender', 'award', 'contract', 'contractAmendment'],
        planning: { budget: { projectID: 'ocds-p1', amount: { amount: 250, currency: 'USD' } } },
        tender: {
          id: 't-full',
          status: 'complete',
          numberOfTenderers: 2,
          value: { amount: 120, currency: 'USD' },
        },
        awards: [{ id: 'a1', suppliers: [{ id: 'contractor-b' }], value: { amount: 110 } }],
        contracts: [
          { id: 'c1', awardID: 'a1', value: { amount: 117.5 }, amendments: [{ id: 'c1-amend-1' }] },
        ],
      });
      expect(full.parties.find((p: { id: string }) => p.id === 'mopwh').roles).toEqual([
        'buyer',
        'procuringEntity',
      ]);
      expect(open).toMatchObject({ tag: ['tender'], tender: { status: 'active', numberOfTenderers: 1 } });
      // the validator is not lenient: a release without its ocid, or with a tag outside the codelist, fails
      expect(v.release({ ...full, ocid: undefined })).toBe(false);
      expect(v.release({ ...full, tag: ['bidding'] })).toBe(false);
      // paging
      const page2 = (await app.inject('/api/v1/export/ocds?offset=1&limit=1')).json();
      expect(page2.releases.map((r: { ocid: string }) => r.ocid)).toEqual(['ocds-amanah-t-open']);
    } finally {
      await app.close();
    }
  });
});
