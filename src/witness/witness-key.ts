/**
 * The witness's own key: one Ed25519 key that signs cosignature/v1 cosignatures
 * (c2sp.org/tlog-cosignature, signature type 0x04).
 *
 * The key file holds one line, the golang.org/x/mod/sumdb/note signer key
 * `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || 32-byte seed)>`, written with mode 0600. The
 * key ID in the file is the plain Ed25519 one (type 0x01), which is what `parseSignerKey` checks; the
 * witness signs with the same seed as a cosignature/v1 key, whose key ID uses type 0x04. This is the
 * convention of transparency-dev/formats `NewSignerForCosignatureV1`, so a key file made here also
 * works with the Go witnesses and the reverse. What the witness publishes is the type 0x04 verifier
 * key, `<name>+<hex key ID>+<base64(0x04 || public key)>` (tlog-cosignature "Format").
 */
import { constants } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { AmanahError } from '../domain/errors.js';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  cosignatureSigner,
  formatVerifierKey,
  generateKey,
  isTranslogError,
  parseSignerKey,
  type CosignatureSigner,
} from '../translog/index.js';

/** The key file is a secret: readable and writable by its owner only. */
export const WITNESS_KEY_FILE_MODE = 0o600;

/** A witness key, parsed and ready to sign. */
export interface WitnessKey {
  /** The witness's name: the key name of its signer key and of its cosignature lines. */
  readonly name: string;
  /** The `PRIVATE+KEY+…` string (secret). */
  readonly signerKey: string;
  /** The cosignature/v1 verifier key (type 0x04) to publish and to give to logs and clients. */
  readonly verifierKey: string;
  /** Signs checkpoint texts as cosignature/v1. */
  readonly signer: CosignatureSigner;
}

/**
 * Parses a witness signer key string (`PRIVATE+KEY+…`, Ed25519, type 0x01 encoding) and derives its
 * cosignature/v1 verifier key. Throws `CONFIG_INVALID` saying what is wrong with the key.
 */
export function parseWitnessKey(signerKey: string): WitnessKey {
  const text = signerKey.trim();
  let parsed;
  try {
    parsed = parseSignerKey(text);
  } catch (e) {
    if (isTranslogError(e)) {
      throw new AmanahError(
        'CONFIG_INVALID',
        `the witness key is not a PRIVATE+KEY+<name>+<key ID>+<base64> Ed25519 signer key: ${e.message}`,
      );
    }
    throw e;
  }
  return {
    name: parsed.name,
    signerKey: text,
    verifierKey: formatVerifierKey({
      name: parsed.name,
      type: SIGNATURE_TYPE_COSIGNATURE_V1,
      publicKey: parsed.publicKey,
    }),
    signer: cosignatureSigner(parsed.name, parsed.seed),
  };
}

/** The cosignature/v1 verifier key (type 0x04) of a witness signer key string. */
export function witnessVerifierKey(signerKey: string): string {
  return parseWitnessKey(signerKey).verifierKey;
}

/**
 * Generates a fresh witness key named `name` (a schema-less URL is recommended, tlog-cosignature
 * "Format"). Throws `VALIDATION_FAILED` for a name that cannot be a key name.
 */
export function generateWitnessKey(name: string): WitnessKey {
  let signerKey: string;
  try {
    signerKey = generateKey(name).signerKey;
  } catch (e) {
    if (isTranslogError(e)) {
      throw new AmanahError(
        'VALIDATION_FAILED',
        `${JSON.stringify(name)} cannot be a witness name: a key name is non-empty and has no spaces and no "+"`,
        [{ path: 'name', message: e.message }],
      );
    }
    throw e;
  }
  return parseWitnessKey(signerKey);
}

/** What {@link readWitnessKeyFile} found. */
export interface WitnessKeyFile extends WitnessKey {
  /** True when the file can be read or written by its group or by others (it should be 0600). */
  readonly permissive: boolean;
}

/**
 * Reads a witness key file (one `PRIVATE+KEY+…` line). Throws `NOT_FOUND` if it does not exist and
 * `CONFIG_INVALID` if it does not hold a witness key. A file readable by others is still read; the
 * caller is told through `permissive` so it can warn.
 */
export async function readWitnessKeyFile(path: string): Promise<WitnessKeyFile> {
  let text: string;
  let mode: number;
  try {
    [text, mode] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mode)]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AmanahError(
        'NOT_FOUND',
        `witness key file ${path} does not exist (make one with witness keygen)`,
      );
    }
    throw new AmanahError('CONFIG_INVALID', `cannot read witness key file ${path}: ${(e as Error).message}`);
  }
  let key: WitnessKey;
  try {
    key = parseWitnessKey(text);
  } catch (e) {
    if (e instanceof AmanahError) throw new AmanahError('CONFIG_INVALID', `${path}: ${e.message}`);
    throw e;
  }
  return { ...key, permissive: (mode & 0o077) !== 0 };
}

/**
 * Writes a witness key file with mode 0600, refusing to overwrite an existing file
 * (`ALREADY_EXISTS`): a witness key that is replaced by mistake cannot be recovered. The file is
 * flushed to disk before this returns.
 */
export async function writeWitnessKeyFile(path: string, key: WitnessKey): Promise<void> {
  let handle;
  try {
    handle = await open(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
      WITNESS_KEY_FILE_MODE,
    );
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AmanahError(
        'ALREADY_EXISTS',
        `${path} exists; choose another file (a key is never overwritten)`,
      );
    }
    throw new AmanahError(
      'CONFIG_INVALID',
      `cannot create witness key file ${path}: ${(e as Error).message}`,
    );
  }
  try {
    // The umask can only narrow the mode given to open(); set it exactly in case the file system widened it.
    await handle.chmod(WITNESS_KEY_FILE_MODE);
    await handle.writeFile(`${key.signerKey}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
