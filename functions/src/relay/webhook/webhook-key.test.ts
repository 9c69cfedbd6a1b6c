import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookKeys, webhookKeyFor, webhookKeyRoot } from './webhook-key.js';

/** RFC 5869 HKDF written out with HMAC, to check node's hkdfSync is used as the spec says (empty salt). */
function hkdf(ikm: Buffer, salt: Buffer, info: string, length: number): Buffer {
  const prk = createHmac('sha256', salt.length ? salt : Buffer.alloc(32))
    .update(ikm)
    .digest();
  let t = Buffer.alloc(0);
  let okm = Buffer.alloc(0);
  for (let i = 1; okm.length < length; i++) {
    t = createHmac('sha256', prk)
      .update(Buffer.concat([t, Buffer.from(info), Buffer.from([i])]))
      .digest();
    okm = Buffer.concat([okm, t]);
  }
  return okm.subarray(0, length);
}

const RELAY_KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const ORG = '8E7A2F30-1C4B-4D5E-9F60-7A8B9C0D1E2F';

describe('per-org webhook keys', () => {
  it('the reference HKDF matches RFC 5869 test case 3 (zero-length salt and info)', () => {
    expect(hkdf(Buffer.alloc(22, 0x0b), Buffer.alloc(0), '', 42).toString('hex')).toBe(
      '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    );
  });

  it("is base64url(HMAC-SHA256(HKDF-SHA256(relay key, 'wxm webhook key v1'), lowercase org id))", () => {
    const root = hkdf(RELAY_KEY, Buffer.alloc(0), 'wxm webhook key v1', 32);
    const expected = createHmac('sha256', root).update(ORG.toLowerCase()).digest('base64url');
    expect(webhookKeyRoot(RELAY_KEY).equals(root)).toBe(true);
    expect(webhookKeyFor(root, ORG)).toBe(expected);
    expect(new WebhookKeys(RELAY_KEY).keyFor(ORG)).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('belongs to one org: another org, another relay key, or any change of the key is refused', () => {
    const keys = new WebhookKeys(RELAY_KEY);
    const key = keys.keyFor(ORG);
    expect(keys.verify(ORG, key)).toBe(true);
    expect(keys.verify(ORG.toLowerCase(), key)).toBe(true);
    expect(keys.verify('8e7a2f30-1c4b-4d5e-9f60-7a8b9c0d1e30', key)).toBe(false);
    expect(new WebhookKeys(Buffer.alloc(32, 7)).verify(ORG, key)).toBe(false);
    for (const wrong of [key.slice(0, -1), `${key}A`, key.toUpperCase(), '', 'x'.repeat(10_000)]) expect(keys.verify(ORG, wrong)).toBe(false);
    expect(keys.verify(ORG, null)).toBe(false);
    expect(keys.verify(ORG, undefined)).toBe(false);
  });

  it('refuses a relay key that is not 32 bytes', () => {
    expect(() => new WebhookKeys(Buffer.alloc(16))).toThrow('RELAY_SECRET_KEY must be 32 bytes');
  });
});
