/**
 * authorizer_access_token per authorized account, refreshed with its authorizer_refresh_token under the same
 * check/lock/check rule. Whenever WeChat returns a refresh token it is stored (before the access token and
 * before returning): a refresh token must never be dropped.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
import type { TokenSource, WechatLogger } from '../api/types.js';
import type { ComponentApi } from '../component/api.js';
import type { QueryAuthResult } from '../component/types.js';
import { WechatTokenError } from './errors.js';
import type { AuthorizerRefreshTokenStore, RefreshLock, TokenStore } from './ports.js';
import type { Clock } from '../../kernel/clock.js';
import { DEFAULT_REFRESH_MARGIN_MS, getOrRefresh } from './refresh.js';

export interface AuthorizerAccessTokenProviderOptions {
  store: TokenStore;
  lock: RefreshLock;
  clock: Clock;
  refreshTokens: AuthorizerRefreshTokenStore;
  /** Only api_authorizer_token is used. */
  api: Pick<ComponentApi, 'authorizerToken'>;
  refreshMarginMs?: number;
  logger?: WechatLogger;
}

/** TokenStore and RefreshLock key of an account: `authorizer:<appid>`. */
export const authorizerTokenKey = (authorizerAppid: string): string => `authorizer:${authorizerAppid}`;

export class AuthorizerAccessTokenProvider {
  readonly #o: AuthorizerAccessTokenProviderOptions;
  readonly #margin: number;

  constructor(options: AuthorizerAccessTokenProviderOptions) {
    this.#o = options;
    this.#margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  }

  /** The TokenSource to pass to Official Account API calls for one account. */
  forAuthorizer(authorizerAppid: string): TokenSource {
    return { get: () => this.get(authorizerAppid), invalidate: (value) => this.invalidate(authorizerAppid, value) };
  }

  async get(authorizerAppid: string): Promise<string> {
    return (await this.#getOrRefresh(authorizerAppid, this.#margin)).value;
  }

  async invalidate(authorizerAppid: string, value: string): Promise<void> {
    await this.#o.store.expireIfCurrent(authorizerTokenKey(authorizerAppid), value);
  }

  /** For a timer: refresh now if less than `marginMs` is left. Resolves true when it refreshed. */
  async refreshIfDue(authorizerAppid: string, marginMs = this.#margin): Promise<boolean> {
    return (await this.#getOrRefresh(authorizerAppid, marginMs)).refreshed;
  }

  /**
   * Stores both tokens of a fresh authorization (api_query_auth), under the account's lock so a concurrent
   * refresh with the previous refresh token cannot overwrite them.
   */
  async saveQueryAuth(result: QueryAuthResult): Promise<void> {
    const { store, lock, clock, refreshTokens, logger } = this.#o;
    const key = authorizerTokenKey(result.authorizerAppid);
    await lock.withLock(key, async () => {
      await refreshTokens.put(result.authorizerAppid, result.refreshToken);
      await store.put(key, { value: result.accessToken, expiresAt: clock.now() + result.expiresIn * 1000 });
    });
    logger?.info('authorizer tokens stored', { authorizerAppid: result.authorizerAppid, expiresIn: result.expiresIn });
  }

  #getOrRefresh(authorizerAppid: string, marginMs: number) {
    const { store, clock, refreshTokens, api, logger } = this.#o;
    const key = authorizerTokenKey(authorizerAppid);
    return getOrRefresh(key, this.#o, marginMs, async () => {
      const refreshToken = await refreshTokens.get(authorizerAppid);
      if (!refreshToken) {
        throw new WechatTokenError('no-refresh-token', authorizerAppid, `no authorizer_refresh_token stored for ${authorizerAppid}`);
      }
      const issuedAt = clock.now();
      const result = await api.authorizerToken(authorizerAppid, refreshToken);
      if (result.refreshToken) await refreshTokens.put(authorizerAppid, result.refreshToken);
      const token = { value: result.accessToken, expiresAt: issuedAt + result.expiresIn * 1000 };
      await store.put(key, token);
      logger?.info('authorizer_access_token refreshed', {
        authorizerAppid,
        expiresIn: result.expiresIn,
        refreshTokenChanged: result.refreshToken !== undefined && result.refreshToken !== refreshToken,
      });
      return token;
    });
  }
}
