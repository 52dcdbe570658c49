import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertEventSignature,
  canonicalForms,
  eventLeafText,
  signingBytes,
} from '../../src/domain/envelope.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { keyIdOf, keyPairFromSeed, publicKeyObject } from '../../src/domain/keys.js';
import { testSigner } from '../support/actors.js';

const signer = testSigner('envelope');
const pub = publicKeyObject(signer.publicKey);
const ORIGIN = 'example.org/log';

describe('event envelope signatures', () => {
  it('assembles the leaf and the signed message exactly as the canonical JSON of the event', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string({ minLength: 1 }),
        (payload, origin) => {
          const e = signer.sign(origin, 'org.registered', payload, {
            id: 'id-0000000000000009',
            time: new Date(0),
          });
          const forms = canonicalForms(origin, e);
          expect(forms.leaf).toBe(eventLeafText(e));
          expect(Buffer.from(forms.signing)).toEqual(Buffer.from(signingBytes(origin, e)));
        },
      ),
    );
  });

  it('signs a payload given as canonical text exactly as it signs the payload itself', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string({ minLength: 1 }),
        (payload, origin) => {
          const opts = { id: 'id-0000000000000010', time: new Date(0) };
          const text = signer.signText(origin, 'org.registered', canonicalJson(payload), opts);
          expect(text).toBe(eventLeafText(signer.sign(origin, 'org.registered', payload, opts)));
        },
      ),
    );
  });

  it('derives key ids from the public key', () => {
    const pair = keyPairFromSeed(new Uint8Array(32).fill(7));
    expect(pair.keyId).toBe(keyIdOf(pair.publicKey));
    expect(pair.keyId).toMatch(/^[0-9a-f]{32}$/);
    // RFC 8032 test 1: the seed 9d61…7f60 has the public key d75a…511a
    const rfc = keyPairFromSeed(
      Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'),
    );
    expect(Buffer.from(rfc.publicKey, 'base64url').toString('hex')).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
  });

  it('signs a domain-separated message over the canonical event without its signature', () => {
    const e = signer.sign(
      ORIGIN,
      'org.registered',
      { b: 1, a: 2 },
      { id: 'id-0000000000000001', time: new Date(0) },
    );
    const text = new TextDecoder().decode(signingBytes(ORIGIN, e));
    expect(text).toBe(
      `amanah/event/v1\n${ORIGIN}\n{"actor":"${signer.keyId}","id":"id-0000000000000001","payload":{"a":2,"b":1},"sv":1,"time":"1970-01-01T00:00:00.000Z","type":"org.registered","v":1}`,
    );
    expect(() => assertEventSignature(ORIGIN, e, pub)).not.toThrow();
    expect(() => assertEventSignature('other.org/log', e, pub)).toThrow(/signature/);
  });

  it('detects any change to any field of a signed event', () => {
    const e = signer.sign(
      ORIGIN,
      'org.registered',
      { id: 'qatar', name: { en: 'Qatar', ar: 'قطر' } },
      { id: 'id-0000000000000002', time: new Date(0) },
    );
    fc.assert(
      fc.property(
        fc.constantFrom('type', 'id', 'time', 'actor', 'payload', 'sv'),
        fc.string({ minLength: 1, maxLength: 8 }),
        (field, junk) => {
          const tampered = structuredClone(e) as Record<string, unknown>;
          if (field === 'payload') tampered.payload = { ...e.payload, id: `${e.payload.id}${junk}` };
          else if (field === 'sv') tampered.sv = 2;
          else tampered[field] = `${String(e[field as keyof typeof e])}${junk}`;
          expect(() => assertEventSignature(ORIGIN, tampered as typeof e, pub)).toThrow();
        },
      ),
    );
  });
});
