/**
 * The `state` carried through WeChat's authorization page: what the admin asked for (original ID, where to
 * return, which Dynamics org), signed with an HMAC key derived from RELAY_SECRET_KEY and expiring, so a
 * forged or replayed-late callback gets a clear page and stores nothing.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../wechat/tokens/ports.js';
import { AuthorizationFailed } from '../errors.js';

export interface AuthorizationRequest {
  originalId: string;
  accountType: AccountType;
  returnUrl?: string;
  /** The Dynamics environment URL Start To Use was opened from (binds the result to that org later). */
  orgUrl?: string;
}

export type AccountType = 'officialaccount' | 'miniprogram';

interface StatePayload extends AuthorizationRequest {
  exp: number;
  n: string;
}

export class AuthorizationState {
  private readonly key: Buffer;

  constructor(
    secretKey: Buffer,
    private readonly clock: Clock,
    private readonly ttlSeconds = 30 * 60,
  ) {
    // A key of its own: the state HMAC can never be confused with the secret-box key.
    this.key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'wxm authorization state v1', 32));
  }

  sign(request: AuthorizationRequest): string {
    const payload: StatePayload = { ...request, exp: Math.floor(this.clock.now() / 1000) + this.ttlSeconds, n: randomBytes(8).toString('base64url') };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify(state: string | null | undefined): AuthorizationRequest {
    if (!state) throw new AuthorizationFailed('missing-state');
    const [body, mac, extra] = state.split('.');
    if (!body || !mac || extra !== undefined) throw new AuthorizationFailed('invalid-state', 'not a relay state');
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AuthorizationFailed('invalid-state', 'signature mismatch');
    }
    let payload: StatePayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as StatePayload;
    } catch {
      throw new AuthorizationFailed('invalid-state', 'unreadable payload');
    }
    if (typeof payload.exp !== 'number' || payload.exp * 1000 < this.clock.now()) throw new AuthorizationFailed('expired-state');
    const { exp: _exp, n: _n, ...request } = payload;
    return request;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
