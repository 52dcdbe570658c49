import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeKeyFile } from '../../src/client/signer.js';
import { keyPairFromSeed } from '../../src/domain/keys.js';
import { systemClock } from '../../src/services/clock.js';
import { CommandService } from '../../src/services/command-service.js';
import { openStore } from '../../src/store/database.js';
import { ORIGIN } from '../support/actors.js';
import { seedAccess } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'amanah-beneficiaries-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI from source, as a separate process (`node --import tsx src/cli/run.ts …`). */
function amanahSrc(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', ...args], {
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// The private store's storage is tested on both databases in beneficiaries.test.ts; this is the
// command, on a SQLite file (CI's PostgreSQL pass leaves it out: scripts/database-tests.js).
describe('amanah access beneficiaries', () => {
  it('reports a distribution with its beneficiaries, opens, finds and erases a record', async () => {
    const db = join(dir, 'amanah.db');
    const store = await openStore(db);
    const svc = new CommandService({ store, origin: ORIGIN, clock: systemClock });
    const log = await seedAccess(svc, store, systemClock);
    await log.send(log.partner, 'distribution-point.registered', {
      pointId: 'dp-1',
      kind: 'food-parcels',
      name: { en: 'Parcels', ar: 'طرود' },
      governorate: 'PS0270',
      operator: 'kitchens-ngo',
    });
    await svc.close();
    await store.close();
    // the same seed as the test signer "kitchen-partner" (test/support/actors.ts)
    const key = join(dir, 'partner.json');
    writeKeyFile(
      key,
      keyPairFromSeed(createHash('sha256').update('test:kitchen-partner').digest()),
      'partner',
    );
    const officerKey = join(dir, 'officer.json');
    writeKeyFile(
      officerKey,
      keyPairFromSeed(createHash('sha256').update('test:access-officer').digest()),
      'officer',
    );
    const shared = join(dir, 'shared.key');
    writeFileSync(shared, `${'ab'.repeat(32)}\n`);
    const records = join(dir, 'people.json');
    writeFileSync(
      records,
      JSON.stringify([
        { householdId: 'HH-0042', name: 'Amal Haddad', members: 5 },
        { householdId: 'HH-0043', name: 'Yousef Saleh' },
      ]),
    );
    const today = new Date().toISOString().slice(0, 10);
    const where = ['--db', db, '--key', key];

    const reported = await amanahSrc([
      ...['access', 'beneficiaries', 'report', '--report', 'r-1', '--point', 'dp-1', '--date', today],
      ...['--records', records, '--shared-key', shared, '--parcels', '2', ...where],
    ]);
    expect(reported.stderr).toBe('');
    expect(reported.stdout).toMatch(/distribution\.reported accepted at log entry \d+/);
    expect(reported.stdout).toContain('2 beneficiary records kept in the private store');
    expect(existsSync(join(dir, 'amanah.private.db'))).toBe(true);
    // the log's database file holds no name
    expect(readFileSync(db).toString('latin1')).not.toContain('Amal Haddad');

    const found = await amanahSrc([
      ...['access', 'beneficiaries', 'household', 'hh 0042', '--shared-key', shared],
      ...where,
    ]);
    expect(found.code).toBe(0);
    const household = JSON.parse(found.stdout) as {
      agencies: string[];
      records: Array<{ commitment: string }>;
    };
    expect(household.agencies).toEqual(['kitchens-ngo']);
    const commitment = household.records[0]!.commitment;

    const opened = await amanahSrc(['access', 'beneficiaries', 'open', commitment, ...where]);
    expect(JSON.parse(opened.stdout)).toMatchObject({
      record: { householdId: 'HH-0042', name: 'Amal Haddad', members: 5 },
      opens: true,
      onLog: true,
    });

    // another organisation's key is refused: one clear line, non-zero exit
    const refused = await amanahSrc([
      'access',
      'beneficiaries',
      'open',
      commitment,
      '--db',
      db,
      '--key',
      officerKey,
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/^amanah: ROLE_REQUIRED: .*held by kitchens-ngo/);

    const erased = await amanahSrc([
      ...['access', 'beneficiaries', 'erase', commitment, '--reason', 'asked by the person'],
      ...where,
    ]);
    expect(erased.code).toBe(0);
    const after = await amanahSrc(['access', 'beneficiaries', 'open', commitment, ...where]);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/^amanah: BENEFICIARY_ERASED: /);

    const bad = await amanahSrc(['access', 'beneficiaries', 'open', 'not-a-commitment', ...where]);
    expect(bad.stderr).toMatch(/^amanah: VALIDATION_FAILED: .*payload\.commitment/);
  }, 120_000);
});
