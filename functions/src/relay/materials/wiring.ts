/**
 * Connects the upload path to the relay's runtime: an API client on WECHAT_API_BASE that logs into the caller's
 * invocation, and the authorizer tokens the relay holds; the material rows' use case also reaches the org of a hint
 * through the Signed Service registry. Connection only.
 */
import type { Clock } from '../../kernel/clock.js';
import { createWechatApiClient, type TokenSource } from '../../wechat/index.js';
import type { DataverseGateway } from '../../dataverse/types.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { KeyValueStore, SecretBox } from '../ports/storage.js';
import { registryOrgs } from '../qrcodes/org-access.js';
import { materialCounts } from './counts.js';
import { createMaterialApi } from './material-api.js';
import type { UploadDeps } from './upload.js';
import type { MaterialDeps } from './upload-row.js';

export interface UploadWiring {
  wechatApiBase: string;
  fetch?: typeof fetch;
  authorizerTokens: { forAuthorizer(appid: string): TokenSource };
  clock: Clock;
  logger: Logger;
}

export function uploadDeps(w: UploadWiring): UploadDeps {
  const client = createWechatApiClient({ baseUrl: w.wechatApiBase, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) });
  const api = createMaterialApi(client);
  return { api, tokens: w.authorizerTokens, clock: w.clock, counts: materialCounts(api, w.clock) };
}

export interface MaterialWiring extends UploadWiring {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  kv: KeyValueStore;
}

/** The wxm_material use case (upload-row.ts): the org of a hint through the Signed Service registry, and the upload path. */
export function materialDeps(w: MaterialWiring): MaterialDeps {
  return { orgs: registryOrgs(w), upload: uploadDeps(w), kv: w.kv, clock: w.clock, logger: w.logger };
}
