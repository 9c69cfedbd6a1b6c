/**
 * Ties an authorization to the browser that started it (login-CSRF defence): /authorize gives the browser a
 * random secret in a cookie and puts only its hash into the signed state; the callback must come back with
 * the same cookie. A state made in an attacker's browser and completed in a victim's (or the reverse) fails.
 *
 * The cookie is SameSite=Lax so that it comes back on WeChat's top-level redirect to the callback, HttpOnly,
 * Secure (with the `__Secure-` prefix) when the relay is served over https, and scoped to the authorize routes.
 * https://developer.mozilla.org/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value
 * https://owasp.org/www-community/attacks/csrf#login-csrf
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface BrowserCookie {
  name: string;
  path: string;
  secure: boolean;
}

/** `/api/wechat/authorize` and `/api/wechat/authorize/callback` both sit under this path. */
export const COOKIE_PATH = '/api/wechat/authorize';

const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function browserCookie(publicUrl: string): BrowserCookie {
  const secure = new URL(publicUrl).protocol === 'https:';
  return { name: secure ? '__Secure-wxm-authorize' : 'wxm-authorize', path: COOKIE_PATH, secure };
}

/** The secret the browser already holds when well formed (parallel tabs keep working), else a new one. */
export function browserSecret(existing: string | undefined): string {
  return existing && SECRET.test(existing) ? existing : randomBytes(32).toString('base64url');
}

export function hashBrowserSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** True when the cookie's secret hashes to what the state carries (constant time). */
export function sameBrowser(secret: string | undefined, expectedHash: string): boolean {
  if (!secret || !SECRET.test(secret)) return false;
  const given = Buffer.from(hashBrowserSecret(secret));
  const expected = Buffer.from(expectedHash);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One cookie's value from a Cookie request header (RFC 6265 §5.4: `name=value; name2=value2`). */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
