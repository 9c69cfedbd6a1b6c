/**
 * What the composition root (app/relay.ts, featureDeps) gives every feature's wiring (relay/<feature>/wiring.ts):
 * the org of a hint through the Signed Service registry (with the gateway and the box that opens the relay's sealed
 * secrets), the shared key-value store, WeChat's API base (and a fetch for tests) with the authorizer tokens of the
 * shared provider, the clock and the invocation's logger. A feature that needs more extends it and says what.
 */
import type { Clock } from '../../kernel/clock.js';
import type { DataverseGateway } from '../../dataverse/types.js';
import type { TokenSource } from '../../wechat/index.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { KeyValueStore, SecretBox } from '../ports/storage.js';

export interface FeatureWiring {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  kv: KeyValueStore;
  /** https://api.weixin.qq.com in production (WECHAT_API_BASE). */
  wechatApiBase: string;
  fetch?: typeof fetch;
  authorizerTokens: { forAuthorizer(appid: string): TokenSource };
  clock: Clock;
  logger: Logger;
}
