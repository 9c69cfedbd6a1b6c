/** Connects the follower sync to the relay's runtime parts (called by the composition root, app/relay.ts). Connection only. */
import type { DataverseGateway } from '../../dataverse/types.js';
import type { Clock } from '../../kernel/clock.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import type { TokenSource } from '../../wechat/api/types.js';
import { createFollowerUsersApi } from '../../wechat/official-account/users.js';
import { bindingsFromRegistry } from '../delivery/registry-bindings.js';
import type { RelayTask } from '../envelope.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { AuthorizerRegistry, KeyValueStore, Queue, SecretBox } from '../ports/storage.js';
import type { FollowerSyncDeps } from './sync-deps.js';

export interface FollowerSyncParts {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  authorizers: AuthorizerRegistry;
  kv: KeyValueStore;
  tasks: Queue<RelayTask>;
  /** https://api.weixin.qq.com in production (WECHAT_API_BASE). */
  wechatApiBase: string;
  fetch?: typeof fetch;
  authorizerTokens: { forAuthorizer(appid: string): TokenSource };
  clock: Clock;
  logger: Logger;
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
