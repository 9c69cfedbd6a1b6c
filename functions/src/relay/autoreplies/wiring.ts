/**
 * Connects the auto-reply use cases to the relay's runtime: the org of a hint through the Signed Service registry,
 * the rule store on the shared KeyValueStore, this instance's memory copy, WeChat's API as the authorizer.
 * Connection only.
 */
import { createWechatApiClient } from '../../wechat/index.js';
import type { FeatureWiring } from '../adapters/feature-wiring.js';
import { registryOrgs } from '../signed-services/org-of-hint.js';
import type { ConsoleImportDeps } from './import-console.js';
import type { RuleCache } from './rule-cache.js';
import { RuleStore } from './rule-store.js';

export interface AutoReplyWiring extends FeatureWiring {
  /** This instance's memory copy of the compiled rules (the account callback answers from it). */
  cache?: RuleCache;
}

export function autoReplyDeps(w: AutoReplyWiring): ConsoleImportDeps {
  return {
    orgs: registryOrgs(w),
    store: new RuleStore(w.kv),
    ...(w.cache && { cache: w.cache }),
    kv: w.kv,
    wechat: { client: createWechatApiClient({ baseUrl: w.wechatApiBase, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) }), tokens: w.authorizerTokens },
    clock: w.clock,
    logger: w.logger,
  };
}
