/**
 * Starts authorization from *Start To Use*: checks which org it is for (the return URL's origin), ties it to
 * this browser (a secret for the cookie, its hash in the state), and builds WeChat's authorization page URL
 * with a reused pre_auth_code and a redirect_uri back to our callback carrying the signed state.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
import type { OrgOriginPolicy } from '../../dataverse/org-origin.js';
import { AuthorizationFailed } from '../errors.js';
import { browserSecret, hashBrowserSecret } from './browser-binding.js';
import type { ComponentAuthorizationPort } from '../ports/component.js';
import type { PreAuthCodes } from './pre-auth-codes.js';
import { returnTarget } from './return-url.js';
import type { AccountType, AuthorizationState } from './state.js';

export interface StartInput {
  originalId: string | null;
  returnUrl: string | null;
  accountType: string | null;
  orgUrl: string | null;
  mobile: boolean;
  /** The secret this browser already holds (its cookie), if any. */
  browserSecret?: string | undefined;
}

export interface StartDeps {
  component: ComponentAuthorizationPort;
  state: AuthorizationState;
  preAuthCodes: PreAuthCodes;
  publicUrl: string;
  orgOrigins: OrgOriginPolicy;
}

export interface StartedAuthorization {
  /** WeChat's authorization page. */
  location: string;
  /** The org origin the authorization is for (shown on the hop page). */
  org: string;
  /** For the cookie: the browser must come back to the callback with it. */
  browserSecret: string;
  /** How long the state (and so the cookie) lives. */
  maxAgeSeconds: number;
}

/** Original IDs are `gh_` followed by 12 hex characters (公众号设置 → 原始ID). */
export const ORIGINAL_ID = /^gh_[0-9a-f]{12}$/;

export const CALLBACK_PATH = '/api/wechat/authorize/callback';

export async function startAuthorization(input: StartInput, deps: StartDeps): Promise<StartedAuthorization> {
  const originalId = input.originalId?.trim() ?? '';
  if (!ORIGINAL_ID.test(originalId)) throw new AuthorizationFailed('invalid-original-id');
  const { returnUrl, org } = returnTarget(input.returnUrl, input.orgUrl, deps.orgOrigins);
  const accountType: AccountType = input.accountType === 'miniprogram' ? 'miniprogram' : 'officialaccount';
  const secret = browserSecret(input.browserSecret);

  const state = deps.state.sign({ originalId, accountType, returnUrl, org, browser: hashBrowserSecret(secret) });
  const redirect = new URL(CALLBACK_PATH, `${deps.publicUrl}/`);
  redirect.searchParams.set('state', state);

  let preAuthCode: string;
  try {
    preAuthCode = await deps.preAuthCodes.forAccount(originalId, deps.component);
  } catch {
    throw new AuthorizationFailed('wechat-unavailable');
  }
  const location = deps.component.buildAuthorizationUrl({
    preAuthCode,
    redirectUri: redirect.toString(),
    // auth_type 1 lists only Official Accounts, 2 only Mini Programs.
    authType: accountType === 'miniprogram' ? 2 : 1,
    mobile: input.mobile,
  });
  return { location, org, browserSecret: secret, maxAgeSeconds: deps.state.ttlSeconds };
}
