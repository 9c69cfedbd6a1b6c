/** Connects the subscription use cases to the relay's runtime (as relay/qrcodes/wiring.ts does). Connection only. */
import type { Clock } from '../../kernel/clock.js';
import type { DataverseGateway } from '../../dataverse/types.js';
import { createWechatApiClient, type TokenSource } from '../../wechat/index.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { KeyValueStore, SecretBox } from '../ports/storage.js';
import { registryOrgs } from '../signed-services/org-of-hint.js';
import type { SubscriptionDeps } from './deps.js';
import { subscriptionWechat } from './wechat-adapter.js';

export interface SubscriptionWiring {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  kv: KeyValueStore;
  wechatApiBase: string;
  fetch?: typeof fetch;
  authorizerTokens: { forAuthorizer(appid: string): TokenSource };
  clock: Clock;
  logger: Logger;
}

export function subscriptionDeps(w: SubscriptionWiring): SubscriptionDeps {
  const api = createWechatApiClient({ baseUrl: w.wechatApiBase, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) });
  return {
    orgs: registryOrgs(w),
    registry: w.registry,
    wechat: subscriptionWechat(api, w.authorizerTokens),
    kv: w.kv,
    clock: w.clock,
    logger: w.logger,
  };
}
