/**
 * The browser comes back from WeChat with `auth_code`: verify our state, exchange the code (once), check it is
 * the account the admin named, issue a one-time binding token and describe the result for the page.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
import { AuthorizationFailed } from '../errors.js';
import type { AuthorizerRecord } from '../ports.js';
import type { BindingTokens } from './binding-tokens.js';
import { exchangeAuthorizationCode, type ExchangeDeps } from './exchange-code.js';
import { describePermission, missingPermissions, type PermissionSet } from './permissions.js';
import type { AccountType, AuthorizationState } from './state.js';

export interface CompleteInput {
  state: string | null;
  authCode: string | null;
}

export interface CompleteDeps extends ExchangeDeps {
  state: AuthorizationState;
  bindingTokens: BindingTokens;
  publicUrl: string;
  /**
   * Binds the account to the org Start To Use was opened from when that org already has a connected Signed
   * Service; resolves to the org's host when it did.
   */
  bindToOrg?: (authorizer: AuthorizerRecord, orgUrl: string) => Promise<string | undefined>;
}

export interface AuthorizationResult {
  appid: string;
  originalId: string;
  nickName: string;
  accountType: AccountType;
  /** WeChat's service_type_info id: 0/1 subscription account, 2 service account. */
  serviceType?: number;
  verified: boolean;
  granted: PermissionSet[];
  missing: PermissionSet[];
  bindingToken: string;
  /** The message server address to configure nowhere else: WeChat pushes here for this account. */
  serverAddress: string;
  returnUrl?: string;
  /** Host of the Dynamics environment the account is already bound to (no Signed Service step needed). */
  boundTo?: string;
}

export async function completeAuthorization(input: CompleteInput, deps: CompleteDeps): Promise<AuthorizationResult> {
  const request = deps.state.verify(input.state);
  const code = input.authCode?.trim();
  if (!code) throw new AuthorizationFailed('missing-auth-code');

  const record = await exchangeAuthorizationCode(code, deps, request.originalId);
  const boundTo = request.orgUrl && deps.bindToOrg ? await deps.bindToOrg(record, request.orgUrl) : undefined;
  const bindingToken = await deps.bindingTokens.issue({
    authorizerAppid: record.appid,
    ...(request.orgUrl && { orgUrl: request.orgUrl }),
  });
  return {
    appid: record.appid,
    originalId: record.originalId,
    nickName: record.nickName,
    accountType: record.isMiniProgram ? 'miniprogram' : 'officialaccount',
    ...(record.serviceType !== undefined && { serviceType: record.serviceType }),
    // verify_type_info: -1 means unverified; 0 and above are kinds of verification.
    verified: record.verifyType !== undefined && record.verifyType >= 0,
    granted: record.funcScopes.map(describePermission),
    missing: missingPermissions(record.funcScopes),
    bindingToken,
    serverAddress: `${deps.publicUrl}/api/wechat/accounts/${record.appid}/callback`,
    ...(request.returnUrl && { returnUrl: request.returnUrl }),
    ...(boundTo && { boundTo }),
  };
}
