/** Connects the follower sync to the relay's runtime parts (called by the composition root, app/relay.ts). Connection only. */
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createFollowerUsersApi } from '../../wechat/official-account/users.js';
import { bindingsFromRegistry } from '../delivery/registry-bindings.js';
import type { RelayTask } from '../envelope.js';
import type { AuthorizerRegistry, Queue } from '../ports/storage.js';
import type { FeatureWiring } from '../adapters/feature-wiring.js';
import type { FollowerSyncDeps } from './sync-deps.js';

/** What every feature gets, plus the authorizer records (accounts to sync) and the task queue (the sync's pages). */
export interface FollowerSyncParts extends FeatureWiring {
  authorizers: AuthorizerRegistry;
  tasks: Queue<RelayTask>;
}

export function followerSyncDeps(parts: FollowerSyncParts): FollowerSyncDeps {
  return {
    bindings: bindingsFromRegistry({ registry: parts.registry, gateway: parts.gateway, secretBox: parts.secretBox }),
    registry: parts.registry,
    authorizers: parts.authorizers,
    // The client logs into the caller's invocation, like every WeChat client of the relay.
    users: createFollowerUsersApi(createWechatApiClient({ baseUrl: parts.wechatApiBase, logger: parts.logger, ...(parts.fetch && { fetch: parts.fetch }) })),
    tokens: parts.authorizerTokens,
    kv: parts.kv,
    tasks: parts.tasks,
    clock: parts.clock,
    logger: parts.logger,
  };
}
