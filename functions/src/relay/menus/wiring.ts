/**
 * Connects the menu use cases to the relay's runtime: the org of a hint through the Signed Service registry, and
 * WeChat's menu APIs through an API client that logs into the caller's invocation, with the authorizer tokens of
 * the shared provider. Connection only.
 */
import { createWechatApiClient } from '../../wechat/index.js';
import { createMenuApi } from '../../wechat/official-account/menu.js';
import type { FeatureWiring } from '../adapters/feature-wiring.js';
import { registryOrgs } from '../signed-services/org-of-hint.js';
import type { MenuDeps, MenuWechat } from './menu-deps.js';

export type MenuWiring = FeatureWiring;

export function menuWechat(api: ReturnType<typeof createMenuApi>, tokens: MenuWiring['authorizerTokens']): MenuWechat {
  return {
    create: (appid, button) => api.create(tokens.forAuthorizer(appid), button),
    addConditional: (appid, button, tagId) => api.addConditional(tokens.forAuthorizer(appid), button, tagId),
    deleteConditional: (appid, menuid) => api.deleteConditional(tokens.forAuthorizer(appid), menuid),
    current: (appid) => api.current(tokens.forAuthorizer(appid)),
  };
}

export function menuDeps(w: MenuWiring): MenuDeps {
  const client = createWechatApiClient({ baseUrl: w.wechatApiBase, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) });
  return { orgs: registryOrgs(w), wechat: menuWechat(createMenuApi(client), w.authorizerTokens), kv: w.kv, clock: w.clock, logger: w.logger };
}
