/**
 * Adapts the WeChat protocol module to the ports the use cases need: one API client (with this invocation's
 * logger), the component API, the shared-token providers and the Official Account API.
 */
import type { RelaySettings } from '../config/settings.js';
import type { ComponentAuthorizationPort } from '../relay/authorization/component-port.js';
import type { TokenMaintenancePort } from '../relay/maintenance/refresh-tokens.js';
import type { Logger } from '../relay/ports.js';
import type { CustomerServicePort } from '../relay/tasks/customer-service-port.js';
import {
  AuthorizerAccessTokenProvider,
  buildAuthorizationUrl,
  ComponentAccessTokenProvider,
  createComponentApi,
  createOfficialAccountApi,
  createWechatApiClient,
  type ComponentApi,
  type OfficialAccountApi,
} from '../wechat/index.js';
import type { RelayRuntime } from './runtime.js';

export interface WechatWiring {
  componentApi: ComponentApi;
  componentToken: ComponentAccessTokenProvider;
  authorizerTokens: AuthorizerAccessTokenProvider;
  officialAccount: OfficialAccountApi;
  authorization: ComponentAuthorizationPort;
  customerService: CustomerServicePort;
  maintenance: TokenMaintenancePort;
}

/** https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/pre_auth_code.html */
const PRE_AUTH_CODE_SECONDS = 600;

export function wireWechat(settings: RelaySettings, rt: RelayRuntime, logger: Logger, fetchImpl?: typeof fetch): WechatWiring {
  const { clock } = rt;
  const client = createWechatApiClient({ baseUrl: settings.wechatApiBase, logger, ...(fetchImpl && { fetch: fetchImpl }) });
  const { storage } = rt;
  // The provider and the API need each other: the provider asks the API for new tokens, the API signs its
  // calls with the provider's token. Late binding breaks the cycle.
  let componentApi: ComponentApi;
  const componentToken = new ComponentAccessTokenProvider({
    componentAppid: settings.component.appid,
    tickets: storage.verifyTickets,
    store: storage.tokens,
    lock: storage.refreshLock,
    clock,
    api: { apiComponentToken: (ticket) => componentApi.apiComponentToken(ticket) },
    logger,
  });
  componentApi = createComponentApi({
    client,
    componentAppid: settings.component.appid,
    componentAppsecret: settings.component.appsecret,
    componentToken,
  });
  const authorizerTokens = new AuthorizerAccessTokenProvider({
    store: storage.tokens,
    lock: storage.refreshLock,
    clock,
    refreshTokens: storage.refreshTokens,
    api: componentApi,
    logger,
  });
  const officialAccount = createOfficialAccountApi(client);

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
      buildAuthorizationUrl: (input) =>
        buildAuthorizationUrl({ ...input, mpBase: settings.wechatMpBase, componentAppid: settings.component.appid }),
    },
    customerService: {
      sendText: (appid, openid, content) =>
        officialAccount.sendCustomMessage(authorizerTokens.forAuthorizer(appid), { touser: openid, msgtype: 'text', text: { content } }),
      sendImage: async (appid, openid, image) => {
        const token = authorizerTokens.forAuthorizer(appid);
        const { mediaId } = await officialAccount.uploadMedia(token, 'image', image.bytes, image.filename, image.contentType);
        await officialAccount.sendCustomMessage(token, { touser: openid, msgtype: 'image', image: { media_id: mediaId } });
      },
    },
    maintenance: {
      refreshComponentTokenIfDue: async () => (await storage.verifyTickets.get(settings.component.appid)) !== undefined && componentToken.refreshIfDue(),
      refreshAuthorizerTokenIfDue: (appid) => authorizerTokens.refreshIfDue(appid),
    },
  };
}
