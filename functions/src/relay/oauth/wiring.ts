/**
 * What the composition root hands the web authorization use case, from parts it already has. Connection only.
 *
 * The authorize page's host: WeChat serves it on open.weixin.qq.com, the sibling of the admin authorization
 * page's mp.weixin.qq.com (WECHAT_MP_BASE). A deployment that points WECHAT_MP_BASE at another host (a WeChat
 * stand-in) gets that same host for both pages. A setting of its own (WECHAT_OPEN_BASE) would be cleaner; the
 * settings module belongs to another part, so this rule stands in until it has one.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 */
import type { Clock } from '../../kernel/clock.js';
import type { TokenSource, WechatApiClient } from '../../wechat/api/types.js';
import { createOAuthApi } from '../../wechat/official-account/oauth.js';
import type { AccountBindings } from '../ports/bindings.js';
import type { Logger } from '../ports/logger.js';
import type { AuthorizerRegistry, KeyValueStore } from '../ports/storage.js';
import type { WebAuthorizationDeps } from './web-authorization.js';
import type { WebAuthorizationStateKey } from './web-state.js';

const WECHAT_MP = 'https://mp.weixin.qq.com';
const WECHAT_OPEN = 'https://open.weixin.qq.com';

export function webAuthorizationBase(mpBase: string): string {
  const base = mpBase.replace(/\/+$/, '');
  return base === WECHAT_MP ? WECHAT_OPEN : base;
}

export interface WebAuthorizationParts {
  kv: KeyValueStore;
  clock: Clock;
  stateKey: WebAuthorizationStateKey;
  authorizers: Pick<AuthorizerRegistry, 'get'>;
  bindings: AccountBindings;
  client: WechatApiClient;
  componentToken: TokenSource;
  componentAppid: string;
  publicUrl: string;
  mpBase: string;
  logger: Logger;
}

export function webAuthorizationDeps(p: WebAuthorizationParts): WebAuthorizationDeps {
  return {
    kv: p.kv,
    clock: p.clock,
    stateKey: p.stateKey,
    authorizers: p.authorizers,
    bindings: p.bindings,
    oauth: createOAuthApi(p.client),
    componentToken: p.componentToken,
    componentAppid: p.componentAppid,
    publicUrl: p.publicUrl,
    openBase: webAuthorizationBase(p.mpBase),
    logger: p.logger,
  };
}
