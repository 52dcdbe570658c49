import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessTransport } from '../../src/cli/context.js';
import { DEMO_ORIGIN, generateDemo } from '../../src/demo/generate.js';
import { buildApp } from '../../src/http/app.js';
import { majorUnits } from '../../src/services/iati/activity.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { haveIatiStandards, iatiCodes, xmllintIati } from '../support/iati.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');

describe.each(STORE_KINDS)('GET /api/v1/export/iati of the demo on %s', (kind) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let xml: string;

  beforeAll(async () => {
    const fresh = await freshStore(kind);
    dispose = fresh.dispose;
    const clock = fixedClock(NOW);
    const commands = new CommandService({ store: fresh.store, origin: DEMO_ORIGIN, clock });
    await generateDemo({ transport: inProcessTransport(commands), seed: 1, now: () => clock.now() });
    await commands.close();
    app = await buildApp({
      store: fresh.store,
      clock,
      origin: DEMO_ORIGIN,
      web: false,
      log: { key: testLogKey(DEMO_ORIGIN) },
    });
    const r = await app.inject('/api/v1/export/iati');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/xml; charset=utf-8');
    xml = r.body;
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('has one activity per project, each with its sector, place, budget and partner', async () => {
    const projects = (await app.inject('/api/v1/projects?limit=1')).json() as { total: number };
    expect(projects.total).toBeGreaterThan(100);
    expect(xml.match(/<iati-activity /g)?.length).toBe(projects.total);
    const first = (await app.inject('/api/v1/projects?limit=1')).json().items[0] as {
      id: string;
      dacCode: string;
      budget: { value: string; currency: 'USD' };
    };
    const block = xml.slice(xml.indexOf(`<iati-identifier>XM-AMANAH-${first.id}</iati-identifier>`));
    const activity = block.slice(0, block.indexOf('</iati-activity>'));
    expect(activity).toContain(`<sector vocabulary="1" code="${first.dacCode}" percentage="100"/>`);
    expect(activity).toContain(`>${majorUnits(BigInt(first.budget.value), first.budget.currency)}</value>`);
    expect(activity).toMatch(/<participating-org ref="XM-AMANAH-[a-z0-9-]+" [^>]*role="4"/);
    expect(activity).toMatch(/<recipient-country code="PS" percentage="100"\/>/);
  });

  it('every transaction names the log entry it comes from, and its amount is that entry’s', async () => {
    const refs = [
      ...xml.matchAll(
        /<transaction ref="log-(\d+)">[\s\S]*?<value currency="([A-Z]{3})"[^>]*>([^<]+)<\/value>/g,
      ),
    ];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, index, currency, value] of refs.slice(0, 20)) {
      const e = (await app.inject(`/api/v1/events/${index}`)).json() as {
        event: { payload: { amount: { value: string; currency: 'USD' } } };
      };
      const amount = e.event.payload.amount;
      expect(amount.currency).toBe(currency);
      expect(majorUnits(BigInt(amount.value), amount.currency)).toBe(value);
    }
  });

  it.skipIf(!haveIatiStandards)('validates against the IATI 2.03 schema and uses only listed codes', () => {
    const r = xmllintIati(xml);
    expect(r.output).toMatch(/validates/);
    expect(r.ok).toBe(true);
    const check = (list: string, re: RegExp) => {
      const known = iatiCodes(list);
      for (const m of xml.matchAll(re)) expect(known.has(m[1]!), `${m[1]} in ${list}`).toBe(true);
    };
    check('TransactionType', /<transaction-type code="([^"]+)"/g);
    check('ActivityStatus', /<activity-status code="([^"]+)"/g);
    check('OrganisationType', /<(?:participating|reporting|provider|receiver)-org[^>]* type="([^"]+)"/g);
    check('OrganisationRole', /<participating-org[^>]* role="([^"]+)"/g);
    check('Sector', /<sector vocabulary="1" code="([^"]+)"/g);
    check('Currency', / currency="([^"]+)"/g);
  });
});
