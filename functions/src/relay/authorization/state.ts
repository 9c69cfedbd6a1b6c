/**
 * The `state` carried through WeChat's authorization page: what the admin asked for (original ID, the org the
 * binding token will be for, where to return), the hash of the browser's secret (the cookie /authorize set)
 * and a single-use id, signed with an HMAC key derived from RELAY_SECRET_KEY and expiring. A forged, expired,
 * other-browser or replayed callback gets a clear page and stores nothing.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';
import { AuthorizationFailed } from '../errors.js';

export type AccountType = 'officialaccount' | 'miniprogram';

export interface AuthorizationRequest {
  originalId: string;
  accountType: AccountType;
  /** Start To Use's own address on the org's origin, without a fragment: the result page links back to it. */
  returnUrl: string;
  /** The org origin (`https://contoso.crm.dynamics.com`): the only org the binding token will bind in. */
  org: string;
  /** base64url SHA-256 of the browser secret (the cookie), so the state in URLs never reveals the cookie. */
  browser: string;
}

/** A verified state: the request plus its single-use id and when it expires (epoch ms). */
export interface VerifiedRequest extends AuthorizationRequest {
  id: string;
  expiresAt: number;
}

interface StatePayload extends AuthorizationRequest {
  exp: number;
  id: string;
}

const FIELDS = ['originalId', 'accountType', 'returnUrl', 'org', 'browser', 'id'] as const;

export class AuthorizationState {
  private readonly key: Buffer;

  constructor(
    secretKey: Buffer,
    private readonly clock: Clock,
    readonly ttlSeconds = 30 * 60,
  ) {
    // A key of its own: the state HMAC can never be confused with the secret-box key. v2: states of the
    // version before browser binding no longer verify.
    this.key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'wxm authorization state v2', 32));
  }

  sign(request: AuthorizationRequest): string {
    const payload: StatePayload = { ...request, exp: Math.floor(this.clock.now() / 1000) + this.ttlSeconds, id: randomBytes(16).toString('base64url') };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify(state: string | null | undefined): VerifiedRequest {
    if (!state) throw new AuthorizationFailed('missing-state');
    const [body, mac, extra] = state.split('.');
    if (!body || !mac || extra !== undefined) throw new AuthorizationFailed('invalid-state', 'not a relay state');
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AuthorizationFailed('invalid-state', 'signature mismatch');
    }
    let payload: Partial<StatePayload>;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<StatePayload>;
    } catch {
      throw new AuthorizationFailed('invalid-state', 'unreadable payload');
    }
    if (FIELDS.some((f) => typeof payload[f] !== 'string') || typeof payload.exp !== 'number') {
      throw new AuthorizationFailed('invalid-state', 'incomplete payload');
    }
    if (payload.exp * 1000 < this.clock.now()) throw new AuthorizationFailed('expired-state');
    const { exp, ...request } = payload as StatePayload;
    return { ...request, expiresAt: exp * 1000 };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
