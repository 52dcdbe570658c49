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
import { LEAF_HASH_PREFIX, bytesEqual, decodeEntryBundle, decodeUtf8, sha256 } from '../translog/index.js';
import { isCanonicalJsonText } from './canonical-text.js';
import { validateEvent } from '../services/event-validation.js';

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

function prefixOf(origin: string): Uint8Array {
  if (messagePrefix.origin !== origin) {
    messagePrefix = { origin, bytes: encoder.encode(`${SIGNING_CONTEXT}\n${origin}\n`) };
  }
  return messagePrefix.bytes;
}

/** `,"sv":`, the member that follows the envelope's `sig` in canonical order. */
const SV_MEMBER = encoder.encode(',"sv":');
/** `,"sig":"`, how the envelope's `sig` member starts in canonical form. */
const SIG_OPENING = encoder.encode(',"sig":"');

/**
 * Where the top-level `,"sig":"…"` member starts in an envelope's canonical UTF-8 bytes, or -1.
 * JCS writes an object's members in sorted key order, and "sig" sorts after "actor", "id" and
 * "payload", so it is never first; only `sv`, `time`, `type` and `v` follow it, in that order, and
 * none of them can hold a quote, so the last `,"sv":` is the top-level one and the member ends just
 * before it. The signature is written as it is (base64url needs no escaping); any other signature
 * gives -1. The members are ASCII, and in UTF-8 an ASCII byte is never part of another character,
 * so searching the bytes finds what searching the text would.
 */
function signatureMemberAt(canonical: Uint8Array, sig: string): number {
  const sv = lastIndexOf(canonical, SV_MEMBER);
  const at = sv - SIG_OPENING.length - sig.length - 1;
  if (sv < 0 || at < 0 || canonical[sv - 1] !== 0x22) return -1;
  for (let i = 0; i < SIG_OPENING.length; i++) if (canonical[at + i] !== SIG_OPENING[i]) return -1;
  const start = at + SIG_OPENING.length;
  for (let i = 0; i < sig.length; i++) {
    const c = sig.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c || canonical[start + i] !== c) return -1;
  }
  return at;
}

/** The last index of `needle` in `bytes`, or -1 (the needle is near the end: a scan from there). */
function lastIndexOf(bytes: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  search: for (let at = bytes.length - needle.length; at >= 0; at--) {
    if (bytes[at] !== first) continue;
    for (let i = 1; i < needle.length; i++) if (bytes[at + i] !== needle[i]) continue search;
    return at;
  }
  return -1;
}

/**
 * Writes the bytes an actor signed into `target`, cut out of the event's canonical UTF-8 bytes
 * instead of canonicalising the event a second time; returns their length. Valid only when
 * `canonical` is the RFC 8785 form of a valid envelope: the canonical form of the envelope without
 * `sig` is the canonical text without its `,"sig":"…"` member. Returns `undefined` if the entry is
 * not shaped that way or `target` is too small (the caller then falls back to `signingBytes`).
 */
export function writeSigningBytes(
  origin: string,
  canonical: Uint8Array,
  sig: string,
  target: Uint8Array,
): number | undefined {
  const at = signatureMemberAt(canonical, sig);
  if (at < 0) return undefined;
  const after = at + SIG_OPENING.length + sig.length + 1;
  const prefix = prefixOf(origin);
  const length = prefix.length + canonical.length - (after - at);
  if (length > target.length) return undefined;
  target.set(prefix, 0);
  target.set(canonical.subarray(0, at), prefix.length);
  target.set(canonical.subarray(after), prefix.length + at);
  return length;
}

/**
 * The bytes an actor signed, cut out of the event's canonical UTF-8 bytes (see
 * {@link writeSigningBytes}), in a buffer of their own; `undefined` where that does not apply.
 */
export function signingBytesOfCanonical(
  origin: string,
  canonical: Uint8Array,
  sig: string,
): Uint8Array | undefined {
  const target = new Uint8Array(prefixOf(origin).length + canonical.length);
  const length = writeSigningBytes(origin, canonical, sig, target);
  return length === undefined ? undefined : target.slice(0, length);
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
  /** The entry: the event's canonical UTF-8 bytes. */
  readonly bytes: Uint8Array;
}

/** Checks bundles for one log; remembers the public keys it is told about or finds in bundles. */
export class EntryChecks {
  private readonly keys = new Map<string, KnownKey>();
  /**
   * 0x00 ‖ entry, the input of an RFC 6962 leaf hash, written in place for each entry instead of
   * allocated per entry (an entry is under 64 KiB: its length prefix in a bundle is two bytes).
   */
  private readonly leafInput = new Uint8Array(1 + 0xffff);
  /** The signed message of the entry being checked, written in place like the leaf input. */
  private readonly message: Uint8Array;

  constructor(private readonly origin: string) {
    this.leafInput[0] = LEAF_HASH_PREFIX;
    this.message = new Uint8Array(prefixOf(origin).length + 0xffff);
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
      return this.parse(bytes);
    });
    // Keys registered in this bundle sign later entries of it; learn them before checking signatures.
    this.learnKeys(parsed.flatMap((p) => (typeof p === 'string' ? [] : registeredKeys(p.event))));
    let crossChecked = false;
    const verdicts = parsed.map((p): EntryVerdict => {
      if (typeof p === 'string') return { problem: p, signature: 'unchecked' };
      const message = this.signedMessage(p);
      // Once per bundle, the shortcut is checked against the envelope's own definition of the signed
      // bytes, so a change to the envelope cannot silently make this verifier check the wrong message.
      if (!crossChecked) {
        crossChecked = true;
        if (!bytesEqual(message, signingBytes(this.origin, p.event))) {
          throw new Error('the verifier derives signed bytes differently from src/domain/envelope.ts');
        }
      }
      const known = this.keys.get(p.event.actor);
      if (known === undefined) return { signature: 'unchecked', message: message.slice() };
      const ok = verifyBytes(known.key, message, p.event.sig);
      return { signature: ok ? 'valid' : 'invalid', checkedWith: known.publicKey };
    });
    return { leafHashes, entries: verdicts };
  }

  /**
   * The bytes the entry's actor signed: in {@link message}, valid until the next call, or where the
   * cut does not apply, from the envelope's definition.
   */
  private signedMessage(p: ParsedEntry): Uint8Array {
    const length = writeSigningBytes(this.origin, p.bytes, p.event.sig, this.message);
    return length === undefined ? signingBytes(this.origin, p.event) : this.message.subarray(0, length);
  }

  private parse(bytes: Uint8Array): ParsedEntry | string {
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
    return { event, bytes };
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
