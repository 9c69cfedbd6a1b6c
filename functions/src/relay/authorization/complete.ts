/**
 * The browser comes back from WeChat with `auth_code`. In this order, so that nothing reaches WeChat or
 * storage for a callback we did not start in this browser: verify our state, check this browser's cookie,
 * use the state up (once, across instances), then exchange the code (once), check it is the account the admin
 * named, and issue a one-time binding token for the org the state names. Nothing is bound here: the admin's
 * own Dynamics session does that by writing the token into the org.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
import { AuthorizationFailed } from '../errors.js';
import type { BindingTokens } from './binding-tokens.js';
import { sameBrowser } from './browser-binding.js';
import { exchangeAuthorizationCode, ExchangeStillRunning, type ExchangeDeps } from './exchange-code.js';
import { describePermission, missingPermissions, type PermissionSet } from './permissions.js';
import type { PreAuthCodes } from './pre-auth-codes.js';
import { boundOrigin } from './refresh-bound.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { AccountType, AuthorizationState } from './state.js';

export interface CompleteInput {
  state: string | null;
  authCode: string | null;
  /** The browser secret from the cookie /authorize set. */
  browserSecret: string | undefined;
}

export interface CompleteDeps extends ExchangeDeps {
  state: AuthorizationState;
  bindingTokens: BindingTokens;
  preAuthCodes: PreAuthCodes;
  publicUrl: string;
  /** Where accounts are bound: says whether this one is connected to the org the authorization came from. */
  registry?: SignedServiceRegistry;
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
  /** Start To Use on the org's origin, no fragment (the result page's "back" link). */
  returnUrl: string;
  /** The org origin the binding token is for. */
  org: string;
  /**
   * The account is already connected to this org (Update authorization): its row there was refreshed with the sets
   * just granted (refresh-bound.ts); the binding and its data stay, and the binding token is not needed.
   */
  alreadyConnected?: boolean;
}

export async function completeAuthorization(input: CompleteInput, deps: CompleteDeps): Promise<AuthorizationResult> {
  const request = deps.state.verify(input.state);
  if (!sameBrowser(input.browserSecret, request.browser)) throw new AuthorizationFailed('browser-mismatch');
  const code = input.authCode?.trim();
  if (!code) throw new AuthorizationFailed('missing-auth-code');

  const used = `authstate:${request.id}`;
  if (!(await deps.kv.putIfAbsent(used, '1', request.expiresAt))) throw new AuthorizationFailed('state-used');
  try {
    // An approval may have used this account's pre_auth_code up: the next start gets a fresh one.
    await deps.preAuthCodes.forget(request.originalId);
    const record = await exchangeAuthorizationCode(code, deps, request.originalId);
    const bindingToken = await deps.bindingTokens.issue({ authorizerAppid: record.appid, orgUrl: request.org });
    const connectedTo = deps.registry ? await boundOrigin(record.appid, deps.registry) : undefined;
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
      returnUrl: request.returnUrl,
      org: request.org,
      alreadyConnected: connectedTo !== undefined && connectedTo === originOrEmpty(request.org),
    };
  } catch (err) {
    // WeChat's answer is final (refused code, other account): the state stays used. Anything temporary gives
    // the state back, so reloading the page tries again (no token was issued).
    if (err instanceof AuthorizationFailed) throw err;
    await deps.kv.delete(used).catch(() => undefined);
    if (err instanceof ExchangeStillRunning) throw new AuthorizationFailed('exchange-pending');
    throw err;
  }
}

function originOrEmpty(url: string): string {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return '';
  }
}
