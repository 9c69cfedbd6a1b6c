/**
 * What the authorization use cases need from WeChat's component APIs. The composition root adapts the
 * protocol module (wechat/component) to this; tests use the WeChat simulator or a fake.
 */

export interface AuthorizationGrant {
  authorizerAppid: string;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  funcScopes: number[];
}

export interface AuthorizerProfile {
  appid: string;
  originalId: string;
  nickName: string;
  serviceType?: number;
  verifyType?: number;
  isMiniProgram: boolean;
  funcScopes: number[];
}

export interface PreAuthCode {
  code: string;
  /** WeChat's expires_in for it (600 in the documented example). */
  expiresInSeconds: number;
}

export interface ComponentAuthorizationPort {
  /** api_create_preauthcode (quota'd: callers reuse codes, see pre-auth-codes.ts). */
  createPreAuthCode(): Promise<PreAuthCode>;
  /** api_query_auth. Throws when WeChat refuses the code. */
  queryAuth(authorizationCode: string): Promise<AuthorizationGrant>;
  getAuthorizerInfo(authorizerAppid: string): Promise<AuthorizerProfile>;
  /** Stores the authorizer's access and refresh tokens (refresh token encrypted, never dropped). */
  saveGrant(grant: AuthorizationGrant): Promise<void>;
  buildAuthorizationUrl(input: { preAuthCode: string; redirectUri: string; authType: 1 | 2 | 3; mobile: boolean }): string;
}
