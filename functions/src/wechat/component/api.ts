/**
 * The third-party platform's own APIs. All are POST with a JSON body; those that need it carry
 * `?component_access_token=` (the name WxJava uses; newer doc pages call the same value access_token).
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';
import type { AuthorizerInfo, AuthorizerTokenResult, ComponentAccessTokenResult, QueryAuthResult } from './types.js';
import { funcScopes, obj, optionalString, requireSeconds, requireString, toAuthorizerInfo } from './wire.js';

export interface ComponentApiOptions {
  client: WechatApiClient;
  componentAppid: string;
  componentAppsecret: string;
  /** The component_access_token source (normally a ComponentAccessTokenProvider). */
  componentToken: TokenSource;
}

export interface ComponentApi {
  apiComponentToken(ticket: string): Promise<ComponentAccessTokenResult>;
  /** Returns the pre_auth_code (valid about 10 minutes). */
  createPreAuthCode(): Promise<string>;
  queryAuth(authorizationCode: string): Promise<QueryAuthResult>;
  authorizerToken(authorizerAppid: string, refreshToken: string): Promise<AuthorizerTokenResult>;
  getAuthorizerInfo(authorizerAppid: string): Promise<AuthorizerInfo>;
  startPushTicket(): Promise<void>;
}

const BASE = '/cgi-bin/component';

export function createComponentApi({ client, componentAppid, componentAppsecret, componentToken }: ComponentApiOptions): ComponentApi {
  const post = (name: string, body: Record<string, string>) =>
    client.request<unknown>({
      method: 'POST',
      path: `${BASE}/${name}`,
      body: { component_appid: componentAppid, ...body },
      tokenParam: 'component_access_token',
      token: componentToken,
    });

  return {
    /**
     * component_access_token from the stored verify ticket (no token needed).
     * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
     */
    async apiComponentToken(ticket) {
      const path = `${BASE}/api_component_token`;
      const body = obj(
        await client.request<unknown>({
          method: 'POST',
          path,
          body: { component_appid: componentAppid, component_appsecret: componentAppsecret, component_verify_ticket: ticket },
        }),
      );
      return { accessToken: requireString(body, 'component_access_token', path), expiresIn: requireSeconds(body, 'expires_in', path) };
    },

    /** https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/pre_auth_code.html */
    async createPreAuthCode() {
      return requireString(obj(await post('api_create_preauthcode', {})), 'pre_auth_code', `${BASE}/api_create_preauthcode`);
    },

    /** https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html */
    async queryAuth(authorizationCode) {
      const path = `${BASE}/api_query_auth`;
      const info = obj(obj(await post('api_query_auth', { authorization_code: authorizationCode })).authorization_info);
      return {
        authorizerAppid: requireString(info, 'authorizer_appid', path),
        accessToken: requireString(info, 'authorizer_access_token', path),
        expiresIn: requireSeconds(info, 'expires_in', path),
        refreshToken: requireString(info, 'authorizer_refresh_token', path),
        funcScopes: funcScopes(info.func_info),
      };
    },

    /** https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html */
    async authorizerToken(authorizerAppid, refreshToken) {
      const path = `${BASE}/api_authorizer_token`;
      const body = obj(await post('api_authorizer_token', { authorizer_appid: authorizerAppid, authorizer_refresh_token: refreshToken }));
      const newRefresh = optionalString(body, 'authorizer_refresh_token');
      return {
        accessToken: requireString(body, 'authorizer_access_token', path),
        expiresIn: requireSeconds(body, 'expires_in', path),
        ...(newRefresh !== undefined && { refreshToken: newRefresh }),
      };
    },

    /**
     * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html
     * https://developers.weixin.qq.com/doc/oplatform/openApi/authorization-management/api_getauthorizerinfo.md
     */
    async getAuthorizerInfo(authorizerAppid) {
      const body = await post('api_get_authorizer_info', { authorizer_appid: authorizerAppid });
      return toAuthorizerInfo(body, authorizerAppid, `${BASE}/api_get_authorizer_info`);
    },

    /**
     * Asks WeChat to (re)start pushing component_verify_ticket. Sent without a token on purpose: it is what
     * you call when there is no ticket, hence no component_access_token.
     * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_verify_ticket_service.html
     */
    async startPushTicket() {
      await client.request<unknown>({
        method: 'POST',
        path: `${BASE}/api_start_push_ticket`,
        body: { component_appid: componentAppid, component_secret: componentAppsecret },
      });
    },
  };
}
