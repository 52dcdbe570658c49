import { afterAll, describe, expect, it } from 'vitest';
import { isAmanahError } from '../../src/domain/errors.js';
import { DirectoryMirrorSource, verifyLog, type VerifierState } from '../../src/verifier/index.js';
import { partnerPayload, signAt } from './log-events.js';
import { mirrorKeys } from './mirror-fixture.js';
import { ACTORS, KEYS, ORIGIN, mirror, removeTempDirs, standardEvents } from './support.js';

afterAll(removeTempDirs);

async function verifiedState(partners: number): Promise<VerifierState> {
  const m = await mirror({ entries: standardEvents(partners) });
  const r = await verifyLog(new DirectoryMirrorSource(m.dir), { threads: 0 });
  expect(r.ok).toBe(true);
  expect(r.notes.join('\n')).toMatch(/no previous state/);
  return r.state!;
}

/** The standard log with entry `at` replaced by another event of the head: the same size, another history. */
function forked(partners: number, at: number): ReturnType<typeof standardEvents> {
  const events = standardEvents(partners);
  events[at] = signAt(ACTORS.head, ORIGIN, at, 'org.registered', partnerPayload(900_000 + at));
  return events;
}

describe('verifyLog with a state', () => {
  it('pins the keys on the first run and accepts a log that only grew', async () => {
    const state = await verifiedState(100); // 110 entries
    expect(state).toMatchObject({
      origin: ORIGIN,
      logKey: KEYS.logKey,
      witnesses: KEYS.witnessKeys,
      quorum: 3,
      size: 110,
    });
    for (const partners of [100, 246, 600]) {
      const m = await mirror({ entries: standardEvents(partners) });
      const r = await verifyLog(new DirectoryMirrorSource(m.dir), { threads: 0, state });
      expect(r.failure).toBeUndefined();
      expect(r.previous).toEqual({ size: 110, rootHash: state.rootHash });
      expect(r.logKey?.from).toBe('state');
      expect(r.state?.size).toBe(partners + 10);
    }
  });

  it('catches a rewritten history of the same size, naming the old size', async () => {
    const state = await verifiedState(300);
    const m = await mirror({ entries: forked(300, 77) });
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), { threads: 0, state });
    expect(r.ok).toBe(false);
    expect(r.failure?.subject).toEqual({ kind: 'history', size: 310 });
    expect(r.failure?.message).toMatch(
      /^history rewritten: the checkpoint of size 310 verified before had root .*, but the first 310 entries now hash to/,
    );
    expect(r.state).toBeUndefined();
  });

  it('catches a rewritten history of a larger size, naming the old size', async () => {
    const state = await verifiedState(250); // 260 entries
    for (const [partners, at] of [
      [290, 259],
      [700, 3],
      [254, 150],
    ] as const) {
      const m = await mirror({ entries: forked(partners, at) });
      const r = await verifyLog(new DirectoryMirrorSource(m.dir), { threads: 0, state });
      expect(r.failure?.subject).toEqual({ kind: 'history', size: 260 });
      expect(r.failure?.message).toMatch(/checkpoint of size 260 verified before/);
    }
  });

  it('refuses a log that shrank', async () => {
    const state = await verifiedState(300);
    const m = await mirror({ entries: standardEvents(200) });
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), { threads: 0, state });
    expect(r.failure?.message).toBe(
      'history rewritten: the checkpoint has 210 entries, fewer than the checkpoint of size 310 verified before',
    );
  });

  it('requires the pinned log key', async () => {
    const state = await verifiedState(10);
    const other = mirrorKeys(ORIGIN, 3, 'rotated');
    // the mirror now publishes and signs with another key
    const m = await mirror({ keys: other });
    const r = await verifyLog(new DirectoryMirrorSource(m.dir), { threads: 0, state });
    expect(r.failure?.subject).toEqual({ kind: 'document', path: 'api/v1/log' });
    expect(r.failure?.message).toMatch(/now publishes the log key .* but the state pins/);
    // a key given explicitly must be the pinned one
    const e = await verifyLog(new DirectoryMirrorSource(m.dir), {
      threads: 0,
      state,
      logKey: other.logKey,
    }).catch((x: unknown) => x);
    expect(isAmanahError(e, 'CONFIG_INVALID')).toBe(true);
  });
});
