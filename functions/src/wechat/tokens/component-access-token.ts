/**
 * component_access_token, shared by every relay instance through TokenStore + RefreshLock.
 * Refreshed from the last stored component_verify_ticket when less than `refreshMarginMs` (10 min) is left.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/component_access_token.html
 */
import type { TokenSource, WechatLogger } from '../api/types.js';
import type { ComponentApi } from '../component/api.js';
import { WechatTokenError } from './errors.js';
import type { RefreshLock, TokenStore, VerifyTicketStore } from './ports.js';
import type { Clock } from '../../kernel/clock.js';
import { DEFAULT_REFRESH_MARGIN_MS, getOrRefresh } from './refresh.js';

export interface ComponentAccessTokenProviderOptions {
  componentAppid: string;
  tickets: VerifyTicketStore;
  store: TokenStore;
  lock: RefreshLock;
  clock: Clock;
  /** Only api_component_token is used (the AppSecret stays inside the API object). */
  api: Pick<ComponentApi, 'apiComponentToken'>;
  refreshMarginMs?: number;
  logger?: WechatLogger;
}

export class ComponentAccessTokenProvider implements TokenSource {
  /** TokenStore and RefreshLock key: `component:<appid>`. */
  readonly key: string;
  readonly #o: ComponentAccessTokenProviderOptions;
  readonly #margin: number;

  constructor(options: ComponentAccessTokenProviderOptions) {
    if (!options.componentAppid) throw new TypeError('componentAppid is required');
    this.#o = options;
    this.#margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.key = `component:${options.componentAppid}`;
  }

  async get(): Promise<string> {
    return (await this.#getOrRefresh(this.#margin)).value;
  }

  /** WeChat refused `value`: forget it unless another instance already replaced it. */
  async invalidate(value: string): Promise<void> {
    await this.#o.store.expireIfCurrent(this.key, value);
  }

  /** For a timer: refresh now if less than `marginMs` is left. Resolves true when it refreshed. */
  async refreshIfDue(marginMs = this.#margin): Promise<boolean> {
    return (await this.#getOrRefresh(marginMs)).refreshed;
  }

  #getOrRefresh(marginMs: number) {
    const { componentAppid, tickets, store, clock, api, logger } = this.#o;
    return getOrRefresh(this.key, this.#o, marginMs, async () => {
      const ticket = await tickets.get(componentAppid);
      if (!ticket) {
        throw new WechatTokenError('no-verify-ticket', componentAppid, `no component_verify_ticket stored for ${componentAppid} yet`);
      }
      const issuedAt = clock.now();
      const result = await api.apiComponentToken(ticket.ticket);
      const token = { value: result.accessToken, expiresAt: issuedAt + result.expiresIn * 1000 };
      await store.put(this.key, token);
      logger?.info('component_access_token refreshed', { componentAppid, expiresIn: result.expiresIn });
      return token;
    });
  }
}
