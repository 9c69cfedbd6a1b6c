/**
 * Connects the QR code use case to the relay's runtime: the org of a hint through the Signed Service registry, and
 * WeChat through two API clients (the API host with the authorizer's token; the MP host, WECHAT_MP_BASE, for
 * showqrcode) that log into the caller's invocation. Connection only.
 */
import type { Clock } from '../../kernel/clock.js';
import type { DataverseGateway } from '../../dataverse/types.js';
import { createWechatApiClient, type TokenSource } from '../../wechat/index.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { KeyValueStore, SecretBox } from '../ports/storage.js';
import type { QrCodeDeps } from './create-code.js';
import { registryOrgs } from './org-access.js';
import { qrCodeWechat } from './wechat-adapter.js';

export interface QrCodeWiring {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  kv: KeyValueStore;
  wechatApiBase: string;
  wechatMpBase: string;
  fetch?: typeof fetch;
  authorizerTokens: { forAuthorizer(appid: string): TokenSource };
  clock: Clock;
  logger: Logger;
}

export function qrCodeDeps(w: QrCodeWiring): QrCodeDeps {
  const client = (baseUrl: string) => createWechatApiClient({ baseUrl, logger: w.logger, ...(w.fetch && { fetch: w.fetch }) });
  return {
    orgs: registryOrgs(w),
    wechat: qrCodeWechat({ api: client(w.wechatApiBase), mp: client(w.wechatMpBase), mpBase: w.wechatMpBase, tokens: w.authorizerTokens }),
    kv: w.kv,
    clock: w.clock,
    logger: w.logger,
  };
}
