import { statSync } from 'node:fs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { amanah } from '../support/cli.js';
import { freshStore, STORE_KINDS } from '../support/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'amanah-cli-'));

/** One line on stderr, a non-zero exit, the code named. */
function expectOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code).not.toBe(0);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe.each(STORE_KINDS)('amanah demo and replay on %s', (kind) => {
  it('fills a database through signed commands, replays it identically, and names a tampered row', async () => {
    const { store, target, dispose } = await freshStore(kind);
    await store.close();
    try {
      const demo = await amanah(['demo', '--db', target, '--seed', '3']);
      expect(demo.stderr).toBe('');
      expect(demo.stdout).toMatch(/Demo seed 3 scale 1: \d+ events added, 0 already present/);
      const again = await amanah(['demo', '--db', target, '--seed', '3']);
      expect(again.stdout).toMatch(/: 0 events added, \d+ already present/);

      const ok = await amanah(['replay', '--db', target]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(
        /^identical: \d+ events replayed; log_info 1, orgs \d+, actor_keys \d+, governorates 5, crossings 8/,
      );

      const live = await openStore(target);
      await sql`update orgs set name_en = 'Changed outside the log' where id = 'qatar'`.execute(live.db);
      await live.close();
      const bad = await amanah(['replay', '--db', target]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(
        'different: table orgs, row qatar: column name_en: live "Changed outside the log", replayed "Qatar"',
      );
    } finally {
      await dispose();
    }
  }, 180_000);
});

describe('amanah keys, signing and errors', () => {
  it('creates a private key file once, readable by its owner only', async () => {
    const file = join(dir, 'k1.json');
    const r = await amanah(['keygen', '--out', file, '--label', 'test']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ keyId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expectOneLineError(await amanah(['keygen', '--out', file]), /^amanah: ALREADY_EXISTS: .*exists/);
  });

  it('starts a log, signs a command offline and submits it once', async () => {
    const db = join(dir, 'own.db');
    const key = join(dir, 'secretariat.json');
    const init = await amanah(['init', '--db', db, '--origin', 'own.example/log', '--key', key]);
    expect(init.stdout).toMatch(/Log "own.example\/log" started at entry 0/);
    const keyId = JSON.parse(readFileSync(key, 'utf8')).keyId as string;
    expect(init.stdout).toContain(keyId);

    const payload = JSON.stringify({
      id: 'qatar',
      kind: 'member-state',
      country: 'QA',
      name: { en: 'Qatar', ar: 'قطر' },
    });
    const signed = await amanah([
      'sign',
      '--key',
      key,
      '--origin',
      'own.example/log',
      '--type',
      'org.registered',
      '--payload',
      payload,
    ]);
    expect(signed.code).toBe(0);
    const event = JSON.parse(signed.stdout);
    expect(event).toMatchObject({ type: 'org.registered', actor: keyId, sig: expect.any(String) });

    const first = await amanah(['submit', '-', '--db', db], { input: signed.stdout });
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({ index: 1, status: 'accepted' });
    const second = await amanah(['submit', '-', '--db', db], { input: signed.stdout });
    expect(JSON.parse(second.stdout)).toMatchObject({ index: 1, status: 'duplicate' });

    const forged = JSON.stringify({
      ...event,
      id: 'forged-000000000001',
      payload: { ...event.payload, id: 'qatar-2' },
    });
    expectOneLineError(await amanah(['submit', forged, '--db', db]), /^amanah: SIGNATURE_INVALID: /);
    expectOneLineError(
      await amanah([
        'sign',
        '--key',
        key,
        '--origin',
        'own.example/log',
        '--type',
        'org.registered',
        '--payload',
        '{"id":"Q"}',
      ]),
      /^amanah: VALIDATION_FAILED: the payload of org.registered is not valid: payload\.id/,
    );
    expectOneLineError(await amanah(['submit', '{nope', '--db', db]), /^amanah: MALFORMED_JSON/);
  });

  it('says clearly what is wrong with arguments and databases', async () => {
    expectOneLineError(
      await amanah(['demo', '--db', join(dir, 'x.db'), '--scale', '0']),
      /scale must be an integer from 1/,
    );
    expectOneLineError(
      await amanah(['replay', '--db', 'postgres://postgres@127.0.0.1:1/none']),
      /^amanah: DATABASE_UNAVAILABLE: .*127\.0\.0\.1:1/,
    );
    expectOneLineError(
      await amanah([
        'sign',
        '--key',
        join(dir, 'missing.json'),
        '--origin',
        'a/b',
        '--type',
        'x.y',
        '--payload',
        '{}',
      ]),
      /^amanah: VALIDATION_FAILED: cannot read key file/,
    );
    const demoIntoOther = await amanah(['demo', '--db', join(dir, 'own.db')]);
    expectOneLineError(demoIntoOther, /holds the log "own.example\/log", not the demo log/);
  });
});
