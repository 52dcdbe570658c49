/**
 * The keys a log registers, replayed in log order to decide which key may sign each entry
 * (src/domain/governance): entry 0 is `log.genesis`, signed by the key it introduces;
 * `key.registered` makes a key usable from the next index; `key.revoked` means the key signs nothing
 * at later indexes (what it signed before stays valid). Memory grows with the number of keys only.
 */
import type { SignedEvent } from '../domain/envelope.js';
import { keyIdOf } from '../domain/keys.js';
import { logFailure } from './verify-failure.js';

/** A key as the log registered it. */
export interface RegisteredKey {
  readonly keyId: string;
  readonly publicKey: string;
  /** Index of the event that registered it. */
  readonly registeredAt: number;
  /** Index of the event that revoked it, once revoked. */
  revokedAt?: number;
}

interface GenesisPayload {
  origin: string;
  key: { keyId: string; publicKey: string };
}

function sameKeyId(keyId: string, publicKey: string): boolean {
  try {
    return keyIdOf(publicKey) === keyId;
  } catch {
    return false;
  }
}

/** A failure naming the entry. */
function entryFailure(
  index: number,
  bundle: string,
  why: string,
  code: 'VALIDATION_FAILED' | 'SIGNATURE_INVALID' = 'VALIDATION_FAILED',
): Error {
  return logFailure(code, { kind: 'entry', index, bundle }, `entry ${index} (${bundle}): ${why}`);
}

/** Replays key registrations and revocations in log order. */
export class KeyRegistry {
  private readonly keys = new Map<string, RegisteredKey>();
  private revokedCount = 0;

  /** `origin`: the log's origin, which the genesis must name. */
  constructor(private readonly origin: string) {}

  /**
   * The key that must have signed `event` at `index`, after checking that it was allowed to sign
   * there. Throws a failure naming the entry otherwise.
   */
  signingKey(event: SignedEvent, index: number, bundle: string): RegisteredKey {
    // The common case first, with nothing allocated: this runs for every entry.
    if (index !== 0 && event.type !== 'log.genesis') {
      const key = this.keys.get(event.actor);
      if (key !== undefined && key.revokedAt === undefined) return key;
    }
    const fail = (why: string, code: 'VALIDATION_FAILED' | 'SIGNATURE_INVALID' = 'VALIDATION_FAILED') =>
      entryFailure(index, bundle, why, code);
    if (index === 0) {
      if (event.type !== 'log.genesis') throw fail(`the first entry is ${event.type}, not log.genesis`);
      const p = event.payload as unknown as GenesisPayload;
      if (p.origin !== this.origin) {
        throw fail(`the genesis names origin "${p.origin}", but the checkpoint is for "${this.origin}"`);
      }
      if (!sameKeyId(p.key.keyId, p.key.publicKey)) {
        throw fail(`the genesis key id ${p.key.keyId} is not the id of its public key`);
      }
      if (event.actor !== p.key.keyId) {
        throw fail(
          `the genesis is signed by key ${event.actor}, not by the key it introduces (${p.key.keyId})`,
          'SIGNATURE_INVALID',
        );
      }
      return { keyId: p.key.keyId, publicKey: p.key.publicKey, registeredAt: 0 };
    }
    if (event.type === 'log.genesis') throw fail('a second log.genesis; the genesis is entry 0 only');
    const key = this.keys.get(event.actor);
    if (key === undefined) {
      throw fail(
        `signed by key ${event.actor}, which the log has not registered before it`,
        'SIGNATURE_INVALID',
      );
    }
    if (key.revokedAt !== undefined) {
      throw fail(
        `signed by key ${event.actor}, which entry ${key.revokedAt} revoked; a revoked key signs nothing after its revocation`,
        'SIGNATURE_INVALID',
      );
    }
    return key;
  }

  /**
   * Applies the key effects of an event already admitted by {@link signingKey}; returns the key it
   * registers, if any.
   */
  record(event: SignedEvent, index: number, bundle: string): RegisteredKey | undefined {
    // Most events change no key: they return before anything is allocated.
    const type = event.type;
    if (type !== 'log.genesis' && type !== 'key.registered' && type !== 'key.revoked') return undefined;
    const fail = (why: string) => entryFailure(index, bundle, why);
    let added: RegisteredKey | undefined;
    if (event.type === 'log.genesis') {
      const k = (event.payload as unknown as GenesisPayload).key;
      added = { keyId: k.keyId, publicKey: k.publicKey, registeredAt: index };
    } else if (event.type === 'key.registered') {
      const p = event.payload as { keyId: string; publicKey: string };
      if (!sameKeyId(p.keyId, p.publicKey)) throw fail(`key id ${p.keyId} is not the id of its public key`);
      const existing = this.keys.get(p.keyId);
      if (existing !== undefined) {
        throw fail(`key ${p.keyId} is registered again (first at entry ${existing.registeredAt})`);
      }
      added = { keyId: p.keyId, publicKey: p.publicKey, registeredAt: index };
    } else if (event.type === 'key.revoked') {
      const keyId = (event.payload as { keyId: string }).keyId;
      const key = this.keys.get(keyId);
      if (key === undefined) throw fail(`revokes key ${keyId}, which is not registered`);
      if (key.revokedAt !== undefined) throw fail(`revokes key ${keyId} again (entry ${key.revokedAt} did)`);
      key.revokedAt = index;
      this.revokedCount++;
    }
    if (added !== undefined) this.keys.set(added.keyId, added);
    return added;
  }

  /** Keys registered so far, and how many of them are revoked. */
  counts(): { registered: number; revoked: number } {
    return { registered: this.keys.size, revoked: this.revokedCount };
  }
}
