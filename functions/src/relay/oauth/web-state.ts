/**
 * The `state` of a web authorization: `<id>.<mac>`, 22 + 1 + 22 characters of [A-Za-z0-9_-] (WeChat allows at most
 * 128 of [a-zA-Z0-9_-]-like characters and hands it back untouched). The id names the pending request kept in the
 * shared key-value store (which account, which scope, what to bind) until it expires; the MAC (HMAC-SHA-256 with a
 * key derived from RELAY_SECRET_KEY, over the id and the account) makes a forged or edited state fail before any
 * storage read or WeChat call. Nothing secret travels in the URL: the id is random, the request stays with us.
 * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;

export class WebAuthorizationStateKey {
  private readonly key: Buffer;

  constructor(secretKey: Buffer) {
    // A key of its own, never confused with the admin authorization's state key or the secret box.
    this.key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'wxm web authorization state v1', 32));
  }

  /** A fresh state for this account: the id to store the request under, and the state for WeChat's URL. */
  issue(appid: string): { id: string; state: string } {
    const id = randomBytes(16).toString('base64url');
    return { id, state: `${id}.${this.mac(id, appid)}` };
  }

  /** The id of a state we issued for this account, or undefined (forged, edited, another account's). */
  verify(state: string | null | undefined, appid: string): string | undefined {
    const m = PATTERN.exec(state ?? '');
    if (!m) return undefined;
    const [, id, mac] = m as unknown as [string, string, string];
    const expected = Buffer.from(this.mac(id, appid));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }

  private mac(id: string, appid: string): string {
    return createHmac('sha256', this.key).update(`${appid}\n${id}`).digest('base64url').slice(0, 22);
  }
}
