import { Signer } from '../../src/client/signer.js';
import { keyPairFromSeed } from '../../src/domain/keys.js';
import { createHash } from 'node:crypto';

export const ORIGIN = 'test.amanah.local/log';

/** A reproducible test key for a name. */
export function testSigner(name: string): Signer {
  return new Signer(keyPairFromSeed(createHash('sha256').update(`test:${name}`).digest()), name);
}

let n = 0;
/** A fresh event id. */
export function nextId(prefix = 'evt'): string {
  return `${prefix}-${process.pid}-${String(++n).padStart(8, '0')}`;
}

export function genesisPayload(secretariat: Signer, origin = ORIGIN): Record<string, unknown> {
  return {
    origin,
    title: { en: 'Test log', ar: 'سجل اختبار' },
    org: { id: 'secretariat', kind: 'secretariat', name: { en: 'Secretariat', ar: 'الأمانة' } },
    key: {
      keyId: secretariat.keyId,
      publicKey: secretariat.publicKey,
      org: 'secretariat',
      holder: 'Head',
      roles: ['secretariat'],
    },
  };
}
