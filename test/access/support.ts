import { createHash } from 'node:crypto';
import type { Signer } from '../../src/client/signer.js';
import { AmanahClient } from '../../src/client/client.js';
import { inProcessTransport } from '../../src/cli/context.js';
import type { Clock } from '../../src/services/clock.js';
import type { CommandService } from '../../src/services/command-service.js';
import type { Store } from '../../src/store/database.js';
import { importTarget } from '../../src/services/access.js';
import type { ImportTarget } from '../../src/import/importer.js';
import { CROSSINGS } from '../../src/demo/facts.js';
import { keyPairFromSeed } from '../../src/domain/keys.js';
import { genesisPayload, nextId, ORIGIN, testSigner } from '../support/actors.js';

export interface AccessLog {
  head: Signer;
  officer: Signer;
  partner: Signer;
  send(
    signer: Signer,
    type: string,
    payload: Record<string, unknown>,
    opts?: { id?: string },
  ): ReturnType<CommandService['submit']>;
  target: ImportTarget;
  /** the same, reading, checking and signing on a worker thread (as `amanah import` does) */
  onWorker: ImportTarget;
}

/** A log with the secretariat, an access officer (org "secretariat"), a partner NGO, Khan Younis and every crossing. */
export async function seedAccess(svc: CommandService, store: Store, clock: Clock): Promise<AccessLog> {
  const head = testSigner('head');
  const officer = testSigner('access-officer');
  const partner = testSigner('kitchen-partner');
  const send: AccessLog['send'] = (signer, type, payload, opts = {}) =>
    svc.submit(signer.sign(ORIGIN, type, payload, { id: opts.id ?? nextId(), time: clock.now() }));
  await send(head, 'log.genesis', genesisPayload(head));
  await send(head, 'key.registered', {
    keyId: officer.keyId,
    publicKey: officer.publicKey,
    org: 'secretariat',
    holder: 'Access officer',
    roles: ['access-officer'],
  });
  await send(head, 'org.registered', {
    id: 'kitchens-ngo',
    kind: 'implementing-partner',
    partnerType: 'ngo',
    name: { en: 'Community kitchens', ar: 'المطابخ المجتمعية' },
  });
  await send(head, 'key.registered', {
    keyId: partner.keyId,
    publicKey: partner.publicKey,
    org: 'kitchens-ngo',
    holder: 'Kitchen coordinator',
    roles: ['partner'],
  });
  await send(head, 'governorate.registered', { code: 'PS0270', name: { en: 'Khan Younis', ar: 'خان يونس' } });
  for (const c of CROSSINGS) {
    await send(officer, 'crossing.registered', {
      code: c.code,
      name: { en: c.en, ar: c.ar },
      kind: c.kind,
      status: c.status,
      ...('lat' in c && c.lat !== undefined ? { location: { lat: c.lat, lon: c.lon } } : {}),
    });
  }
  const client = new AmanahClient(
    { ...inProcessTransport(svc), submit: (e) => svc.submit({ ...e }) },
    officer,
  );
  const transport = inProcessTransport(svc);
  const onWorker = importTarget(store, new AmanahClient(transport, officer), {
    key: { pair: keyPairFromSeed(createHash('sha256').update('test:access-officer').digest()) },
    transport,
  });
  return { head, officer, partner, send, target: importTarget(store, client), onWorker };
}
