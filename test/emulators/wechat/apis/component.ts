/**
 * Component (third-party platform) APIs under /cgi-bin/component/.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/pre_auth_code.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html
 */
import { randomBytes } from 'node:crypto';
import { WechatApiError } from '../errors.js';
import { isAuthorized, type SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';
import { pushVerifyTicket } from '../push/component-events.js';
import { OK, type ApiSpec } from './registry.js';
import { authorizerInfo, funcInfo } from './authorizer-info.js';

function requireComponent(state: SimState, appid: unknown): void {
  if (appid !== state.component.appid) throw new WechatApiError(61011);
}

/** The authorizer named in a component call; 61003 when it has not (or no longer) authorized the component. */
function authorizedAccount(state: SimState, appid: unknown): SimAccount {
  const account = typeof appid === 'string' ? state.accounts.get(appid) : undefined;
  if (!account || !isAuthorized(account) || !account.authorization) throw new WechatApiError(61003);
  return account;
}

function ttlSeconds(expiresAt: number, now: number): number {
  return Math.round((expiresAt - now) / 1000);
}

export const componentApis: ApiSpec[] = [
  {
    api: 'component/api_component_token',
    auth: 'none',
    handle({ state, json }) {
      state.stats.componentTokenCalls += 1;
      const body = json();
      requireComponent(state, body.component_appid);
      if (!body.component_appsecret) throw new WechatApiError(41004);
      if (body.component_appsecret !== state.component.appsecret) throw new WechatApiError(40125);
      const ticket = state.tickets.check(body.component_verify_ticket);
      if (ticket === 'invalid') throw new WechatApiError(61006);
      if (ticket === 'expired') throw new WechatApiError(61005);
      const token = state.tokens.issue('component', state.component.appid);
      return { component_access_token: token.value, expires_in: ttlSeconds(token.expiresAt, token.issuedAt) };
    },
  },
  {
    api: 'component/api_start_push_ticket',
    auth: 'none',
    handle({ state, json }) {
      const body = json();
      requireComponent(state, body.component_appid);
      if (!body.component_secret) throw new WechatApiError(41004);
      if (body.component_secret !== state.component.appsecret) throw new WechatApiError(40125);
      state.later(async () => {
        await pushVerifyTicket(state);
      }, 10);
      return { ...OK };
    },
  },
  {
    api: 'component/api_create_preauthcode',
    auth: 'component',
    handle({ state, json }) {
      requireComponent(state, json().component_appid);
      const code = state.codes.createPreAuthCode();
      return { pre_auth_code: code.value, expires_in: ttlSeconds(code.expiresAt, state.clock.now()) };
    },
  },
  {
    api: 'component/api_query_auth',
    auth: 'component',
    handle({ state, json }) {
      state.stats.queryAuthCalls += 1;
      const body = json();
      requireComponent(state, body.component_appid);
      const redeemed = state.codes.redeemAuthCode(body.authorization_code);
      if (!redeemed.ok) throw new WechatApiError(redeemed.errcode);
      const account = authorizedAccount(state, redeemed.code.appid);
      const token = state.tokens.issue('authorizer', account.appid);
      return {
        authorization_info: {
          authorizer_appid: account.appid,
          authorizer_access_token: token.value,
          expires_in: ttlSeconds(token.expiresAt, token.issuedAt),
          authorizer_refresh_token: account.authorization?.refreshToken,
          func_info: funcInfo(account),
        },
      };
    },
  },
  {
    api: 'component/api_authorizer_token',
    auth: 'component',
    handle({ state, json }) {
      state.stats.authorizerTokenCalls += 1;
      const body = json();
      requireComponent(state, body.component_appid);
      const account = authorizedAccount(state, body.authorizer_appid);
      const authorization = account.authorization as NonNullable<SimAccount['authorization']>;
      if (typeof body.authorizer_refresh_token !== 'string' || body.authorizer_refresh_token !== authorization.refreshToken) {
        throw new WechatApiError(61023);
      }
      if (state.settings.rotateRefreshTokens) authorization.refreshToken = `refreshtoken@@@${randomBytes(36).toString('base64url')}`;
      const token = state.tokens.issue('authorizer', account.appid);
      return {
        authorizer_access_token: token.value,
        expires_in: ttlSeconds(token.expiresAt, token.issuedAt),
        authorizer_refresh_token: authorization.refreshToken,
      };
    },
  },
  {
    api: 'component/api_get_authorizer_info',
    auth: 'component',
    handle({ state, json }) {
      const body = json();
      requireComponent(state, body.component_appid);
      return authorizerInfo(state, authorizedAccount(state, body.authorizer_appid));
    },
  },
  {
    api: 'component/api_get_authorizer_list',
    auth: 'component',
    handle({ state, json }) {
      const body = json();
      requireComponent(state, body.component_appid);
      const offset = Number(body.offset ?? 0);
      const count = Number(body.count ?? 100);
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 1 || count > 500) throw new WechatApiError(47001);
      const authorized = [...state.accounts.values()].filter(isAuthorized);
      return {
        total_count: authorized.length,
        list: authorized.slice(offset, offset + count).map((a) => ({
          authorizer_appid: a.appid,
          refresh_token: a.authorization?.refreshToken,
          auth_time: Math.floor((a.authorization?.updatedAt ?? 0) / 1000),
        })),
      };
    },
  },
  {
    api: 'component/clear_quota',
    auth: 'component',
    handle({ state, json }) {
      requireComponent(state, json().component_appid);
      state.quota.clear(state.component.appid);
      return { ...OK };
    },
  },
];
