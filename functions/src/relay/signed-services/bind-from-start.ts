/**
 * Start To Use opened from inside an org that already has a connected Signed Service: the account authorized
 * there binds to that org at once, no binding token needed (the admin is signed in to that org, and the
 * relay already holds a working application user for it).
 */
import type { AuthorizerRecord } from '../ports.js';
import { hostOf, upsertAccountRow } from './account-row.js';
import type { SignedServiceDeps } from './deps.js';
import { openRecord } from './open-record.js';

export async function bindFromStartToUse(authorizer: AuthorizerRecord, orgUrl: string, deps: SignedServiceDeps): Promise<string | undefined> {
  const [record] = await deps.registry.findConnectedByHost(hostOf(orgUrl));
  const org = record && openRecord(record, deps);
  if (!record || !org) return undefined;
  const officialAccountId = await upsertAccountRow(org, authorizer, deps.clock);
  await deps.registry.bind(authorizer.appid, { organizationId: record.organizationId, signedServiceId: record.signedServiceId, officialAccountId });
  const released = await deps.releaseParked(authorizer.appid);
  deps.logger.info('account bound to the org Start To Use was opened from', { authorizerAppid: authorizer.appid, organizationId: record.organizationId, released });
  return hostOf(orgUrl);
}
