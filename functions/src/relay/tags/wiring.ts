/**
 * Connects the tag use cases to the relay's runtime: the org of a hint through the Signed Service registry, WeChat's
 * tag APIs through an API client that logs into the caller's invocation, the authorizer tokens of the shared
 * provider, and the key-value store for the relay's memory of tags and its leases. Connection only.
 */
import type { Clock } from '../../kernel/clock.js';
import type { DataverseGateway } from '../../dataverse/types.js';
import { createWechatApiClient, type TokenSource } from '../../wechat/index.js';
import { createTagsApi } from '../../wechat/official-account/tags.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { KeyValueStore, SecretBox } from '../ports/storage.js';
import type { TagDeps } from './tag-deps.js';

export interface TagWiring {
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

export function tagDeps(w: TagWiring): TagDeps {
  const client = createWechatApiClient({ baseUrl: w.wechatApiBase, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) });
  return {
    registry: w.registry,
    gateway: w.gateway,
    secretBox: w.secretBox,
    wechat: { api: createTagsApi(client), token: (appid) => w.authorizerTokens.forAuthorizer(appid) },
    kv: w.kv,
    clock: w.clock,
    logger: w.logger,
  };
}
