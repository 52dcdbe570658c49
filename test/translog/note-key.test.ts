/** Verifier keys (signed-note "Verifier keys") and golang.org/x/mod/sumdb/note signer keys. */
import { describe, expect, test } from 'vitest';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  computeKeyId,
  cosignatureSigner,
  formatKeyId,
  formatSignerKey,
  formatVerifierKey,
  generateKey,
  isValidKeyName,
  noteSigner,
  noteVerifier,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifyNote,
} from '../../src/translog/index.js';
import { codeOf } from './code-of.js';

describe('note keys', () => {
  test('generateKey makes a signer key and the matching verifier key', () => {
    const { signerKey, verifierKey } = generateKey('amanah.example/log');
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+amanah\.example\/log\+[0-9a-f]{8}\+A/);
    const s = parseSignerKey(signerKey);
    const v = parseVerifierKey(verifierKey);
    expect(v.keyId).toBe(s.keyId);
    expect(v.type).toBe(SIGNATURE_TYPE_ED25519);
    expect(formatSignerKey(s)).toBe(signerKey);
    const note = signNote({ text: 'hi\n' }, [noteSigner(signerKey)]);
    expect(verifyNote(note, [noteVerifier(verifierKey)]).verified).toHaveLength(1);
    expect(generateKey('amanah.example/log').signerKey).not.toBe(signerKey);
  });

  test('key ID = SHA-256(name || 0x0A || type || key)[:4], different per type', () => {
    const pub = new Uint8Array(32).fill(5);
    const id1 = computeKeyId('n', 1, pub);
    const id4 = computeKeyId('n', 4, pub);
    expect(id1).not.toBe(id4);
    expect(formatKeyId(id1)).toMatch(/^[0-9a-f]{8}$/);
    expect(formatKeyId(0x1)).toBe('00000001');
  });

  test('a type 0x04 verifier key yields a cosignature verifier', () => {
    const w = cosignatureSigner('witness.example', new Uint8Array(32).fill(9));
    const vkey = formatVerifierKey({
      name: w.name,
      type: SIGNATURE_TYPE_COSIGNATURE_V1,
      publicKey: w.publicKey,
    });
    expect(noteVerifier(vkey).keyId).toBe(w.keyId);
  });

  test('malformed and unsupported keys', () => {
    const { signerKey, verifierKey } = generateKey('k');
    const [name, id, b64] = [
      verifierKey.split('+')[0]!,
      verifierKey.split('+')[1]!,
      verifierKey.split('+').slice(2).join('+'),
    ];
    const peter = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
    expect(codeOf(() => parseVerifierKey(peter))).toBe('OK');
    expect(codeOf(() => parseVerifierKey(peter.replace('c74f20a3', 'C74F20A3')))).toBe('KEY_MALFORMED');
    expect(codeOf(() => parseVerifierKey(`${name}+${id}`))).toBe('KEY_MALFORMED');
    expect(codeOf(() => parseVerifierKey(`bad name+${id}+${b64}`))).toBe('KEY_MALFORMED');
    expect(codeOf(() => parseVerifierKey(`${name}+${id.slice(1)}+${b64}`))).toBe('KEY_MALFORMED');
    expect(codeOf(() => parseVerifierKey(`${name}+${id}+`))).toBe('KEY_MALFORMED');
    expect(codeOf(() => parseVerifierKey(`${name}+${id}+AQ==`))).toBe('KEY_MALFORMED');
    expect(codeOf(() => parseSignerKey(verifierKey))).toBe('KEY_MALFORMED');
    expect(codeOf(() => parseSignerKey(signerKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+')))).toBe(
      'KEY_MALFORMED',
    );
    const type2 = formatVerifierKey({ name: 'k', type: 1, publicKey: new Uint8Array(32) }).replace(
      '+AQ',
      '+Ag',
    );
    expect(codeOf(() => parseVerifierKey(type2))).toBe('KEY_UNSUPPORTED');
    expect(codeOf(() => formatVerifierKey({ name: 'k', type: 2, publicKey: new Uint8Array(32) }))).toBe(
      'KEY_UNSUPPORTED',
    );
    expect(codeOf(() => generateKey('has space'))).toBe('KEY_MALFORMED');
  });

  test('key names: non-empty, no Unicode space, no plus', () => {
    expect(isValidKeyName('example.com/foo')).toBe(true);
    expect(isValidKeyName('тест/ключ')).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2003b', 'a\u0085b', 'a\nb', 'a\u3000b']) {
      expect(isValidKeyName(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
