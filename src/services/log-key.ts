import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AmanahError } from '../domain/errors.js';
import { formatVerifierKey, generateKey, parseSignerKey, ed25519PublicKey } from '../translog/index.js';
import type { Store } from '../store/database.js';
import { findSetting, putSetting } from '../store/checkpoint-repository.js';

/** The log's checkpoint key: signed-note private key string and its public verifier key string. */
export interface LogKey {
  signerKey: string;
  verifierKey: string;
}

const SETTING = 'log_verifier_key';

/**
 * Loads the log's checkpoint key from `file`, creating it (mode 0600) for a log that has never signed a
 * checkpoint. The verifier key is recorded in the database the first time, and a different key later is
 * refused: checkpoints must stay verifiable with the key the log published.
 */
export async function loadOrCreateLogKey(store: Store, file: string, origin: string): Promise<LogKey> {
  const recorded = await findSetting(store.db, SETTING);
  let key: LogKey;
  if (existsSync(file)) {
    const signerKey = readFileSync(file, 'utf8').trim();
    let parsed;
    try {
      parsed = parseSignerKey(signerKey);
    } catch (e) {
      throw new AmanahError(
        'CONFIG_INVALID',
        `${file} is not a signed-note private key: ${(e as Error).message}`,
      );
    }
    if (parsed.name !== origin) {
      throw new AmanahError(
        'CONFIG_INVALID',
        `the checkpoint key in ${file} is for "${parsed.name}", not for this log "${origin}"`,
      );
    }
    key = {
      signerKey,
      verifierKey: formatVerifierKey({ name: origin, type: 0x01, publicKey: ed25519PublicKey(parsed.seed) }),
    };
  } else {
    if (recorded) {
      throw new AmanahError(
        'CONFIG_INVALID',
        `the log's checkpoint key file ${file} is missing; this log signs with ${recorded} and needs that key`,
      );
    }
    const g = generateKey(origin);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${g.signerKey}\n`, { mode: 0o600 });
    key = { signerKey: g.signerKey, verifierKey: g.verifierKey };
  }
  if (!recorded) await putSetting(store.db, SETTING, key.verifierKey);
  else if (recorded !== key.verifierKey) {
    throw new AmanahError(
      'CONFIG_INVALID',
      `the key in ${file} is not the key this log signs with (${recorded})`,
    );
  }
  return key;
}
