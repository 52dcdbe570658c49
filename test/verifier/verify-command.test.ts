import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseVerifierState } from '../../src/verifier/index.js';
import { runVerifyCommand } from './verify-program.js';
import { partnerPayload, signAt } from './log-events.js';
import { ACTORS, KEYS, ORIGIN, mirror, removeTempDirs, standardEvents, tempDir } from './support.js';

afterAll(removeTempDirs);

describe('amanah verify', () => {
  it('prints a short report, exits 0 and writes the state; a later forked log exits 1 with one line', async () => {
    const m = await mirror();
    const state = join(tempDir(), 'verifier-state.json');
    const ok = await runVerifyCommand([
      m.dir,
      '--state',
      state,
      '--log-key',
      KEYS.logKey,
      '--concurrency',
      '4',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^verified verify\.amanah\.local\/log from /);
    expect(ok.stdout).toMatch(/checkpoint {2}size 310, root /);
    expect(ok.stdout).toMatch(
      /witnesses {3}3 of 3 trusted witnesses cosigned .*quorum 3 \(published, taken on trust\)/,
    );
    expect(ok.stdout).toMatch(/entries {5}310 entries, canonical and valid; 3 tiles match byte for byte/);
    expect(ok.stdout).toMatch(/signatures {2}310 event signatures valid/);
    expect(ok.stdout).toMatch(/events\/s/);
    expect(ok.stdout).toMatch(/figures {5}\d+ match the published overview: .*activeKeys 2, revokedKeys 1/);
    expect(parseVerifierState(readFileSync(state, 'utf8'))).toMatchObject({ size: 310, logKey: KEYS.logKey });

    // the log is rewritten: entry 77 replaced, then grown
    const events = standardEvents(400);
    events[77] = signAt(ACTORS.head, ORIGIN, 77, 'org.registered', partnerPayload(77_077));
    const fork = await mirror({ entries: events });
    const before = readFileSync(state, 'utf8');
    const bad = await runVerifyCommand([fork.dir, '--state', state]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(
      /^amanah: VALIDATION_FAILED: verification failed: history rewritten: the checkpoint of size 310/,
    );
    expect(readFileSync(state, 'utf8')).toBe(before); // unchanged: written only when everything holds
  });

  it('names the bad entry, and refuses options that make no sense', async () => {
    const m = await mirror();
    const bundle = join(m.dir, 'log/tile/entries/001.p/54');
    const bytes = readFileSync(bundle);
    bytes[bytes.length - 30] ^= 0x01;
    writeFileSync(bundle, bytes);
    const bad = await runVerifyCommand([m.dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^amanah: [A-Z_]+: verification failed: entry 309 \(tile\/entries\/001\.p\/54\): /,
    );

    const quorum = await runVerifyCommand([m.dir, '--quorum', '4']);
    expect(quorum.stderr).toMatch(
      /^amanah: CONFIG_INVALID: a quorum of 4 cosignatures cannot be met by 3 trusted witnesses/,
    );
  });
});
