import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessTransport } from '../../src/cli/context.js';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { importIati } from '../../src/services/iati/import.js';
import type { Store } from '../../src/store/database.js';
import { logSize } from '../../src/store/log-repository.js';
import { ORIGIN } from '../support/actors.js';
import { seedCouncil, type Council } from '../support/governance.js';
import { haveIatiStandards, IATI_DIR } from '../support/iati.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const EXAMPLES = join(IATI_DIR, 'examples');
const ANNOTATED = join(EXAMPLES, 'activity-standard-example-annotated.xml');
const GAZA_SAMPLE = join(IATI_DIR, 'samples-authored', 'gaza-housing-reconstruction-sample.xml');

describe.skipIf(!haveIatiStandards)('amanah import iati (../shared/standards/iati)', () => {
  describe.each(STORE_KINDS)('on %s', (kind) => {
    let store: Store;
    let dispose: () => Promise<void>;
    let svc: CommandService;
    let council: Council;
    let app: FastifyInstance;
    let dir: string;
    const clock = fixedClock(NOW);
    const run = (file: string, signer = council.head) =>
      importIati({ file, signer, transport: inProcessTransport(svc), now: () => clock.now() });

    beforeAll(async () => {
      ({ store, dispose } = await freshStore(kind));
      svc = new CommandService({ store, origin: ORIGIN, clock });
      council = await seedCouncil(svc, clock);
      app = await buildApp({ store, clock, origin: ORIGIN, web: false, log: { key: testLogKey(ORIGIN) } });
      dir = mkdtempSync(join(tmpdir(), 'amanah-iati-'));
    });
    afterAll(async () => {
      await app.close();
      await svc.close();
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('records the official annotated example: the activity, its budgets and its transaction', async () => {
      const s = await run(ANNOTATED);
      expect(s.activities).toEqual({ seen: 1, recorded: 1, unchanged: 0, rejected: 0 });
      expect(s.transactions).toBe(1);
      const a = (await app.inject('/api/v1/iati/activities/AA-AAA-123456789-ABC123')).json();
      expect(a).toMatchObject({
        identifier: 'AA-AAA-123456789-ABC123',
        reportingOrg: { ref: 'AA-AAA-123456789', name: 'Organisation name' },
        status: '2',
        humanitarian: true,
        inPalestine: false,
        transactions: { reported: 1, recorded: 1 },
        source: { file: 'activity-standard-example-annotated.xml', sha256: s.sha256 },
      });
      expect(a.title).toEqual([
        { lang: 'en', text: 'Activity title' },
        { lang: 'fr', text: "Titre de l'activité" },
        { lang: 'es', text: 'Título de la actividad' },
      ]);
      expect(a.budgets.length).toBeGreaterThan(0);
      expect(a.transactionList).toEqual([
        expect.objectContaining({
          seq: 0,
          type: '1',
          date: '2012-01-01',
          value: '1000',
          currency: 'EUR',
          ref: '1234',
        }),
      ]);
      expect(a.locations[0]).toEqual({ name: 'Location name', point: { lat: 31.616944, lon: 65.716944 } });
    });

    it('records the Gaza sample with its flows, and lists it among activities in Palestine', async () => {
      const s = await run(GAZA_SAMPLE);
      expect(s.activities.recorded).toBe(1);
      expect(s.transactions).toBe(2);
      const list = (await app.inject('/api/v1/iati/activities?country=PS')).json();
      expect(list.total).toBe(1);
      expect(list.items[0]).toMatchObject({ identifier: 'XM-EXAMPLE-GZRF-0001', inPalestine: true });
      const a = (await app.inject('/api/v1/iati/activities/XM-EXAMPLE-GZRF-0001')).json();
      expect(a.transactionList.map((t: { type: string; value: string }) => [t.type, t.value])).toEqual([
        ['11', '5000000'],
        ['3', '1250000'],
      ]);
      expect(a.title).toContainEqual({ lang: 'ar', text: 'ترميم الوحدات السكنية المتضررة جزئيا، خان يونس' });
    });

    it('importing the same files again adds nothing', async () => {
      const before = await logSize(store.db);
      const s1 = await run(ANNOTATED);
      const s2 = await run(GAZA_SAMPLE);
      expect(s1.activities).toEqual({ seen: 1, recorded: 0, unchanged: 1, rejected: 0 });
      expect(s2.activities.unchanged).toBe(1);
      expect(await logSize(store.db)).toBe(before);
    });

    it('schema-valid test files whose activities cannot be records are listed with line and reason', async () => {
      for (const f of [
        'test-should-pass-19-budget.xml',
        'test-should-pass-21-transaction.xml',
        'test-should-pass-44-fss.xml',
        'test-should-pass-humanitarian-03-humanitarian-scope.xml',
        'test-should-pass-location-01-generic-location.xml',
      ]) {
        const before = await logSize(store.db);
        const s = await run(join(EXAMPLES, f));
        expect(s.activities, f).toEqual({ seen: 1, recorded: 0, unchanged: 0, rejected: 1 });
        expect(s.rejections[0]).toMatchObject({
          line: expect.any(Number),
          reason: 'iati-identifier is empty',
        });
        expect(await logSize(store.db)).toBe(before);
      }
    });

    it('a file that fails the schema is refused whole, with the schema’s message and line', async () => {
      const broken = readFileSync(GAZA_SAMPLE, 'utf8')
        .replace('XM-EXAMPLE-GZRF-0001', 'XM-EXAMPLE-GZRF-0002')
        .replace('<activity-status code="2"/>', '')
        .replace('<reporting-org', '<activity-status code="2"/>\n    <reporting-org');
      const file = join(dir, 'broken.xml');
      writeFileSync(file, broken);
      const before = await logSize(store.db);
      const line = broken.slice(0, broken.indexOf('<activity-status')).split('\n').length;
      await expect(run(file)).rejects.toMatchObject({
        code: 'IATI_SCHEMA_INVALID',
        message: expect.stringMatching(
          new RegExp(
            `^broken\\.xml does not validate .*: line ${line}: Element 'activity-status': This element is not expected`,
          ),
        ),
      });
      expect(await logSize(store.db)).toBe(before);

      writeFileSync(file, '<iati-activities version="2.03"><iati-activity>');
      await expect(run(file)).rejects.toMatchObject({ code: 'IATI_SCHEMA_INVALID', message: /line 1/ });
    });

    it('a changed activity becomes a new version; its transactions replace the old ones', async () => {
      const changed = readFileSync(GAZA_SAMPLE, 'utf8')
        .replace('2025-11-20T00:00:00Z"\n', '2025-12-01T00:00:00Z"\n')
        .replace(
          '<value currency="USD" value-date="2026-02-01">1250000</value>',
          '<value currency="USD" value-date="2026-02-01">1300000</value>',
        );
      const file = join(dir, 'gaza-v2.xml');
      writeFileSync(file, changed);
      const s = await run(file);
      expect(s.activities.recorded).toBe(1);
      const a = (await app.inject('/api/v1/iati/activities/XM-EXAMPLE-GZRF-0001')).json();
      expect(a.versions).toBe(2);
      expect(a.source.file).toBe('gaza-v2.xml');
      expect(a.transactionList.map((t: { value: string }) => t.value)).toEqual(['5000000', '1300000']);
    });

    it('only the secretariat records IATI activities', async () => {
      const file = join(dir, 'by-partner.xml');
      writeFileSync(
        file,
        readFileSync(GAZA_SAMPLE, 'utf8').replace('XM-EXAMPLE-GZRF-0001', 'XM-EXAMPLE-GZRF-0003'),
      );
      const s = await run(file, council.partner);
      expect(s.activities.rejected).toBe(1);
      expect(s.rejections[0]!.reason).toMatch(/^ROLE_REQUIRED: .*secretariat/);
    });

    it('transactions out of order, or for a superseded version, are refused', async () => {
      const a = (await app.inject('/api/v1/iati/activities/XM-EXAMPLE-GZRF-0001')).json();
      const tx = { type: '3', date: '2026-03-01', value: '10', currency: 'USD', line: 1 };
      await expect(
        council.send(council.head, 'iati.transactions.recorded', {
          identifier: 'XM-EXAMPLE-GZRF-0001',
          activityEventId: a.eventId,
          first: 5,
          transactions: [tx],
        }),
      ).rejects.toMatchObject({ code: 'IATI_TRANSACTIONS_OUT_OF_ORDER' });
      await expect(
        council.send(council.head, 'iati.transactions.recorded', {
          identifier: 'XM-EXAMPLE-GZRF-0001',
          activityEventId: 'an-older-version-id-0001',
          first: 2,
          transactions: [tx],
        }),
      ).rejects.toMatchObject({ code: 'IATI_VERSION_SUPERSEDED' });
    });

    it('unknown ids are a 404 and malformed filters a 400', async () => {
      expect((await app.inject('/api/v1/iati/activities/XM-NOPE-1')).statusCode).toBe(404);
      const bad = await app.inject('/api/v1/iati/activities?country=palestine');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toMatch(/country/);
    });
  });
});
