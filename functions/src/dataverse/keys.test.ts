import { expect, it } from 'vitest';
import { alternateKey, keySegment, lookupKey } from './keys.js';

it('quotes strings, doubles quotes, leaves GUIDs and numbers bare', () => {
  expect(alternateKey({ wxm_appid: 'wx0123' })).toBe("wxm_appid='wx0123'");
  expect(alternateKey({ wxm_openid: "o'x", [lookupKey('wxm_officialaccountid')]: '0F8FAD5B-D9CB-469F-A165-70867728950E' })).toBe(
    "wxm_openid='o''x',_wxm_officialaccountid_value=0f8fad5b-d9cb-469f-a165-70867728950e",
  );
  expect(alternateKey({ n: 5, b: true })).toBe('n=5,b=true');
});

it('refuses what is not a key, and percent-encodes values for the URL path', () => {
  expect(() => alternateKey({})).toThrow('An alternate key needs at least one column.');
  expect(() => alternateKey({ 'wxm_appid)': 'x' })).toThrow("'wxm_appid)' is not a column name.");
  expect(() => alternateKey({ n: Number.NaN })).toThrow('NaN cannot be a key value.');
  expect(keySegment(alternateKey({ wxm_name: "a/b?c#d e'f", _x_value: '0f8fad5b-d9cb-469f-a165-70867728950e' }))).toBe(
    "wxm_name='a%2Fb%3Fc%23d%20e''f',_x_value=0f8fad5b-d9cb-469f-a165-70867728950e",
  );
});
