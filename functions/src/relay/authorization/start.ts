/**
 * Starts authorization from *Start To Use*: a fresh pre_auth_code and a redirect to WeChat's authorization
 * page, with a signed, expiring state and a redirect_uri back to our callback.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
import { AuthorizationFailed } from '../errors.js';
import type { ComponentAuthorizationPort } from './component-port.js';
import type { AccountType, AuthorizationState } from './state.js';

export interface StartInput {
  originalId: string | null;
  returnUrl: string | null;
  accountType: string | null;
  orgUrl: string | null;
  mobile: boolean;
}

export interface StartDeps {
  component: ComponentAuthorizationPort;
  state: AuthorizationState;
  publicUrl: string;
}

/** Original IDs are `gh_` followed by 12 hex characters (公众号设置 → 原始ID). */
export const ORIGINAL_ID = /^gh_[0-9a-f]{12}$/;

export const CALLBACK_PATH = '/api/wechat/authorize/callback';

export async function startAuthorization(input: StartInput, deps: StartDeps): Promise<string> {
  const originalId = input.originalId?.trim() ?? '';
  if (!ORIGINAL_ID.test(originalId)) throw new AuthorizationFailed('invalid-original-id');
  const returnUrl = checkedUrl(input.returnUrl);
  const orgUrl = checkedUrl(input.orgUrl);
  const accountType: AccountType = input.accountType === 'miniprogram' ? 'miniprogram' : 'officialaccount';

  const state = deps.state.sign({ originalId, accountType, ...(returnUrl && { returnUrl }), ...(orgUrl && { orgUrl }) });
  const redirect = new URL(CALLBACK_PATH, `${deps.publicUrl}/`);
  redirect.searchParams.set('state', state);

  let preAuthCode: string;
  try {
    preAuthCode = await deps.component.createPreAuthCode();
  } catch {
    throw new AuthorizationFailed('wechat-unavailable');
  }
  return deps.component.buildAuthorizationUrl({
    preAuthCode,
    redirectUri: redirect.toString(),
    // auth_type 1 lists only Official Accounts, 2 only Mini Programs.
    authType: accountType === 'miniprogram' ? 2 : 1,
    mobile: input.mobile,
  });
}

function checkedUrl(value: string | null): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuthorizationFailed('invalid-return-url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AuthorizationFailed('invalid-return-url');
  return url.toString();
}
