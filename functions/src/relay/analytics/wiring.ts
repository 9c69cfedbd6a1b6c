/** Connects the analytics timer's use case to storage, the bindings, the data cube client and the token provider. Connection only. */
import type { DataverseGateway } from '../../dataverse/types.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import type { TokenSource } from '../../wechat/api/types.js';
import { createDatacubeApi } from '../../wechat/official-account/datacube.js';
import { bindingsFromRegistry } from '../delivery/registry-bindings.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { AuthorizerRegistry, KeyValueStore, SecretBox } from '../ports/storage.js';
import type { FetchAllDeps } from './fetch-all.js';

export interface AnalyticsParts {
  authorizers: AuthorizerRegistry;
  kv: KeyValueStore;
  signedServices: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  apiBase: string;
  fetch?: typeof fetch;
  tokenFor(appid: string): TokenSource;
  now: () => number;
  logger: Logger;
}

export function analyticsDeps(parts: AnalyticsParts): FetchAllDeps {
  const client = createWechatApiClient({ baseUrl: parts.apiBase, logger: parts.logger, ...(parts.fetch && { fetch: parts.fetch }) });
  return {
    authorizers: parts.authorizers,
    bindings: bindingsFromRegistry({ registry: parts.signedServices, gateway: parts.gateway, secretBox: parts.secretBox }),
    datacube: createDatacubeApi(client),
    tokenFor: parts.tokenFor,
    checkpoints: parts.kv,
    now: parts.now,
    logger: parts.logger,
  };
}
