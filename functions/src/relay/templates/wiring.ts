/**
 * Connects the template use cases to the relay's runtime: orgs through the Signed Service registry (hints by
 * organization, events by the appid's binding) and WeChat through an API client that logs into the caller's
 * invocation. Connection only.
 */
import { createWechatApiClient } from '../../wechat/index.js';
import type { FeatureWiring } from '../adapters/feature-wiring.js';
import { registryOrgs } from '../signed-services/org-of-hint.js';
import type { TemplateDeps } from './deps.js';
import { templateWechat } from './wechat-adapter.js';

export interface TemplateWiring extends FeatureWiring {
  dailyQuota?: number;
}

export function templateDeps(w: TemplateWiring): TemplateDeps {
  const api = createWechatApiClient({ baseUrl: w.wechatApiBase, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) });
  return {
    orgs: registryOrgs(w),
    orgOfAppid: async (appid) => (await w.registry.bindingOf(appid))?.organizationId,
    wechat: templateWechat(api, w.authorizerTokens),
    kv: w.kv,
    clock: w.clock,
    logger: w.logger,
    ...(w.dailyQuota !== undefined && { dailyQuota: w.dailyQuota }),
  };
}
