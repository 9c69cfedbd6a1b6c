/**
 * Short-lived secrets WeChat hands out: component_verify_ticket (pushed, valid 12 h), pre_auth_code (10 min) and the
 * authorization code an account's approval produces (api_query_auth input).
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/pre_auth_code.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
import { randomBytes } from 'node:crypto';
import type { SimClock } from '../types.js';

export const TICKET_TTL_SECONDS = 12 * 3600;
export const PRE_AUTH_CODE_TTL_SECONDS = 600;
export const AUTH_CODE_TTL_SECONDS = 600;

function opaque(prefix: string): string {
  return `${prefix}@@@${randomBytes(36).toString('base64url')}`;
}

/**
 * Every ticket pushed in the last 12 h is accepted. WeChat documents the 12 h validity and advises keeping the
 * most recent usable ticket, which means an older, unexpired one keeps working after a newer push.
 */
export class VerifyTicketBook {
  private readonly issued = new Map<string, number>();
  private latestValue: string | undefined;

  constructor(private readonly clock: SimClock) {}

  issue(): string {
    const value = opaque('ticket');
    this.issued.set(value, this.clock.now());
    this.latestValue = value;
    return value;
  }

  latest(): string | undefined {
    return this.latestValue;
  }

  check(value: unknown): 'ok' | 'expired' | 'invalid' {
    if (typeof value !== 'string' || value === '') return 'invalid';
    const at = this.issued.get(value);
    if (at === undefined) return 'invalid';
    return this.clock.now() - at >= TICKET_TTL_SECONDS * 1000 ? 'expired' : 'ok';
  }
}

export interface PreAuthCode {
  value: string;
  expiresAt: number;
  used: boolean;
}

export interface AuthCode {
  value: string;
  appid: string;
  expiresAt: number;
  used: boolean;
  preAuthCode?: string;
}

export class CodeBook {
  private readonly preAuth = new Map<string, PreAuthCode>();
  private readonly auth = new Map<string, AuthCode>();

  constructor(
    private readonly clock: SimClock,
    private readonly authCodeSingleUse: boolean,
  ) {}

  createPreAuthCode(): PreAuthCode {
    const code: PreAuthCode = {
      value: opaque('preauthcode'),
      expiresAt: this.clock.now() + PRE_AUTH_CODE_TTL_SECONDS * 1000,
      used: false,
    };
    this.preAuth.set(code.value, code);
    return code;
  }

  /** The authorization page accepts a pre_auth_code that exists, is unexpired and was not used for an approval. */
  checkPreAuthCode(value: string | null): { ok: true; code: PreAuthCode } | { ok: false; reason: 'unknown' | 'expired' | 'used' } {
    const code = value ? this.preAuth.get(value) : undefined;
    if (!code) return { ok: false, reason: 'unknown' };
    if (this.clock.now() >= code.expiresAt) return { ok: false, reason: 'expired' };
    if (code.used) return { ok: false, reason: 'used' };
    return { ok: true, code };
  }

  createAuthCode(appid: string, preAuthCode?: string): AuthCode {
    const code: AuthCode = {
      value: opaque('queryauthcode'),
      appid,
      expiresAt: this.clock.now() + AUTH_CODE_TTL_SECONDS * 1000,
      used: false,
      ...(preAuthCode === undefined ? {} : { preAuthCode }),
    };
    this.auth.set(code.value, code);
    return code;
  }

  /** api_query_auth: 61009 for unknown (or reused, when single-use), 61010 once expired. */
  redeemAuthCode(value: unknown): { ok: true; code: AuthCode } | { ok: false; errcode: 61009 | 61010 } {
    const code = typeof value === 'string' ? this.auth.get(value) : undefined;
    if (!code) return { ok: false, errcode: 61009 };
    if (this.clock.now() >= code.expiresAt) return { ok: false, errcode: 61010 };
    if (code.used && this.authCodeSingleUse) return { ok: false, errcode: 61009 };
    code.used = true;
    return { ok: true, code };
  }
}
