import type { Signer } from '../../src/client/signer.js';
import type { CommandService } from '../../src/services/command-service.js';
import type { Clock } from '../../src/services/clock.js';
import { genesisPayload, nextId, ORIGIN, testSigner } from './actors.js';
import { DEMO_POLICY } from '../../src/demo/generate.js';

export const STATES = [
  'pakistan',
  'turkiye',
  'indonesia',
  'egypt',
  'qatar',
  'saudi-arabia',
  'jordan',
] as const;
const COUNTRY: Record<string, string> = {
  pakistan: 'PK',
  turkiye: 'TR',
  indonesia: 'ID',
  egypt: 'EG',
  qatar: 'QA',
  'saudi-arabia': 'SA',
  jordan: 'JO',
};

/** The demo's policy (4 of 7 member states AND the Palestinian body; small projects 3 + the body), two weeks to sign. */
export const TEST_POLICY = { ...DEMO_POLICY, proposalTtlHours: 24 * 14 };

export interface Council {
  head: Signer;
  states: Record<string, Signer>;
  alternates: Record<string, Signer>;
  palestinian: Signer;
  partner: Signer;
  send(
    signer: Signer,
    type: string,
    payload: Record<string, unknown>,
    opts?: { id?: string },
  ): ReturnType<CommandService['submit']>;
}

/** A log with the seven member states, the Palestinian governance body, a partner and the test policy. */
export async function seedCouncil(svc: CommandService, clock: Clock): Promise<Council> {
  const head = testSigner('head');
  const send: Council['send'] = (signer, type, payload, opts = {}) =>
    svc.submit(signer.sign(ORIGIN, type, payload, { id: opts.id ?? nextId(), time: clock.now() }));
  await send(head, 'log.genesis', genesisPayload(head));
  const states: Record<string, Signer> = {};
  const alternates: Record<string, Signer> = {};
  const key = (s: Signer, org: string, roles: string[]) =>
    send(head, 'key.registered', { keyId: s.keyId, publicKey: s.publicKey, org, holder: 'Signatory', roles });
  for (const id of STATES) {
    await send(head, 'org.registered', {
      id,
      kind: 'member-state',
      country: COUNTRY[id],
      name: { en: id, ar: id },
    });
    states[id] = testSigner(`${id}-signatory`);
    alternates[id] = testSigner(`${id}-alternate`);
    await key(states[id]!, id, ['member-signatory']);
    await key(alternates[id]!, id, ['member-signatory']);
  }
  await send(head, 'org.registered', {
    id: 'pal-governance',
    kind: 'palestinian-governance',
    name: { en: 'Palestinian governance', ar: 'الحوكمة الفلسطينية' },
  });
  const palestinian = testSigner('pal-rep');
  await key(palestinian, 'pal-governance', ['governance-signatory']);
  await send(head, 'org.registered', {
    id: 'mopwh',
    kind: 'implementing-partner',
    partnerType: 'ministry',
    name: { en: 'Ministry', ar: 'وزارة' },
  });
  const partner = testSigner('partner');
  await key(partner, 'mopwh', ['partner']);
  await send(head, 'policy.adopted', { policy: TEST_POLICY });
  return { head, states, alternates, palestinian, partner, send };
}
