/**
 * Connects the broadcast use cases to the relay's runtime: the org of a hint through the Signed Service registry,
 * WeChat's mass, draft and customer-service APIs through an API client that logs into the caller's invocation, the
 * authorizer tokens of the shared provider, and the key-value store for leases and early events. Connection only.
 */
import type { Clock } from '../../kernel/clock.js';
import type { DataverseGateway } from '../../dataverse/types.js';
import { createWechatApiClient, type TokenSource } from '../../wechat/index.js';
import { createOfficialAccountApi } from '../../wechat/official-account/api.js';
import { createDraftApi } from '../../wechat/official-account/draft.js';
import { createMassApi } from '../../wechat/official-account/mass.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { AuthorizerRecord, KeyValueStore, SecretBox } from '../ports/storage.js';
import { uploadDeps } from '../materials/wiring.js';
import type { BroadcastDeps } from './deps.js';
import type { BroadcastTickDeps } from './schedule.js';

export interface BroadcastWiring {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  kv: KeyValueStore;
  wechatApiBase: string;
  fetch?: typeof fetch;
  authorizerTokens: { forAuthorizer(appid: string): TokenSource };
  clock: Clock;
  logger: Logger;
  callSpacingMs?: number;
  chunkSize?: number;
}

export function broadcastDeps(w: BroadcastWiring): BroadcastDeps {
  const client = createWechatApiClient({ baseUrl: w.wechatApiBase, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) });
  const oa = createOfficialAccountApi(client);
  return {
    registry: w.registry,
    gateway: w.gateway,
    secretBox: w.secretBox,
    wechat: {
      mass: createMassApi(client),
      draft: createDraftApi(client),
      sendCustom: (token, message) => oa.sendCustomMessage(token, message),
      token: (appid) => w.authorizerTokens.forAuthorizer(appid),
    },
    uploads: uploadDeps(w),
    kv: w.kv,
    clock: w.clock,
    logger: w.logger,
    ...(w.callSpacingMs !== undefined && { callSpacingMs: w.callSpacingMs }),
    ...(w.chunkSize !== undefined && { chunkSize: w.chunkSize }),
  };
}

export function broadcastTickDeps(w: BroadcastWiring & { authorizers: { list(): Promise<AuthorizerRecord[]> } }): BroadcastTickDeps {
  return { ...broadcastDeps(w), authorizers: w.authorizers };
}
