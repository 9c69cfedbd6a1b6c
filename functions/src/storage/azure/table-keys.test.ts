import { describe, expect, it } from 'vitest';
import { decodeTableKey, encodeTableKey } from './table-keys.js';

// eslint-disable-next-line no-control-regex -- the control characters Table keys may not hold are what this test is about
const FORBIDDEN = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

describe('encodeTableKey', () => {
  it('leaves readable keys readable', () => {
    expect(encodeTableKey('component:wx1234567890abcdef')).toBe('component:wx1234567890abcdef');
    expect(encodeTableKey('wxA:msg:24367891234')).toBe('wxA:msg:24367891234');
  });

  it('escapes forbidden and other characters as !XX of their UTF-8 bytes', () => {
    expect(encodeTableKey('a/b\\c#d?e')).toBe('a!2Fb!5Cc!23d!3Fe');
    expect(encodeTableKey('tab\there\u007f')).toBe('tab!09here!7F');
    expect(encodeTableKey("it's 100%!")).toBe('it!27s!20100!25!21');
    expect(encodeTableKey('消息')).toBe('!E6!B6!88!E6!81!AF');
  });

  it('is reversible and injective for escaped keys', () => {
    const keys = ['a!2Fb', 'a/b', '!', '!21', 'x y', '🙂', 'event:subscribe:oABC'];
    const encoded = keys.map(encodeTableKey);
    expect(new Set(encoded).size).toBe(keys.length);
    for (const [i, key] of keys.entries()) expect(decodeTableKey(encoded[i]!)).toBe(key);
    for (const e of encoded) expect(e).not.toMatch(FORBIDDEN);
  });

  it('hashes keys that would encode past 400 characters', () => {
    const long = encodeTableKey('/'.repeat(200));
    expect(long).toMatch(/^!h[A-Za-z0-9_-]{43}$/);
    expect(encodeTableKey('/'.repeat(201))).not.toBe(long);
    expect(decodeTableKey(long)).toBeUndefined();
    expect(encodeTableKey('a'.repeat(400))).toBe('a'.repeat(400));
    expect(encodeTableKey('a'.repeat(401))).toMatch(/^!h/);
  });

  it('refuses an empty key', () => {
    expect(() => encodeTableKey('')).toThrow(expect.objectContaining({ code: 'invalid-key' }));
  });
});
