/**
 * Wires the protocol pieces for one third-party platform: one API client, the component API, the component
 * and authorizer token providers (sharing the injected store and lock), and the Official Account API.
 * The component API and its token provider need each other; the cycle is closed here, once.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 */
import { createWechatApiClient, type WechatApiClientOptions } from './api/client.js';
import type { WechatApiClient } from './api/types.js';
import { createComponentApi, type ComponentApi } from './component/api.js';
import { createOfficialAccountApi, type OfficialAccountApi } from './official-account/api.js';
import { AuthorizerAccessTokenProvider } from './tokens/authorizer-access-token.js';
import { ComponentAccessTokenProvider } from './tokens/component-access-token.js';
import type { AuthorizerRefreshTokenStore, RefreshLock, TokenStore, VerifyTicketStore } from './tokens/ports.js';
import type { Clock } from '../kernel/clock.js';

export interface WechatPlatformOptions extends WechatApiClientOptions {
  componentAppid: string;
  componentAppsecret: string;
  tickets: VerifyTicketStore;
  store: TokenStore;
  lock: RefreshLock;
  clock: Clock;
  refreshTokens: AuthorizerRefreshTokenStore;
  refreshMarginMs?: number;
}

export interface WechatPlatform {
  client: WechatApiClient;
  component: ComponentApi;
  componentToken: ComponentAccessTokenProvider;
  authorizerTokens: AuthorizerAccessTokenProvider;
  officialAccount: OfficialAccountApi;
}

export function createWechatPlatform(o: WechatPlatformOptions): WechatPlatform {
  const client = createWechatApiClient(o);
  const holder: { token?: ComponentAccessTokenProvider } = {};
  const component = createComponentApi({
    client,
    componentAppid: o.componentAppid,
    componentAppsecret: o.componentAppsecret,
    componentToken: {
      get: () => holder.token!.get(),
      invalidate: (value) => holder.token!.invalidate(value),
    },
  });
  const common = { store: o.store, lock: o.lock, clock: o.clock, api: component, refreshMarginMs: o.refreshMarginMs, logger: o.logger };
  const componentToken = new ComponentAccessTokenProvider({ ...common, componentAppid: o.componentAppid, tickets: o.tickets });
  holder.token = componentToken;
  const authorizerTokens = new AuthorizerAccessTokenProvider({ ...common, refreshTokens: o.refreshTokens });
  return { client, component, componentToken, authorizerTokens, officialAccount: createOfficialAccountApi(client) };
}
