/**
 * The checks of one entry bundle that need nothing but the bundle: each entry is strict UTF-8,
 * JSON, in RFC 8785 canonical form, a valid signed event, and — when the signing key is known — its
 * signature verifies. Runs on worker threads ({@link WorkerEntryChecker}) or inline; it holds no
 * state but the public keys it was told about, so which thread checks which bundle does not matter.
 *
 * Whether the key was *allowed* to sign at that index (registered before, not revoked) is decided
 * in log order by the caller ({@link KeyRegistry}); here a key is only the public key behind a key
 * id, and the caller confirms it is the one the log registered (`checkedWith`).
 */
import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.js';
import { SIGNING_CONTEXT, signingBytes, type SignedEvent } from '../domain/envelope.js';
import { isAmanahError } from '../domain/errors.js';
import { keyIdOf, publicKeyObject, verifyBytes } from '../domain/keys.js';
import { validateEvent } from '../services/command-service.js';
import { LEAF_HASH_PREFIX, bytesEqual, decodeEntryBundle, decodeUtf8, sha256 } from '../translog/index.js';
import { isCanonicalJsonText } from './canonical-text.js';

/** What the checks found about one entry. */
export interface EntryVerdict {
  /** Why the entry is not a canonical, valid signed event (one phrase); absent when it is one. */
  readonly problem?: string;
  /** `unchecked` when the signing key was not known here (the caller checks it). */
  readonly signature: 'valid' | 'invalid' | 'unchecked';
  /** The public key (base64url) the signature was checked with. */
  readonly checkedWith?: string;
  /** The signed message, for the caller to check an `unchecked` signature. */
  readonly message?: Uint8Array;
}

/** What the checks found about one bundle. */
export interface BundleVerdict {
  /** Why the bundle cannot be split into entries; absent when it can. */
  readonly problem?: string;
  /** RFC 6962 leaf hashes of the entries, 32 bytes each, concatenated. */
  readonly leafHashes: Uint8Array;
  readonly entries: readonly EntryVerdict[];
}

/** One signature for the caller to check: raw public key (base64url), message, signature (base64url). */
export interface SignatureJob {
  readonly publicKey: string;
  readonly message: Uint8Array;
  readonly signature: string;
}

const encoder = new TextEncoder();

/** `SIGNING_CONTEXT \n origin \n`, the start of every message signed for the log `origin`. */
let messagePrefix = { origin: '', bytes: new Uint8Array(0) };

/**
 * The bytes an actor signed, cut out of the event's canonical UTF-8 bytes instead of canonicalising
 * the event a second time. Valid only when `canonical` is the RFC 8785 form of a valid envelope:
 * JCS writes an object's members independently in sorted key order, so the canonical form of the
 * envelope without `sig` is the canonical text without its `,"sig":"…"` member ("sig" sorts after
 * "actor", "id" and "payload", so it is never first). The top-level member is the last occurrence:
 * only `sv`, `time`, `type` and `v` follow it, and none of them can hold a quote. The member is
 * ASCII, and in UTF-8 an ASCII byte is never part of another character, so searching the bytes
 * finds what searching the text would. Returns `undefined` if the entry is not shaped that way (the
 * caller then falls back to `signingBytes`).
 */
export function signingBytesOfCanonical(
  origin: string,
  canonical: Uint8Array,
  sig: string,
): Uint8Array | undefined {
  const member = `,"sig":${JSON.stringify(sig)}`;
  const bytes = Buffer.from(canonical.buffer, canonical.byteOffset, canonical.byteLength);
  const at = bytes.lastIndexOf(member, undefined, 'utf8');
  const after = at + Buffer.byteLength(member, 'utf8');
  if (at < 0 || bytes.toString('latin1', after, after + 6) !== ',"sv":') return undefined;
  if (messagePrefix.origin !== origin) {
    messagePrefix = { origin, bytes: encoder.encode(`${SIGNING_CONTEXT}\n${origin}\n`) };
  }
  const prefix = messagePrefix.bytes;
  const message = new Uint8Array(prefix.length + canonical.length - (after - at));
  message.set(prefix, 0);
  message.set(canonical.subarray(0, at), prefix.length);
  message.set(canonical.subarray(after), prefix.length + at);
  return message;
}

