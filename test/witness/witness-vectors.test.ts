/**
 * The 9-step add-checkpoint scenario of ../shared/vectors/witness-add-checkpoint.json (transcribed
 * from torchwood's litewitness tests), over real HTTP against buildWitnessApp, with the state kept
 * in files: once with one app for all steps, once with a new app (a restart) before every step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  TLOG_SIZE_CONTENT_TYPE,
  decodeHex,
  formatSignerKey,
  noteVerifier,
  verifyNote,
} from '../../src/translog/index.js';
import type { WitnessAppOptions } from '../../src/witness/witness-app.js';
import { originHash } from '../../src/witness/witness-state-store.js';
import { postAddCheckpoint, startWitness, tempDir, type RunningWitness } from './support.js';

const FILE = path.resolve(process.cwd(), '../shared/vectors/witness-add-checkpoint.json');
const present = existsSync(FILE);

interface Step {
  desc: string;
  body: string;
  status: number;
  bodyContains?: string;
  responseBody?: string;
  responseContentType?: string;
}
interface Scenario {
  log: { origin: string; vkey: string };
  witness: { name: string; ed25519SeedHex: string; vkey: string };
  roots: Record<string, string>;
  steps: Step[];
}

const TITLE = present
  ? 'tlog-witness add-checkpoint scenario (../shared/vectors/witness-add-checkpoint.json) over HTTP'
  : 'tlog-witness add-checkpoint scenario: SKIPPED because ../shared/vectors/witness-add-checkpoint.json is missing';

describe.skipIf(!present)(TITLE, () => {
  const scenario = (present ? JSON.parse(readFileSync(FILE, 'utf8')) : undefined) as Scenario;
  let running: RunningWitness | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await running?.close();
    running = undefined;
    for (const c of cleanups.splice(0)) await c();
  });

  function options(stateDir: string): WitnessAppOptions {
    return {
      name: scenario.witness.name,
      signerKey: formatSignerKey({
        name: scenario.witness.name,
        seed: decodeHex(scenario.witness.ed25519SeedHex),
      }),
      logs: [{ origin: scenario.log.origin, verifierKeys: [scenario.log.vkey] }],
      stateDir,
      clock: { now: () => new Date('2030-05-01T12:00:00Z') },
    };
  }

  test.each([
    { restartEachStep: false, label: 'one witness process' },
    { restartEachStep: true, label: 'a restart before every step' },
  ])('all 9 steps with $label', async ({ restartEachStep }) => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    running = await startWitness(options(dir.path));
    const info = (await (await fetch(`${running.url}/`)).json()) as { verifierKey: string; logs: string[] };
    // The derived cosignature/v1 vkey is the one published with the vector.
    expect(info.verifierKey).toBe(scenario.witness.vkey);
    expect(info.logs).toEqual([scenario.log.origin]);
    const witnessVerifier = noteVerifier(scenario.witness.vkey);
    const logVerifier = noteVerifier(scenario.log.vkey);

    expect(scenario.steps).toHaveLength(9);
    for (const step of scenario.steps) {
      if (restartEachStep) {
        await running.close();
        running = await startWitness(options(dir.path));
      }
      const res = await postAddCheckpoint(running.url, step.body);
      expect(res.status, `${step.desc}: ${res.body}`).toBe(step.status);
      if (step.bodyContains !== undefined) expect(res.body).toContain(step.bodyContains);
      if (step.responseBody !== undefined) expect(res.body).toBe(step.responseBody);
      if (step.responseContentType !== undefined) expect(res.contentType).toBe(step.responseContentType);
      if (step.status === 409) expect(res.contentType).toBe(TLOG_SIZE_CONTENT_TYPE);
      if (step.status === 200) {
        // The response appended to the submitted checkpoint verifies under the witness's key.
        const note = step.body.slice(step.body.indexOf('\n\n') + 2);
        const cosigned = verifyNote(note + res.body, [witnessVerifier]);
        expect(cosigned.verified).toHaveLength(1);
        expect(res.body).toMatch(/^\u2014 example\.com\/witness [A-Za-z0-9+/]{102}==\n$/);
      }
    }

    // The state file holds the last cosigned checkpoint: size 5, with the log's and the witness's signatures.
    const stored = JSON.parse(
      await readFile(path.join(dir.path, originHash(scenario.log.origin)), 'utf8'),
    ) as {
      size: number;
      rootHash: string;
    };
    expect(stored.size).toBe(5);
    expect(stored.rootHash).toBe(scenario.roots['5']);
    const monitored = await fetch(`${running.url}/${originHash(scenario.log.origin)}/checkpoint`);
    expect(monitored.status).toBe(200);
    const checkpoint = await monitored.text();
    expect(checkpoint.startsWith(`${scenario.log.origin}\n5\n${scenario.roots['5']}\n\n`)).toBe(true);
    expect(verifyNote(checkpoint, [logVerifier]).verified).toHaveLength(1);
    expect(verifyNote(checkpoint, [witnessVerifier]).verified).toHaveLength(1);
  });
});
