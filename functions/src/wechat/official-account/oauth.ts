/**
 * Web authorization (网页授权) of an Official Account's followers, done by the third-party platform on the account's
 * behalf (needs permission set 4). The follower's browser goes to `authorizeUrl`, WeChat sends it back with a
 * `code`, the code is exchanged once for the openid (40029 on reuse) and, with `snsapi_userinfo` and consent,
 * an access token that reads the follower's nickname.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';

export type OAuthScope = 'snsapi_base' | 'snsapi_userinfo';
export const OAUTH_SCOPES: readonly OAuthScope[] = ['snsapi_base', 'snsapi_userinfo'];

/** The code a reused (or expired) authorization code gets: answer a second landing kindly, never retry. */
export const INVALID_CODE = 40029;

export interface AuthorizeUrlInput {
  /** The Official Account's appid. */
  appid: string;
  componentAppid: string;
  redirectUri: string;
  scope: OAuthScope;
  /** At most 128 characters, [a-zA-Z0-9_-.] only on WeChat's side: the relay's signed state fits. */
  state: string;
}

/** The page the follower's browser opens; `#wechat_redirect` is required by WeChat. */
export function authorizeUrl(i: AuthorizeUrlInput, base = 'https://open.weixin.qq.com'): string {
  const q = new URLSearchParams({
    appid: i.appid,
    redirect_uri: i.redirectUri,
    response_type: 'code',
    scope: i.scope,
    state: i.state,
    component_appid: i.componentAppid,
  });
  return `${base.replace(/\/+$/, '')}/connect/oauth2/authorize?${q.toString()}#wechat_redirect`;
}

export interface OAuthGrant {
  openid: string;
  scope: string;
  /** Only worth keeping for snsapi_userinfo: reads /sns/userinfo. Never logged, never stored. */
  accessToken: string;
  unionid?: string;
}

export interface SnsUserInfo {
  openid: string;
  nickname?: string;
  headimgurl?: string;
  unionid?: string;
}

export interface OAuthApi {
  exchangeCode(input: { appid: string; code: string; componentAppid: string }, componentToken: TokenSource): Promise<OAuthGrant>;
  userInfo(grant: Pick<OAuthGrant, 'accessToken' | 'openid'>, lang?: 'zh_CN' | 'en'): Promise<SnsUserInfo>;
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function createOAuthApi(client: WechatApiClient): OAuthApi {
  return {
    /** https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html */
    async exchangeCode(input, componentToken) {
      const r = await client.request<Json>({
        method: 'GET',
        path: '/sns/oauth2/component/access_token',
        query: { appid: input.appid, code: input.code, grant_type: 'authorization_code', component_appid: input.componentAppid },
        tokenParam: 'component_access_token',
        token: componentToken,
      });
      const openid = str(r.openid);
      const accessToken = str(r.access_token);
      if (!openid || !accessToken) throw new TypeError('WeChat answered /sns/oauth2/component/access_token without openid or access_token');
      const unionid = str(r.unionid);
      return { openid, accessToken, scope: str(r.scope) ?? 'snsapi_base', ...(unionid && { unionid }) };
    },

    /** https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html#3 */
    async userInfo(grant, lang = 'zh_CN') {
      const token: TokenSource = { get: async () => grant.accessToken, invalidate: async () => undefined };
      const r = await client.request<Json>({ method: 'GET', path: '/sns/userinfo', query: { openid: grant.openid, lang }, token });
      const optional = { nickname: str(r.nickname), headimgurl: str(r.headimgurl), unionid: str(r.unionid) };
      return {
        openid: str(r.openid) ?? grant.openid,
        ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<SnsUserInfo>),
      };
    },
  };
}