/** The first byte at which two strings' UTF-8 forms differ (for messages). */
function firstDifference(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/** A key the checks learnt: its public key and node:crypto key object. */
interface KnownKey {
  readonly publicKey: string;
  readonly key: KeyObject;
}

interface ParsedEntry {
  readonly event: SignedEvent;
  readonly message: Uint8Array;
}

/** Checks bundles for one log; remembers the public keys it is told about or finds in bundles. */
export class EntryChecks {
  private readonly keys = new Map<string, KnownKey>();
  /**
   * 0x00 ‖ entry, the input of an RFC 6962 leaf hash, written in place for each entry instead of
   * allocated per entry (an entry is under 64 KiB: its length prefix in a bundle is two bytes).
   */
  private readonly leafInput = new Uint8Array(1 + 0xffff);

  constructor(private readonly origin: string) {
    this.leafInput[0] = LEAF_HASH_PREFIX;
  }

  /**
   * Adds public keys by key id. A key id is SHA-256 of its public key, so a key id names one key: a
   * key whose id does not match is ignored, and the first key learnt for an id is kept.
   */
  learnKeys(keys: ReadonlyArray<readonly [keyId: string, publicKey: string]>): void {
    for (const [keyId, publicKey] of keys) {
      if (this.keys.has(keyId)) continue;
      try {
        if (keyIdOf(publicKey) !== keyId) continue;
        this.keys.set(keyId, { publicKey, key: publicKeyObject(publicKey) });
      } catch {
        // not a valid Ed25519 public key: nothing can verify with it
      }
    }
  }

  /** Checks one bundle of `width` entries. */
  checkBundle(bundle: Uint8Array, width: number): BundleVerdict {
    let entries: Uint8Array[];
    try {
      entries = decodeEntryBundle(bundle, width);
    } catch (e) {
      return { problem: (e as Error).message, leafHashes: new Uint8Array(0), entries: [] };
    }
    const leafHashes = new Uint8Array(entries.length * 32);
    const parsed: Array<ParsedEntry | string> = entries.map((bytes, i) => {
      this.leafInput.set(bytes, 1);
      leafHashes.set(sha256(this.leafInput.subarray(0, 1 + bytes.length)), i * 32);
      return this.parse(bytes, i === 0);
    });
    // Keys registered in this bundle sign later entries of it; learn them before checking signatures.
    this.learnKeys(parsed.flatMap((p) => (typeof p === 'string' ? [] : registeredKeys(p.event))));
    const verdicts = parsed.map((p): EntryVerdict => {
      if (typeof p === 'string') return { problem: p, signature: 'unchecked' };
      const known = this.keys.get(p.event.actor);
      if (known === undefined) return { signature: 'unchecked', message: p.message };
      const ok = verifyBytes(known.key, p.message, p.event.sig);
      return { signature: ok ? 'valid' : 'invalid', checkedWith: known.publicKey };
    });
    return { leafHashes, entries: verdicts };
  }

  private parse(bytes: Uint8Array, crossCheck: boolean): ParsedEntry | string {
    const text = decodeUtf8(bytes);
    if (text === undefined) return 'is not valid UTF-8';
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return `is not JSON (${(e as Error).message})`;
    }
    // The one-pass scan settles the common case; the full comparison decides the rest and says
    // what is wrong.
    if (!isCanonicalJsonText(text)) {
      let canonical: string;
      try {
        canonical = canonicalJson(value);
      } catch (e) {
        return `cannot be canonicalised (${(e as Error).message})`;
      }
      if (canonical !== text) {
        return `is not in RFC 8785 canonical form (byte ${firstDifference(text, canonical)} differs from the canonical JSON of the same value)`;
      }
    }
    let event: SignedEvent;
    try {
      event = validateEvent(value);
    } catch (e) {
      if (!isAmanahError(e)) throw e;
      return `is not a valid signed event: ${e.message}`;
    }
    const message =
      signingBytesOfCanonical(this.origin, bytes, event.sig) ?? signingBytes(this.origin, event);
    // Once per bundle, the shortcut is checked against the envelope's own definition of the signed
    // bytes, so a change to the envelope cannot silently make this verifier check the wrong message.
    if (crossCheck && !bytesEqual(message, signingBytes(this.origin, event))) {
      throw new Error('the verifier derives signed bytes differently from src/domain/envelope.ts');
    }
    return { event, message };
  }
}

/** The keys an event introduces: the genesis key, or a registered key. */
export function registeredKeys(event: SignedEvent): Array<[string, string]> {
  if (event.type === 'log.genesis') {
    const key = (event.payload as { key: { keyId: string; publicKey: string } }).key;
    return [[key.keyId, key.publicKey]];
  }
  if (event.type === 'key.registered') {
    const p = event.payload as { keyId: string; publicKey: string };
    return [[p.keyId, p.publicKey]];
  }
  return [];
}

const keyObjects = new Map<string, KeyObject>();

/** Checks signatures one by one (the fallback for keys a worker did not know). */
export function verifySignatures(jobs: readonly SignatureJob[]): boolean[] {
  return jobs.map((j) => {
    try {
      let key = keyObjects.get(j.publicKey);
      if (key === undefined) {
        key = publicKeyObject(j.publicKey);
        if (keyObjects.size > 10_000) keyObjects.clear();
        keyObjects.set(j.publicKey, key);
      }
      return verifyBytes(key, j.message, j.signature);
    } catch {
      return false;
    }
  });
}
