/**
 * Bearer tokens and application users. Dataverse accepts Microsoft Entra ID access tokens whose audience is the
 * environment URL and maps the token's application id to an application user of that org
 * (https://learn.microsoft.com/power-apps/developer/data-platform/authenticate-oauth,
 * https://learn.microsoft.com/power-platform/admin/manage-application-users).
 *
 * Simplification (documented in README): signatures are not checked. Any JWT (the emulator's own unsigned
 * `alg: none` tokens, or tokens minted by the msal-node network mock) is accepted when its `aud` names this org,
 * it has not expired, and its `appid`/`azp` belongs to a registered application user.
 */
import { randomUUID } from 'node:crypto';

export interface ApplicationUser {
  /** The Entra application (client) id. */
  clientId: string;
  /** When set, the token's `tid` must match. */
  tenantId?: string;
  /** systemuserid of the application user; generated when absent. */
  systemUserId?: string;
  name?: string;
  /**
   * 'all' (default: a System Administrator) or privilege names such as `prvCreatewxm_message` (organization-wide;
   * Append/AppendTo and field security not checked); a missing one answers 403. Ignored when `roles` is given.
   */
  privileges?: 'all' | string[];
  /**
   * Security roles by name or id, from the roles the solution ships (Wechat Marketing Relay / Operator /
   * Administrator, or `wxm_role_relay`…): enforced with depth, Append/AppendTo and field security.
   */
  roles?: string[];
  /** Field security profiles by name or id (`Wechat Marketing Relay Secrets`, `wxm_fsp_relay`…); only with `roles`. */
  fieldSecurityProfiles?: string[];
  /** The client secret the fake Entra ID (`/aad`) accepts for this application; without one it refuses every secret. */
  clientSecret?: string;
}

export interface TokenClaims {
  aud?: string;
  appid?: string;
  azp?: string;
  tid?: string;
  oid?: string;
  exp?: number;
  nbf?: number;
  [claim: string]: unknown;
}

/** A custom verifier may reject (return null) or name the client id the token stands for. */
export type TokenVerifier = (token: string, claims: TokenClaims | undefined) => { clientId: string; tenantId?: string } | null;

export type AuthResult = { ok: true; clientId: string; tenantId?: string } | { ok: false; reason: string };

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function decodeJwt(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null ? (claims as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** An unsigned token shaped like an Entra ID app-only token for this org. */
export function mintToken(claims: { audience: string; clientId: string; tenantId: string; nowSeconds: number; lifetimeSeconds: number }): string {
  const payload: TokenClaims = {
    aud: claims.audience,
    iss: `https://sts.windows.net/${claims.tenantId}/`,
    iat: claims.nowSeconds,
    nbf: claims.nowSeconds,
    exp: claims.nowSeconds + claims.lifetimeSeconds,
    appid: claims.clientId,
    azp: claims.clientId,
    tid: claims.tenantId,
    oid: randomUUID(),
    idtyp: 'app',
    ver: '1.0',
  };
  return `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(payload)}.`;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '').toLowerCase();

/** Checks the Authorization header; reasons are for the request log, never echoed with the token. */
export function authenticate(header: string | undefined, audiences: string[], nowMs: number, verifier?: TokenVerifier): AuthResult {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) return { ok: false, reason: 'missing bearer token' };
  const token = m[1];
  const claims = decodeJwt(token);
  if (verifier) {
    const verdict = verifier(token, claims);
    return verdict ? { ok: true, ...verdict } : { ok: false, reason: 'rejected by the configured verifier' };
  }
  if (!claims) return { ok: false, reason: 'not a JWT' };
  const aud = typeof claims.aud === 'string' ? trimSlash(claims.aud) : '';
  if (!audiences.map(trimSlash).includes(aud)) return { ok: false, reason: `audience ${claims.aud ?? '(none)'} is not this org` };
  const now = nowMs / 1000;
  if (typeof claims.exp === 'number' && claims.exp <= now) return { ok: false, reason: 'token expired' };
  if (typeof claims.nbf === 'number' && claims.nbf > now + 300) return { ok: false, reason: 'token not yet valid' };
  const clientId = claims.appid ?? claims.azp;
  if (typeof clientId !== 'string') return { ok: false, reason: 'no appid/azp claim' };
  return { ok: true, clientId, tenantId: claims.tid };
}
