/**
 * Connects the upload path to the relay's runtime: an API client on WECHAT_API_BASE that logs into the caller's
 * invocation, and the authorizer tokens the relay holds. Connection only.
 */
import type { Clock } from '../../kernel/clock.js';
import { createWechatApiClient, type TokenSource } from '../../wechat/index.js';
import type { Logger } from '../ports/logger.js';
import { createMaterialApi } from './material-api.js';
import type { UploadDeps } from './upload.js';

export interface UploadWiring {
  wechatApiBase: string;
  fetch?: typeof fetch;
  authorizerTokens: { forAuthorizer(appid: string): TokenSource };
  clock: Clock;
  logger: Logger;
}

export function uploadDeps(w: UploadWiring): UploadDeps {
  const client = createWechatApiClient({ baseUrl: w.wechatApiBase, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) });
  return { api: createMaterialApi(client), tokens: w.authorizerTokens, clock: w.clock };
}
