import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amanah } from '../support/cli.js';

const DATA = '../shared/data/displacement-damage-by-governorate';

// The built command (npm run build:server), on a SQLite file filled by `amanah demo`.
describe('amanah fund and amanah import indicators', () => {
  let dir: string;
  let db: string;
  let keys: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amanah-fund-cli-'));
    db = join(dir, 'amanah.db');
    keys = join(dir, 'keys');
    const r = await amanah(['demo', '--db', db, '--keys-dir', keys]);
    expect(r.code, r.stderr).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the position, the needs report and the history', async () => {
    const pos = await amanah(['fund', 'position', '--db', db, '--json']);
    expect(pos.code).toBe(0);
    const usd = JSON.parse(pos.stdout).currencies.find((c: { currency: string }) => c.currency === 'USD');
    expect(BigInt(usd.committed)).toBeGreaterThanOrEqual(3_800_000_000n);
    const text = await amanah(['fund', 'position', '--db', db]);
    expect(text.stdout).toMatch(/^currency +pledged +received/m);
    expect(text.stdout).toMatch(/^JOD +[\d,]+\.\d{3} +[\d,]+\.\d{3}/m);

    const needs = await amanah(['fund', 'needs', '--db', db, '--by', 'sector']);
    expect(needs.code).toBe(0);
    expect(needs.stdout).toContain('needs formula version 1 (decision needs-formula-1)');
    expect(needs.stdout).toMatch(/alloc-health-rafah-2 +PS0275 health +8,000,000\.00 +[\d.]+ % +yes/);

    const history = await amanah(['fund', 'history', '--db', db, '--sector', 'health']);
    expect(history.stdout).toContain('sector:health, USD');
    const byGov = await amanah(['fund', 'position', '--by', 'governorate', '--db', db]);
    expect(byGov.stdout).toMatch(/^PS0260 +USD/m);
  });

  it('signs money commands with a key file, and refuses bad amounts with one clear line', async () => {
    const pledge = (amount: string, id: string) =>
      amanah([
        'fund',
        'pledge',
        '--db',
        db,
        '--key',
        join(keys, 'qatar-signatory.json'),
        '--id',
        id,
        '--donor',
        'qatar',
        '--amount',
        amount,
        '--currency',
        'USD',
        '--date',
        '2026-01-05',
      ]);
    const bad = await pledge('12.345', 'pledge-qatar-9');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'amanah: VALIDATION_FAILED: "12.345" has a fraction of a minor unit: USD has 2 decimal places',
    );
    const negative = await pledge('-5', 'pledge-qatar-9');
    expect(negative.stderr).toMatch(/not an amount/);
    const ok = await pledge('1000.50', 'pledge-qatar-9');
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^pledge\.recorded accepted at log entry \d+/);
    const again = await pledge('1000.50', 'pledge-qatar-9');
    expect(again.stderr).toMatch(/^amanah: ALREADY_EXISTS: pledge "pledge-qatar-9" is already recorded/);
    const donor = JSON.parse((await amanah(['fund', 'donor', 'qatar', '--db', db, '--json'])).stdout);
    expect(donor.pledges.find((p: { id: string }) => p.id === 'pledge-qatar-9').amount).toEqual({
      value: '100050',
      currency: 'USD',
    });

    const over = await amanah([
      'fund',
      'disburse',
      '--db',
      db,
      '--key',
      join(keys, 'secretariat-head.json'),
      '--id',
      'disb-too-much',
      '--allocation',
      'alloc-housing-gaza-1',
      '--partner',
      'gaza-municipality',
      '--amount',
      '90000000',
      '--currency',
      'USD',
      '--date',
      '2026-02-03',
    ]);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(
      /^amanah: OVER_DISBURSED: allocation "alloc-housing-gaza-1" has 3,000,000\.00 USD left/,
    );

    const journal = await amanah([
      'fund',
      'journal',
      '--db',
      db,
      '--account',
      'cash:uncommitted',
      '--limit',
      '3',
    ]);
    expect(journal.stdout).toMatch(/3 of \d+ lines/);
  });

  it.skipIf(!existsSync(DATA))(
    'imports the needs indicators of the public series (skipped without ../shared/data)',
    async () => {
      const r = await amanah([
        'import',
        'indicators',
        `${DATA}/covariates.csv`,
        `${DATA}/population_gaza_base.csv`,
        '--latest',
        '--db',
        db,
        '--key',
        join(keys, 'secretariat-head.json'),
      ]);
      expect(r.stderr).toBe('');
      // 5 covariates × 5 governorates, 2 population series × 5; the demo recorded 15 of them already
      expect(r.stdout).toBe('20 indicator values recorded, 15 already recorded, from 2 files\n');
      const refused = await amanah([
        'import',
        'indicators',
        `${DATA}/unrwa_idp_counts.csv`,
        '--db',
        db,
        '--key',
        join(keys, 'secretariat-head.json'),
      ]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/no governorate column/);
    },
    60_000,
  );
});
