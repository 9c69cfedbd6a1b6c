/** Results of the component (third-party platform) APIs, in the relay's names. Tokens are opaque strings. */

export interface ComponentAccessTokenResult {
  accessToken: string;
  /** Seconds (7200). */
  expiresIn: number;
}

/** api_query_auth: what an authorization granted. Same shape as the relay's AuthorizationGrant. */
export interface QueryAuthResult {
  authorizerAppid: string;
  accessToken: string;
  expiresIn: number;
  /** Must be persisted: losing it forces the account to authorize again. */
  refreshToken: string;
  /** Permission set ids (func_info[].funcscope_category.id). */
  funcScopes: number[];
}

/** api_authorizer_token. WeChat returns the refresh token too; store it whenever present. */
export interface AuthorizerTokenResult {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

/** api_get_authorizer_info, flattened. Structurally a superset of the relay's AuthorizerProfile. */
export interface AuthorizerInfo {
  appid: string;
  nickName: string;
  /** Original id, gh_… (user_name). */
  originalId: string;
  /** service_type_info.id: 0/1 subscription account, 2 service account (others exist; kept as sent). */
  serviceType?: number;
  /** verify_type_info.id: -1 unverified, 0 WeChat verified, … */
  verifyType?: number;
  /** True when the answer carries MiniProgramInfo. */
  isMiniProgram: boolean;
  funcScopes: number[];
  /** authorization_info.authorizer_refresh_token, when WeChat includes it (a way to recover a lost one). */
  refreshToken?: string;
  principalName?: string;
  alias?: string;
  headImg?: string;
  qrcodeUrl?: string;
  /** 1 normal, 14 deregistered, 16 banned, 18 warned, 19 frozen. */
  accountStatus?: number;
}
