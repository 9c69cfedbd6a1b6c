/**
 * Adapts the WeChat protocol module to the ports the use cases need: one API client (with the caller's logger),
 * the component API, the shared-token providers and the Official Account API, over the token stores the storage
 * factory gives. Cheap to build: nothing here holds state of its own (tokens live in the shared stores), so the
 * composition root builds it per call with that invocation's logger.
 * Docs: https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 */
import type { Clock } from '../../kernel/clock.js';
import type { ComponentAuthorizationPort } from '../ports/component.js';
import type { TokenMaintenancePort } from '../ports/token-maintenance.js';
import type { Logger } from '../ports/logger.js';
import type { CustomerServicePort } from '../ports/customer-service.js';
import type { QuotaPort } from '../accounts/quota-port.js';
import { createQuotaApi } from '../../wechat/official-account/quota.js';
import {
  AuthorizerAccessTokenProvider,
  buildAuthorizationUrl,
  ComponentAccessTokenProvider,
  createComponentApi,
  createOfficialAccountApi,
  createWechatApiClient,
  type AuthorizerRefreshTokenStore,
  type ComponentApi,
  type OfficialAccountApi,
  type RefreshLock,
  type TokenStore,
  type VerifyTicketStore,
} from '../../wechat/index.js';

export interface WechatConfig {
  componentAppid: string;
  componentAppsecret: string;
  /** https://api.weixin.qq.com in production; the simulator's URL in tests. */
  apiBase: string;
  /** https://mp.weixin.qq.com in production (the authorization page). */
  mpBase: string;
  fetch?: typeof fetch;
}

/** The shared stores the token providers read and write (storage's RelayStorage has them all). */
export interface WechatStores {
  tokens: TokenStore;
  refreshLock: RefreshLock;
  verifyTickets: VerifyTicketStore;
  refreshTokens: AuthorizerRefreshTokenStore;
}

export interface WechatPorts {
  componentApi: ComponentApi;
  componentToken: ComponentAccessTokenProvider;
  authorizerTokens: AuthorizerAccessTokenProvider;
  officialAccount: OfficialAccountApi;
  authorization: ComponentAuthorizationPort;
  customerService: CustomerServicePort;
  maintenance: TokenMaintenancePort;
  /** openapi/quota/get and clear_quota as each account (the Official Account form's Check / Reset quota). */
  quota: QuotaPort;
}

/** https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/pre_auth_code.html */
export const PRE_AUTH_CODE_SECONDS = 600;

export function wechatPorts(config: WechatConfig, stores: WechatStores, clock: Clock, logger: Logger): WechatPorts {
  const client = createWechatApiClient({ baseUrl: config.apiBase, logger, ...(config.fetch && { fetch: config.fetch }) });
  // The provider and the API need each other: the provider asks the API for new tokens, the API signs its
  // calls with the provider's token. Late binding breaks the cycle.
  let componentApi: ComponentApi;
  const componentToken = new ComponentAccessTokenProvider({
    componentAppid: config.componentAppid,
    tickets: stores.verifyTickets,
    store: stores.tokens,
    lock: stores.refreshLock,
    clock,
    api: { apiComponentToken: (ticket) => componentApi.apiComponentToken(ticket) },
    logger,
  });
  componentApi = createComponentApi({
    client,
    componentAppid: config.componentAppid,
    componentAppsecret: config.componentAppsecret,
    componentToken,
  });
  const authorizerTokens = new AuthorizerAccessTokenProvider({
    store: stores.tokens,
    lock: stores.refreshLock,
    clock,
    refreshTokens: stores.refreshTokens,
    api: componentApi,
    logger,
  });
  const officialAccount = createOfficialAccountApi(client);
  const quotaApi = createQuotaApi(client);

  return {
    componentApi,
    componentToken,
    authorizerTokens,
    officialAccount,
    authorization: {
      // The protocol module returns the code only; 600 s is the documented expires_in (wechat-protocol.md §3.4).
      createPreAuthCode: async () => ({ code: await componentApi.createPreAuthCode(), expiresInSeconds: PRE_AUTH_CODE_SECONDS }),
      queryAuth: (code) => componentApi.queryAuth(code),
      getAuthorizerInfo: (appid) => componentApi.getAuthorizerInfo(appid),
      saveGrant: (grant) => authorizerTokens.saveQueryAuth(grant),
      buildAuthorizationUrl: (input) => buildAuthorizationUrl({ ...input, mpBase: config.mpBase, componentAppid: config.componentAppid }),
    },
    customerService: {
      sendText: (appid, openid, content) =>
        officialAccount.sendCustomMessage(authorizerTokens.forAuthorizer(appid), { touser: openid, msgtype: 'text', text: { content } }),
      sendImage: async (appid, openid, image) => {
        const token = authorizerTokens.forAuthorizer(appid);
        const { mediaId } = await officialAccount.uploadMedia(token, 'image', image.bytes, image.filename, image.contentType);
        await officialAccount.sendCustomMessage(token, { touser: openid, msgtype: 'image', image: { media_id: mediaId } });
      },
      sendMiniProgramPage: (appid, openid, card) =>
        officialAccount.sendCustomMessage(authorizerTokens.forAuthorizer(appid), {
          touser: openid,
          msgtype: 'miniprogrampage',
          miniprogrampage: { title: card.title, appid: card.appid, pagepath: card.pagepath, thumb_media_id: card.thumbMediaId },
        }),
    },
    maintenance: {
      // Without a verify ticket no component token can be had: nothing to refresh yet (not a failure).
      refreshComponentTokenIfDue: async () => (await stores.verifyTickets.get(config.componentAppid)) !== undefined && componentToken.refreshIfDue(),
      refreshAuthorizerTokenIfDue: (appid) => authorizerTokens.refreshIfDue(appid),
    },
    quota: {
      getQuota: (appid, cgiPath) => quotaApi.getQuota(authorizerTokens.forAuthorizer(appid), cgiPath),
      clearQuota: (appid) => quotaApi.clearQuota(authorizerTokens.forAuthorizer(appid), appid),
    },
  };
}
