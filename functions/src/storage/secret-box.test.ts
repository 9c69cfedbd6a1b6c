import { describe, expect, it } from 'vitest';
import { SecretBoxError } from './errors.js';
import { AesGcmSecretBox, createSecretBox, decodeSecretKey, generateSecretKey } from './secret-box.js';

const KEY = Buffer.alloc(32, 7).toString('base64'); // BwcH…: 32 bytes of 0x07

describe('AesGcmSecretBox', () => {
  it('round-trips text, with a fresh IV each time', () => {
    const box = new AesGcmSecretBox(KEY);
    const a = box.seal('refresh@@@token 授权');
    const b = box.seal('refresh@@@token 授权');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('refresh@@@token 授权');
    expect(box.open(b)).toBe('refresh@@@token 授权');
    expect(box.open(box.seal(''))).toBe('');
  });

  it('writes v1.<iv 12 bytes>.<tag 16 bytes>.<ciphertext> in base64url', () => {
    const sealed = new AesGcmSecretBox(KEY).seal('abc');
    const [version, iv, tag, data] = sealed.split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(data!, 'base64url')).toHaveLength(3);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('rejects a tampered ciphertext, tag or IV without echoing anything', () => {
    const box = new AesGcmSecretBox(KEY);
    const sealed = box.seal('top-secret-value');
    const [v, iv, tag, data] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    for (const bad of [[v, iv, tag, flip(data)].join('.'), [v, iv, flip(tag), data].join('.'), [v, flip(iv), tag, data].join('.')]) {
      let caught: unknown;
      try {
        box.open(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SecretBoxError);
      expect(caught).toMatchObject({ code: 'sealed-value-tampered' });
      expect(String((caught as Error).message)).not.toContain(data);
      expect(String((caught as Error).message)).not.toContain('top-secret');
    }
  });

  it('rejects a value sealed under another key as tampered', () => {
    const sealed = new AesGcmSecretBox(generateSecretKey()).seal('x');
    expect(() => new AesGcmSecretBox(KEY).open(sealed)).toThrow(expect.objectContaining({ code: 'sealed-value-tampered' }));
  });

  it('rejects malformed input with a clear code', () => {
    const box = new AesGcmSecretBox(KEY);
    for (const bad of ['', 'plain', 'v2.a.b.c', 'v1.a.b', 'v1.!!.b.c', `v1.${'A'.repeat(16)}.short.abc`]) {
      expect(() => box.open(bad)).toThrow(expect.objectContaining({ code: 'sealed-value-malformed' }));
    }
  });

  it('validates the key: 32 bytes of base64 or base64url', () => {
    expect(decodeSecretKey(KEY)).toHaveLength(32);
    expect(decodeSecretKey(Buffer.alloc(32, 255).toString('base64url'))).toEqual(Buffer.alloc(32, 255));
    expect(() => new AesGcmSecretBox(Buffer.alloc(16).toString('base64'))).toThrow('secret key must decode to 32 bytes (got 16)');
    expect(() => new AesGcmSecretBox('not base64 at all!')).toThrow(expect.objectContaining({ code: 'invalid-secret-key' }));
    expect(() => createSecretBox(undefined)).toThrow('secret key is not set (RELAY_SECRET_KEY)');
    expect(Buffer.from(generateSecretKey(), 'base64')).toHaveLength(32);
  });
});
