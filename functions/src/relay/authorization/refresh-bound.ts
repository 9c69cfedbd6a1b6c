/**
 * Authorizing an account again (Update authorization, or a change of permission sets in WeChat's own console, which
 * arrives as `updateauthorized`) refreshes what the org it is bound to knows of it: the wxm_officialaccount row's
 * granted and missing sets, type and verification, through that org's own Signed Service, and queues the import of
 * what the MP console gained meanwhile (auto replies, the live menu: 'account-authorized-again', imported never
 * twice). The binding, the row's id and everything under it stay; nothing is written to any other org, and nothing is bound here (a binding still
 * needs a binding token redeemed by the org's own Signed Service, bind-account.ts).
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorize_event.html
 */
import type { Clock } from '../../kernel/clock.js';
import type { DataverseGateway } from '../../dataverse/types.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { AuthorizerRecord, Queue, SecretBox } from '../ports/storage.js';
import type { RelayTask } from '../envelope.js';
import { upsertAccountRow } from '../signed-services/account-row.js';
import { openRecord } from '../signed-services/open-record.js';

export interface RefreshBoundDeps {
  registry: SignedServiceRegistry;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  clock: Clock;
  logger: Logger;
  /** relay-tasks: the imports run there (retried), not in the authorization's own path. */
  tasks?: Queue<RelayTask>;
}

/** Where the account is bound now: the org's environment origin, when its Signed Service is connected. */
export async function boundOrigin(appid: string, registry: SignedServiceRegistry): Promise<string | undefined> {
  const binding = await registry.bindingOf(appid);
  if (!binding) return undefined;
  const record = await registry.get(binding.organizationId, binding.signedServiceId);
  if (record?.state !== 'connected' || !record.environmentUrl) return undefined;
  try {
    return new URL(record.environmentUrl).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Rewrites the bound org's account row from the authorizer record just stored; 'not-bound' when there is none. */
export async function refreshBoundAccount(authorizer: AuthorizerRecord, deps: RefreshBoundDeps): Promise<'refreshed' | 'not-bound'> {
  const binding = await deps.registry.bindingOf(authorizer.appid);
  const record = binding && (await deps.registry.get(binding.organizationId, binding.signedServiceId));
  const org = record?.state === 'connected' ? openRecord(record, deps) : undefined;
  if (!org) return 'not-bound';
  const officialAccountId = await upsertAccountRow(org, authorizer, deps.clock);
  deps.logger.info('bound account row refreshed after authorization', { authorizerAppid: authorizer.appid });
  if (deps.tasks && binding && officialAccountId && !authorizer.isMiniProgram) {
    await deps.tasks.enqueue({ v: 1, type: 'account-authorized-again', organizationId: binding.organizationId, officialAccountId });
  }
  return 'refreshed';
}
