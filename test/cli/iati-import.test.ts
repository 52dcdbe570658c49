import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { amanah } from '../support/cli.js';
import { haveIatiStandards, IATI_DIR } from '../support/iati.js';

const dir = mkdtempSync(join(tmpdir(), 'amanah-iati-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveIatiStandards)('amanah import iati (../shared/standards/iati)', () => {
  it('records the official example, reports rejected activities, and refuses a file that fails the schema', async () => {
    const db = join(dir, 'iati.db');
    const keys = join(dir, 'keys');
    expect((await amanah(['demo', '--db', db, '--keys-dir', keys])).code).toBe(0);
    const key = join(keys, 'secretariat-head.json');
    const report = join(dir, 'report.json');
    const r = await amanah([
      'import',
      'iati',
      join(IATI_DIR, 'examples', 'activity-standard-example-annotated.xml'),
      join(IATI_DIR, 'examples', 'test-should-pass-21-transaction.xml'),
      '--db',
      db,
      '--key',
      key,
      '--report',
      report,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'activity-standard-example-annotated.xml: 1 activities read, 1 recorded, 0 already recorded, 0 rejected; 1 transactions recorded',
    );
    expect(r.stdout).toContain(
      'test-should-pass-21-transaction.xml: 1 activities read, 0 recorded, 0 already recorded, 1 rejected; 0 transactions recorded',
    );
    expect(JSON.parse(readFileSync(report, 'utf8'))[1].rejections).toEqual([
      { line: 7, reason: 'iati-identifier is empty' },
    ]);

    const again = await amanah([
      'import',
      'iati',
      join(IATI_DIR, 'examples', 'activity-standard-example-annotated.xml'),
      '--db',
      db,
      '--key',
      key,
    ]);
    expect(again.stdout).toContain('1 activities read, 0 recorded, 1 already recorded, 0 rejected');

    const broken = join(dir, 'broken.xml');
    writeFileSync(
      broken,
      '<iati-activities version="2.03">\n  <iati-activity>\n  </iati-activity>\n</iati-activities>\n',
    );
    const bad = await amanah(['import', 'iati', broken, '--db', db, '--key', key]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(
      /^amanah: IATI_SCHEMA_INVALID: broken\.xml does not validate against the IATI activity schema: line 2: Element 'iati-activity': Missing child element/,
    );
  }, 120_000);
});
