import { generateKey } from '../../src/translog/index.js';
import type { LogKey } from '../../src/services/log-key.js';

/** A fresh checkpoint key for a test log. */
export function testLogKey(origin: string): LogKey {
  const g = generateKey(origin);
  return { signerKey: g.signerKey, verifierKey: g.verifierKey };
}
