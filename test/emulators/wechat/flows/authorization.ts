/**
 * An account administrator approving (or revoking) the component. Approval produces an authorization code,
 * pushes `authorized` (first time) or `updateauthorized` (again, e.g. other permission sets) to the component URL.
 * Re-authorization issues a new refresh token and invalidates the account's previous tokens ("用户重新授权后，之前
 * 的刷新令牌会失效"); revocation pushes `unauthorized` and invalidates every token of the account.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorize_event.html
 */
import { randomBytes } from 'node:crypto';
import { SimInputError } from '../errors.js';
import { isAuthorized, type SimAccount } from '../state/accounts.js';
import type { AuthCode } from '../state/codes.js';
import type { SimState } from '../state/simulator-state.js';
import { pushAuthorizationEvent, pushUnauthorized } from '../push/component-events.js';
import type { PushResult } from '../types.js';

export interface Approval {
  account: SimAccount;
  authCode: AuthCode;
  infoType: 'authorized' | 'updateauthorized';
}

function newRefreshToken(): string {
  return `refreshtoken@@@${randomBytes(36).toString('base64url')}`;
}

/** The permission sets actually granted: a subset of what the account offers; all of them when not specified. */
export function grantedScopes(account: SimAccount, requested?: number[]): number[] {
  if (requested === undefined) return [...account.funcScopes];
  const unknown = requested.filter((id) => !account.funcScopes.includes(id));
  if (unknown.length > 0) throw new SimInputError(`account ${account.appid} does not offer permission sets ${unknown.join(', ')}`);
  return [...new Set(requested)].sort((a, b) => a - b);
}

/** Records the approval on WeChat's side and returns the fresh authorization code (no push). */
export function grantAuthorization(state: SimState, account: SimAccount, scopes?: number[], preAuthCode?: string): Approval {
  const now = state.clock.now();
  const infoType = isAuthorized(account) ? 'updateauthorized' : 'authorized';
  if (account.authorization) state.tokens.revokeOwner('authorizer', account.appid);
  account.authorization = {
    status: 'authorized',
    scopes: grantedScopes(account, scopes),
    refreshToken: newRefreshToken(),
    authorizedAt: infoType === 'updateauthorized' && account.authorization ? account.authorization.authorizedAt : now,
    updatedAt: now,
  };
  return { account, authCode: state.codes.createAuthCode(account.appid, preAuthCode), infoType };
}

/** Approval as the authorization page does it: grant, then push the event to the relay. */
export async function approveAndNotify(
  state: SimState,
  appid: string,
  options: { scopes?: number[]; preAuthCode?: string } = {},
): Promise<Approval & { push: PushResult }> {
  const approval = grantAuthorization(state, state.account(appid), options.scopes, options.preAuthCode);
  const push = await pushAuthorizationEvent(state, {
    infoType: approval.infoType,
    authorizerAppid: appid,
    authorizationCode: approval.authCode.value,
    expiredTime: Math.floor(approval.authCode.expiresAt / 1000),
    ...(options.preAuthCode === undefined ? {} : { preAuthCode: options.preAuthCode }),
  });
  return { ...approval, push };
}

/** The administrator revokes the component in the WeChat admin console. */
export async function revokeAndNotify(state: SimState, appid: string): Promise<PushResult> {
  const account = state.account(appid);
  if (!isAuthorized(account) || !account.authorization) throw new SimInputError(`account ${appid} is not authorized`, 409);
  account.authorization.status = 'unauthorized';
  account.authorization.updatedAt = state.clock.now();
  state.tokens.revokeOwner('authorizer', appid);
  return pushUnauthorized(state, appid);
}
