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
import { countCache, materialCounts, type CountCache } from './counts.js';
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

// The dependencies are built per invocation (their logger is the invocation's); the accounts' counts of permanent
// material are kept per process and WeChat API base, so the minute they are trusted spans invocations.
const countCaches = new Map<string, CountCache>();
function countCacheOf(wechatApiBase: string): CountCache {
  let cache = countCaches.get(wechatApiBase);
  if (!cache) countCaches.set(wechatApiBase, (cache = countCache()));
  return cache;
}

export function uploadDeps(w: UploadWiring): UploadDeps {
  const client = createWechatApiClient({ baseUrl: w.wechatApiBase, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) });
  const api = createMaterialApi(client);
  return { api, tokens: w.authorizerTokens, clock: w.clock, counts: materialCounts(api, w.clock, countCacheOf(w.wechatApiBase)) };
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
