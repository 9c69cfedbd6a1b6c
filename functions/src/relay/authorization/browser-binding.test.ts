import { describe, expect, it } from 'vitest';
import { browserCookie, browserSecret, hashBrowserSecret, readCookie, sameBrowser } from './browser-binding.js';

describe('the browser cookie', () => {
  it('is Secure with the __Secure- prefix when the relay is served over https, scoped to the authorize routes', () => {
    expect(browserCookie('https://wxm-relay.azurewebsites.net')).toEqual({ name: '__Secure-wxm-authorize', path: '/api/wechat/authorize', secure: true });
    expect(browserCookie('http://localhost:7071')).toEqual({ name: 'wxm-authorize', path: '/api/wechat/authorize', secure: false });
  });

  it('is read from a Cookie header among others, by exact name', () => {
    const secret = browserSecret(undefined);
    const header = `other=1; wxm-authorize-x=no; wxm-authorize=${secret}; last=2`;
    expect(readCookie(header, 'wxm-authorize')).toBe(secret);
    expect(readCookie(header, 'missing')).toBeUndefined();
    expect(readCookie(null, 'wxm-authorize')).toBeUndefined();
  });

  it('matches only the secret whose hash the state carries', () => {
    const secret = browserSecret(undefined);
    expect(sameBrowser(secret, hashBrowserSecret(secret))).toBe(true);
    expect(sameBrowser(browserSecret(undefined), hashBrowserSecret(secret))).toBe(false);
    expect(sameBrowser(undefined, hashBrowserSecret(secret))).toBe(false);
    expect(sameBrowser(secret, 'short')).toBe(false);
  });
});
