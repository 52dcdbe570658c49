import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { amanah } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'amanah-access-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A COGAT-shaped file: 40 trucks a day through the land crossings for 10 days, and three bad rows. */
function cogatFile(path: string): void {
  const lines = ['Index,Date,Route,Classification,Donor,Aid (tons)'];
  let i = 0;
  for (let d = 1; d <= 10; d++)
    for (let t = 0; t < 40; t++)
      lines.push(`${++i},${d} Mar 2024,Land Crossings,Food,Jordan,${t % 2 ? '-' : '12.5'}`);
  lines.push(`${++i},31 Feb 2024,Land Crossings,Food,Jordan,10`);
  lines.push(`${++i},2 Mar 2024,Submarine,Food,Jordan,10`);
  lines.push(`${++i},2 Mar 2024,Land Crossings,Food,"Jordan, and others",-4`);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}

describe('amanah import cogat and amanah access', () => {
  it('imports with a summary and a report, adds nothing the second time, and charts the days', async () => {
    const db = join(dir, 'access.db');
    const keys = join(dir, 'keys');
    expect((await amanah(['demo', '--db', db, '--keys-dir', keys])).code).toBe(0);
    const file = join(dir, 'cogat.csv');
    cogatFile(file);
    const report = join(dir, 'rejected.csv');
    const args = [
      'import',
      'cogat',
      file,
      '--db',
      db,
      '--key',
      join(keys, 'secretariat-access.json'),
      '--report',
      report,
    ];
    // a key without the access-officer role cannot import: one clear line, non-zero exit
    const denied = await amanah([
      ...args.slice(0, 5),
      '--key',
      join(keys, 'secretariat-monitor-1.json'),
      '--report',
      join(dir, 'denied.csv'),
    ]);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/^amanah: (ROLE_REQUIRED|VALIDATION_FAILED): /);

    const r = await amanah(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^cogat .*cogat\.csv: 403 rows, 400 accepted, 0 already present, 3 rejected \(reasons in .*rejected\.csv\); \d+ signed entries in/m,
    );
    // lines of the file: the header is line 1
    expect(readFileSync(report, 'utf8').split('\n').slice(1, 4)).toEqual([
      '402,,"Date ""31 Feb 2024"" is not a date (expected ""25 Feb 2024"")"',
      expect.stringMatching(/^403,,"unknown crossing: Route ""Submarine""/),
      '404,,"Aid (tons) ""-4"" is negative"',
    ]);
    expect(r.stdout).toContain('; crossings registered: land-crossings');
    const again = await amanah(args);
    expect(again.stdout).toMatch(/403 rows, 0 accepted, 400 already present, 3 rejected/);

    const daily = await amanah([
      'access',
      'daily',
      '--from',
      '2024-03-01',
      '--to',
      '2024-03-02',
      '--crossing',
      'land-crossings',
      '--db',
      db,
    ]);
    expect(daily.code).toBe(0);
    // 40 trucks a day, 20 of them with 12.5 t each: 250 t
    expect(daily.stdout).toContain('2024-03-01      40    250.0  below    6.7');
    expect(daily.stdout).toContain('2 days: 80 trucks (mean 40 a day), 2 days below the floor of 600');

    const template = await amanah(['access', 'template']);
    expect(template.stdout.split('\n')[1]).toMatch(
      /^#x_consignment\+id,#loc\+crossing\+code,#date\+requested,/,
    );
  }, 240_000);
});
