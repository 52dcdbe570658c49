/**
 * Signed events for test logs, with the payload shapes of test/support/actors.ts: a genesis,
 * organisations, keys (one of them revoked), places, and as many partners as asked for.
 */
import type { Signer } from '../../src/client/signer.js';
import { DEMO_ORIGIN, demoSteps } from '../../src/demo/generate.js';
import type { SignedEvent } from '../../src/domain/envelope.js';
import { genesisPayload, testSigner } from '../support/actors.js';

export interface TestActors {
  readonly head: Signer;
  readonly clerk: Signer;
  readonly officer: Signer;
}

export function testActors(label = ''): TestActors {
  return {
    head: testSigner(`${label}head`),
    clerk: testSigner(`${label}clerk`),
    officer: testSigner(`${label}officer`),
  };
}

const T0 = Date.parse('2026-03-01T08:00:00.000Z');

/** Signs an event at a fixed time from `n`, with an id from `n`: the same inputs give the same event. */
export function signAt(
  signer: Signer,
  origin: string,
  n: number,
  type: string,
  payload: Record<string, unknown>,
  idPrefix = 'evt',
): SignedEvent {
  return signer.sign(origin, type, payload, {
    id: `${idPrefix}-${String(n).padStart(12, '0')}`,
    time: new Date(T0 + n * 1000),
  });
}

export function partnerPayload(k: number): Record<string, unknown> {
  return {
    id: `partner-${String(k).padStart(7, '0')}`,
    kind: 'implementing-partner',
    partnerType: 'contractor',
    name: { en: `Contractor ${k}`, ar: `شركة مقاولات ${k}` },
  };
}

/**
 * A governance log: genesis (0); member state, partner, observer (1–3); keys for a clerk (4) and
 * an access officer (5); a governorate by the clerk (6); a crossing by the officer (7); the
 * officer's key revoked (8); a crossing by the clerk (9); then `partners` more organisations signed
 * alternately by the head and the clerk.
 */
export function governanceEvents(origin: string, partners: number, actors = testActors()): SignedEvent[] {
  const { head, clerk, officer } = actors;
  let n = 0;
  const at = (s: Signer, type: string, payload: Record<string, unknown>) =>
    signAt(s, origin, n++, type, payload);
  const events = [
    at(head, 'log.genesis', genesisPayload(head, origin)),
    at(head, 'org.registered', {
      id: 'qatar',
      kind: 'member-state',
      country: 'QA',
      name: { en: 'Qatar', ar: 'قطر' },
    }),
    at(head, 'org.registered', {
      id: 'pwa',
      kind: 'implementing-partner',
      partnerType: 'utility',
      name: { en: 'Water Authority', ar: 'سلطة المياه' },
    }),
    at(head, 'org.registered', { id: 'observer-1', kind: 'observer', name: { en: 'Observer', ar: 'مراقب' } }),
    at(head, 'key.registered', {
      keyId: clerk.keyId,
      publicKey: clerk.publicKey,
      org: 'secretariat',
      holder: 'Clerk',
      roles: ['secretariat'],
    }),
    at(head, 'key.registered', {
      keyId: officer.keyId,
      publicKey: officer.publicKey,
      org: 'secretariat',
      holder: 'Access officer',
      roles: ['access-officer'],
    }),
    at(clerk, 'governorate.registered', { code: 'PS0255', name: { en: 'North Gaza', ar: 'شمال غزة' } }),
    at(officer, 'crossing.registered', {
      code: 'kerem-shalom',
      name: { en: 'Kerem Shalom', ar: 'كرم أبو سالم' },
      kind: 'land',
      status: 'open',
    }),
    at(head, 'key.revoked', { keyId: officer.keyId, reason: 'Left the post' }),
    at(clerk, 'crossing.registered', {
      code: 'rafah',
      name: { en: 'Rafah', ar: 'رفح' },
      kind: 'land',
      status: 'restricted',
    }),
  ];
  for (let k = 0; k < partners; k++)
    events.push(at(k % 2 ? clerk : head, 'org.registered', partnerPayload(k)));
  return events;
}

/** The demo's log (every area's event types), signed at a fixed time: the same seed gives the same events. */
export function demoEvents(seed = 3): SignedEvent[] {
  const signed = new Map<string, SignedEvent<unknown>>();
  const events: SignedEvent[] = [];
  for (const step of demoSteps(seed, 1, DEMO_ORIGIN, new Map())) {
    const payload = typeof step.payload === 'function' ? step.payload(signed) : step.payload;
    const e = step.signer.sign(DEMO_ORIGIN, step.type, payload, {
      id: `demo-s${seed}-e${String(events.length).padStart(9, '0')}`,
      time: new Date('2026-11-25T09:00:00.000Z'),
    });
    if (step.ref !== undefined) signed.set(step.ref, e);
    events.push(e as SignedEvent);
  }
  return events;
}
