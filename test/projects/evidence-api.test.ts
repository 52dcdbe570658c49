import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/services/clock.js';
import type { Store } from '../../src/store/database.js';
import { findEvidence } from '../../src/store/project-repository.js';
import { CommandService } from '../../src/services/command-service.js';
import { DATE, seedProjects, type ProjectWorld } from './support.js';
import { ORIGIN } from '../support/actors.js';
import { testLogKey } from '../support/log-key.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

describe.each(STORE_KINDS)('the evidence store over HTTP on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;

  const clock = fixedClock(new Date('2026-11-25T09:00:00.000Z'));
  let w: ProjectWorld;
  let svc: CommandService;

  beforeEach(async () => {
    ({ store, dispose } = await freshStore(kind));
    svc = new CommandService({ store, origin: ORIGIN, clock });
    w = await seedProjects(svc, store, clock);
    await w.approvedProject('ev-p1');
    await w.send(w.partner, 'milestone.reported', {
      projectId: 'ev-p1',
      milestoneId: 'm1',
      date: DATE,
      statement: 'Done',
    });
    app = await buildApp({ store, clock, origin: ORIGIN, web: false, log: { key: testLogKey(ORIGIN) } });
  });
  afterEach(async () => {
    await svc.close();
    await app.close();
    await dispose();
  });

  it('stores a photo under its SHA-256, refuses one whose hash does not match, and serves it back', async () => {
    // larger than the 256 KiB limit of commands: photos have their own limit
    const photo = Buffer.alloc(400_000, 7);
    photo.write('\xff\xd8\xff\xe0', 0, 'latin1');
    const sha = createHash('sha256').update(photo).digest('hex');
    const put = (hash: string, body: Buffer, type = 'image/jpeg') =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/evidence/${hash}`,
        headers: { 'content-type': type },
        payload: body,
      });

    const wrong = await put('a'.repeat(64), photo);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'EVIDENCE_HASH_MISMATCH' });
    expect(wrong.json().detail).toContain(sha);
    expect(await findEvidence(store.db, 'a'.repeat(64))).toBeUndefined();

    expect((await put(sha, photo, 'text/plain')).statusCode).toBe(415);
    expect((await put('not-a-hash', photo)).statusCode).toBe(400);
    // only files a recorded verification cites are kept
    expect((await put(sha, photo)).json()).toMatchObject({ code: 'EVIDENCE_NOT_CITED' });
    await w.send(w.monitor, 'milestone.verified', {
      verificationId: 'ver-ev-1',
      projectId: 'ev-p1',
      milestoneId: 'm1',
      finding: 'confirmed',
      position: { lat: 31.34, lon: 34.31 },
      observedAt: '2026-11-25T08:30:00.000Z',
      statement: 'Seen on site',
      photos: [{ sha256: sha, mediaType: 'image/jpeg', bytes: photo.length }],
    });

    const ok = await put(sha, photo);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ sha256: sha, bytes: 400_000, mediaType: 'image/jpeg', status: 'stored' });
    expect((await put(sha, photo)).json().status).toBe('already-stored');

    const got = await app.inject(`/api/v1/evidence/${sha}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(createHash('sha256').update(got.rawPayload).digest('hex')).toBe(sha);
    expect((await app.inject(`/api/v1/evidence/${'b'.repeat(64)}`)).statusCode).toBe(404);
  });
});
