import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFileText, readKeyFile } from '../../src/client/signer.js';
import { keyPairFromSeed } from '../../src/domain/keys.js';

const dir = mkdtempSync(join(tmpdir(), 'amanah-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pair = keyPairFromSeed(new Uint8Array(32).fill(5));
const other = keyPairFromSeed(new Uint8Array(32).fill(6));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const good = JSON.parse(keyFileText(pair, 'Access officer')) as Record<string, unknown>;

describe('key files', () => {
  it('read back the signer they were written for', () => {
    const s = readKeyFile(file('good.json', keyFileText(pair, 'Access officer')));
    expect([s.keyId, s.publicKey, s.label]).toEqual([pair.keyId, pair.publicKey, 'Access officer']);
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', '{"kind": ', /cannot read key file .*: .*JSON/],
    ['an array', '[]', /is not an Amanah key file \(\(root\): expected an object\)/],
    ['without its seed', JSON.stringify({ ...good, seed: undefined }), /\(seed: expected a string\)/],
    ['with a number for a label', JSON.stringify({ ...good, label: 7 }), /\(label: expected a string\)/],
    [
      'with a member of its own',
      JSON.stringify({ ...good, note: 'x' }),
      /\(note: not a member of a key file\)/,
    ],
    [
      'of another kind',
      JSON.stringify({ ...good, kind: 'ssh-key' }),
      /\(kind: expected "amanah-ed25519-key"\)/,
    ],
    [
      'whose key id is not its key’s',
      JSON.stringify({ ...good, keyId: other.keyId }),
      /key id does not match/,
    ],
    [
      'whose seed is another key’s',
      JSON.stringify({ ...good, seed: other.seed }),
      /the seed in the key file does not belong to its public key/,
    ],
  ])('are refused, naming the file and the fault, when %s', (name, text, message) => {
    const path = file(`${name.replaceAll(/\W+/g, '-')}.json`, text);
    expect(() => readKeyFile(path)).toThrow(message);
    if (!/key id|seed in the key file/.test(message.source)) expect(() => readKeyFile(path)).toThrow(path);
  });
});
