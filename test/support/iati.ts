import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const IATI_DIR = join('..', 'shared', 'standards', 'iati');
export const IATI_SCHEMA = join(IATI_DIR, 'schema', 'iati-activities-schema.xsd');

/** Validates an IATI activity file with xmllint against the official 2.03 schema; returns xmllint's verdict. */
export function xmllintIati(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'amanah-iati-'));
  const file = join(dir, 'activities.xml');
  writeFileSync(file, xml);
  try {
    const r = spawnSync('xmllint', ['--noout', '--schema', IATI_SCHEMA, file], { encoding: 'utf8' });
    if (r.error) throw r.error;
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The codes of one IATI codelist (from the JSON copies shipped beside the schema). */
export function iatiCodes(list: string): Set<string> {
  const file = join(IATI_DIR, 'codelists-json', `${list}.json`);
  const json = JSON.parse(readFileSync(file, 'utf8')) as { items: Array<{ code: string }> };
  return new Set(json.items.map((i) => i.code));
}

export const haveIatiStandards = existsSync(IATI_SCHEMA);
