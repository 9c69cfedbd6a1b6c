import { expect, it } from 'vitest';
import { alternateKey, lookupKey } from './keys.js';

it('quotes strings, doubles quotes, leaves GUIDs and numbers bare', () => {
  expect(alternateKey({ wxm_appid: 'wx0123' })).toBe("wxm_appid='wx0123'");
  expect(alternateKey({ wxm_openid: "o'x", [lookupKey('wxm_officialaccountid')]: '0F8FAD5B-D9CB-469F-A165-70867728950E' })).toBe(
    "wxm_openid='o''x',_wxm_officialaccountid_value=0f8fad5b-d9cb-469f-a165-70867728950e",
  );
  expect(alternateKey({ n: 5, b: true })).toBe('n=5,b=true');
});
