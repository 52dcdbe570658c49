import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { generateDemo } from '../../src/demo/generate.js';
import { inProcessTransport } from '../../src/cli/context.js';
import { logSize } from '../../src/store/log-repository.js';
import type { Store } from '../../src/store/database.js';
import { genesisPayload, nextId, ORIGIN, testSigner } from '../support/actors.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';
import { testLogKey } from '../support/log-key.js';
import { Signer } from '../../src/client/signer.js';
import { keyPairFromSeed } from '../../src/domain/keys.js';
import { demoKeySeed } from '../../src/demo/random.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const head = testSigner('head');

describe.each(STORE_KINDS)('HTTP API on %s', (kind) => {
  let app: FastifyInstance;
  let store: Store;
  let dispose: () => Promise<void>;
  const clock = fixedClock(NOW);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/commands',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const signed = (type: string, payload: Record<string, unknown>, id = nextId()) =>
    head.sign(ORIGIN, type, payload, { id, time: NOW });

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    app = await buildApp({ store, clock, origin: ORIGIN, web: false, log: { key: testLogKey(ORIGIN) } });
    expect((await post(signed('log.genesis', genesisPayload(head)))).statusCode).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  /** Asserts an RFC 9457 problem with the code, naming the field, and that the log did not grow. */
  async function expectProblem(
    res: Awaited<ReturnType<typeof post>>,
    status: number,
    code: string,
    path?: string,
  ): Promise<void> {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = res.json();
    expect(p).toMatchObject({ status, code });
    expect(typeof p.detail).toBe('string');
    expect(p.instance).toContain(res.headers['x-request-id']);
    if (path) expect(p.errors.map((e: { path: string }) => e.path)).toContain(path);
  }

  it('answers health, with the database kind', async () => {
    const res = await app.inject('/api/v1/health');
    expect(res.json()).toEqual({ status: 'ok', database: kind, logSize: 1 });
  });

  it('accepts a signed command with 201, and its retry with 200 duplicate', async () => {
    const e = signed('org.registered', {
      id: 'qatar',
      kind: 'member-state',
      country: 'QA',
      name: { en: 'Qatar', ar: 'قطر' },
    });
    const a = await post(e);
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ index: 1, status: 'accepted', type: 'org.registered' });
    const b = await post(e);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toMatchObject({ index: 1, status: 'duplicate' });
    const org = await app.inject('/api/v1/orgs/qatar');
    expect(org.json()).toMatchObject({ id: 'qatar', kind: 'member-state', name: { ar: 'قطر' }, logIndex: 1 });
    const entry = await app.inject('/api/v1/events/1');
    expect(entry.json().event).toEqual(e);
  });

  it('refuses bad input with problem+json naming the field, and writes nothing', async () => {
    const before = await logSize(store.db);
    await expectProblem(await post('{"v":1,'), 400, 'MALFORMED_JSON');
    await expectProblem(await post(''), 400, 'MALFORMED_JSON');
    await expectProblem(await post('x', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectProblem(await post([1, 2]), 400, 'VALIDATION_FAILED');
    const ok = signed('org.registered', {
      id: 'egypt',
      kind: 'member-state',
      country: 'EG',
      name: { en: 'Egypt', ar: 'مصر' },
    });
    await expectProblem(await post({ ...ok, v: '1' }), 400, 'VALIDATION_FAILED', 'v');
    await expectProblem(await post({ ...ok, time: 'yesterday' }), 400, 'VALIDATION_FAILED', 'time');
    await expectProblem(await post({ ...ok, surplus: 1 }), 400, 'VALIDATION_FAILED');
    await expectProblem(await post({ ...ok, type: 'org.annexed' }), 400, 'UNKNOWN_EVENT_TYPE', 'type');
    await expectProblem(
      await post({ ...ok, payload: { ...ok.payload, id: 'egypt-x' } }),
      401,
      'SIGNATURE_INVALID',
      'sig',
    );
    await expectProblem(await post({ ...ok, sig: undefined }), 401, 'SIGNATURE_MISSING', 'sig');
    await expectProblem(
      await post(
        signed('org.registered', {
          id: 'egypt',
          kind: 'member-state',
          country: 'EG',
          name: { en: 'Egypt', ar: 'مصر' },
          flag: true,
        }),
      ),
      400,
      'VALIDATION_FAILED',
      'payload',
    );
    await expectProblem(
      await post(
        signed('org.registered', {
          id: 'egypt',
          kind: 'member-state',
          country: 'EGY',
          name: { en: 'Egypt', ar: 'مصر' },
        }),
      ),
      400,
      'VALIDATION_FAILED',
      'payload.country',
    );
    await expectProblem(await post(JSON.stringify({ pad: 'x'.repeat(300 * 1024) })), 413, 'BODY_TOO_LARGE');
    const stranger = testSigner('stranger').sign(ORIGIN, 'org.registered', ok.payload, {
      id: nextId(),
      time: NOW,
    });
    await expectProblem(await post(stranger), 401, 'KEY_UNKNOWN', 'actor');
    expect(await logSize(store.db)).toBe(before);
  });

  it('validates query parameters and answers unknown ids and routes with 404 problems', async () => {
    await expectProblem(
      (await app.inject('/api/v1/orgs?limit=abc')) as never,
      400,
      'VALIDATION_FAILED',
      'querystring.limit',
    );
    await expectProblem(
      (await app.inject('/api/v1/orgs?kind=empire')) as never,
      400,
      'VALIDATION_FAILED',
      'querystring.kind',
    );
    await expectProblem((await app.inject('/api/v1/orgs?colour=red')) as never, 400, 'VALIDATION_FAILED');
    await expectProblem((await app.inject('/api/v1/orgs/nobody')) as never, 404, 'NOT_FOUND');
    await expectProblem((await app.inject('/api/v1/events/999999')) as never, 404, 'NOT_FOUND');
    await expectProblem((await app.inject('/api/v1/nothing-here')) as never, 404, 'NOT_FOUND');
  });

  it('keeps a caller-supplied request id and generates one otherwise', async () => {
    const a = await app.inject({ url: '/api/v1/health', headers: { 'x-request-id': 'trace-12345678' } });
    expect(a.headers['x-request-id']).toBe('trace-12345678');
    const b = await app.inject('/api/v1/health');
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes an OpenAPI 3.1 document built from the schemas, and its browser', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/commands', '/api/v1/overview', '/api/v1/orgs']),
    );
    const body = doc.paths['/api/v1/commands'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(body)).toContain('"sig"');
    expect(doc.paths['/api/v1/orgs'].get.parameters.map((p: { name: string }) => p.name)).toContain('kind');
    const ui = await app.inject('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
    const types = (await app.inject('/api/v1/event-types')).json();
    expect(types.items.map((t: { type: string }) => t.type)).toContain('key.revoked');
  });
});

