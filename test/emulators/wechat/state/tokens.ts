/**
 * Access tokens as WeChat issues them: every issue replaces the owner's current token; the replaced one stays usable
 * for the overlap (the 5-minute 平滑过渡) and then answers 40001 "not latest"; any token answers 42001 after its TTL.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 * https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html (5-minute smooth transition)
 */
import { randomBytes } from 'node:crypto';
import type { SimClock } from '../types.js';

export type TokenKind = 'component' | 'authorizer';

export interface TokenRecord {
  value: string;
  kind: TokenKind;
  /** Component appid or authorizer appid. */
  owner: string;
  issuedAt: number;
  expiresAt: number;
  replacedAt?: number;
  revoked?: boolean;
}

export type TokenCheck =
  | { ok: true; record: TokenRecord; replaced: boolean }
  | { ok: false; errcode: 40001 | 42001; reason: 'unknown' | 'stale' | 'expired' | 'revoked'; record?: TokenRecord; replaced: boolean };

export class TokenBook {
  private readonly byValue = new Map<string, TokenRecord>();
  private readonly current = new Map<string, TokenRecord>();
  private serial = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly ttlSeconds: number,
    private readonly overlapSeconds: number,
  ) {}

  /** Issues a new token for the owner; the previous one starts its overlap now. */
  issue(kind: TokenKind, owner: string): TokenRecord {
    const now = this.clock.now();
    const key = `${kind}:${owner}`;
    const previous = this.current.get(key);
    if (previous && previous.replacedAt === undefined) previous.replacedAt = now;
    this.serial += 1;
    const record: TokenRecord = {
      value: `${this.serial}_${randomBytes(60).toString('base64url')}`,
      kind,
      owner,
      issuedAt: now,
      expiresAt: now + this.ttlSeconds * 1000,
    };
    this.byValue.set(record.value, record);
    this.current.set(key, record);
    this.prune(now);
    return record;
  }

  check(value: string): TokenCheck {
    const record = this.byValue.get(value);
    if (!record) return { ok: false, errcode: 40001, reason: 'unknown', replaced: false };
    const now = this.clock.now();
    const replaced = record.replacedAt !== undefined;
    if (record.revoked) return { ok: false, errcode: 40001, reason: 'revoked', record, replaced };
    if (now >= record.expiresAt) return { ok: false, errcode: 42001, reason: 'expired', record, replaced };
    if (record.replacedAt !== undefined && now >= record.replacedAt + this.overlapSeconds * 1000) {
      return { ok: false, errcode: 40001, reason: 'stale', record, replaced };
    }
    return { ok: true, record, replaced };
  }

  /** Revocation (the account unauthorized the component): every token of the owner answers 40001. */
  revokeOwner(kind: TokenKind, owner: string): void {
    for (const record of this.byValue.values()) {
      if (record.kind === kind && record.owner === owner) record.revoked = true;
    }
  }

  currentFor(kind: TokenKind, owner: string): TokenRecord | undefined {
    return this.current.get(`${kind}:${owner}`);
  }

  /** Forget tokens long past expiry so a long sandbox run does not grow without bound. */
  private prune(now: number): void {
    const horizon = now - 2 * this.ttlSeconds * 1000;
    for (const [value, record] of this.byValue) {
      if (record.expiresAt < horizon) this.byValue.delete(value);
    }
  }
}
