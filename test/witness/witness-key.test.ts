/**
 * The witness key file: a golang.org/x/mod/sumdb/note signer key, mode 0600, whose cosignature/v1
 * verifier key (type 0x04) is derived as tlog-cosignature says, checked against published vectors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path, { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  cosignatureVerifier,
  decodeHex,
  formatSignerKey,
  generateKey,
  noteVerifier,
  parseVerifierKey,
  verifyNote,
} from '../../src/translog/index.js';
import {
  generateWitnessKey,
  parseWitnessKey,
  readWitnessKeyFile,
  witnessVerifierKey,
  writeWitnessKeyFile,
} from '../../src/witness/witness-key.js';
import { tempDir } from './support.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const VECTORS = path.resolve(process.cwd(), '../shared/vectors');

describe('witness key', () => {
  test('generate, write (0600), read back, derive the type 0x04 verifier key', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const file = join(dir.path, 'witness.key');
    const key = generateWitnessKey('witness.test/gov-a');
    await writeWitnessKeyFile(file, key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^PRIVATE\+KEY\+witness\.test\/gov-a\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}\n$/);

    const read = await readWitnessKeyFile(file);
    expect(read.permissive).toBe(false);
    expect(read.verifierKey).toBe(key.verifierKey);
    const vkey = parseVerifierKey(read.verifierKey);
    expect(vkey.type).toBe(0x04);
    expect(vkey.name).toBe('witness.test/gov-a');

    // The signer signs cosignatures its verifier key accepts.
    const text2 = 'log.test/x\n1\n' + 'A'.repeat(43) + '=\n';
    const sig = read.signer.sign(text2, 1_700_000_000);
    expect(
      verifyNote({ text: text2, signatures: [sig] }, [noteVerifier(read.verifierKey)]).verified,
    ).toHaveLength(1);

    // Never overwritten.
    await expect(writeWitnessKeyFile(file, generateWitnessKey('witness.test/gov-a'))).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    expect(await readFile(file, 'utf8')).toBe(text);

    await chmod(file, 0o644);
    expect((await readWitnessKeyFile(file)).permissive).toBe(true);
  });

  test('the vkey is the cosignature/v1 key of the same Ed25519 key, not the note key', () => {
    const key = generateKey('witness.test/w');
    const derived = parseVerifierKey(witnessVerifierKey(key.signerKey));
    const plain = parseVerifierKey(key.verifierKey);
    expect(derived.publicKey).toEqual(plain.publicKey);
    expect(plain.type).toBe(0x01);
    expect(derived.type).toBe(0x04);
    expect(derived.keyId).not.toBe(plain.keyId);
    expect(derived.keyId).toBe(cosignatureVerifier('witness.test/w', plain.publicKey).keyId);
  });

  test.skipIf(!existsSync(join(VECTORS, 'witness-add-checkpoint.json')))(
    'published witness seeds give the published vkeys (../shared/vectors)',
    () => {
      const scenario = JSON.parse(readFileSync(join(VECTORS, 'witness-add-checkpoint.json'), 'utf8')) as {
        witness: { name: string; ed25519SeedHex: string; vkey: string };
      };
      const cosig = JSON.parse(readFileSync(join(VECTORS, 'cosignature.json'), 'utf8')) as {
        locallyGenerated: { witness: { name: string; ed25519SeedHex: string; vkey: string } };
      };
      for (const w of [scenario.witness, cosig.locallyGenerated.witness]) {
        const signerKey = formatSignerKey({ name: w.name, seed: decodeHex(w.ed25519SeedHex) });
        expect(witnessVerifierKey(signerKey)).toBe(w.vkey);
      }
    },
  );

  test('refusals: missing file, not a key, a bad name', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    await expect(readWitnessKeyFile(join(dir.path, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const bad = join(dir.path, 'bad');
    await writeFile(bad, 'witness.test/w+01234567+AAAA\n');
    await expect(readWitnessKeyFile(bad)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    // a key whose key ID does not match
    const key = generateKey('witness.test/w').signerKey;
    const wrongId = key.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
    expect(() => parseWitnessKey(wrongId)).toThrow(/does not match/);
    expect(() => generateWitnessKey('has space')).toThrow(/cannot be a witness name/);
    expect(() => generateWitnessKey('a+b')).toThrow(/cannot be a witness name/);
  });
});