describe.each(STORE_KINDS)('overview of the demo on %s', (kind) => {
  it('counts what the demo recorded', async () => {
    const { store, dispose } = await freshStore(kind);
    const clock = fixedClock(NOW);
    const commands = new CommandService({ store, origin: 'demo.amanah.local/log', clock });
    try {
      const s = await generateDemo({
        transport: inProcessTransport(commands),
        seed: 7,
        now: () => clock.now(),
      });
      await commands.close();
      const app = await buildApp({
        store,
        clock,
        origin: 'demo.amanah.local/log',
        web: false,
        log: { key: testLogKey('demo.amanah.local/log') },
      });
      const o = (await app.inject('/api/v1/overview')).json();
      const fig = Object.fromEntries(o.figures.map((f: { key: string; value: number }) => [f.key, f.value]));
      expect(fig).toMatchObject({
        memberStates: 7,
        palestinianBodies: 1,
        governorates: 5,
        crossings: 8,
        revokedKeys: 1,
        events: s.events,
      });
      expect(fig.partners).toBeGreaterThanOrEqual(11 + 12);
      expect(o.logSize).toBe(s.events);

      // The figures are cached for readers, but a write through this server is seen at once.
      const partnersBefore = fig.partners as number;
      const secretariat = new Signer(keyPairFromSeed(demoKeySeed(7, 'secretariat-head')), 'head');
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/commands',
        payload: secretariat.sign(
          'demo.amanah.local/log',
          'org.registered',
          {
            id: 'new-partner-after-cache',
            kind: 'implementing-partner',
            partnerType: 'ngo',
            name: { en: 'A partner registered after the first read', ar: 'شريك سُجّل بعد القراءة الأولى' },
          },
          { id: nextId(), time: clock.now() },
        ),
      });
      expect(r.statusCode).toBe(201);
      const after = (await app.inject('/api/v1/overview')).json();
      expect(after.logSize).toBe(s.events + 1);
      expect(after.figures.find((f: { key: string }) => f.key === 'partners').value).toBe(partnersBefore + 1);
      const g = (await app.inject('/api/v1/governorates')).json();
      expect(g.items.map((x: { name: { en: string } }) => x.name.en)).toEqual([
        'North Gaza',
        'Gaza',
        'Deir al-Balah',
        'Khan Younis',
        'Rafah',
      ]);
      await app.close();
    } finally {
      await dispose();
    }
  });
});
