/**
 * An account moved to another org (or another Signed Service) through a binding token of the new one. The old
 * Signed Service's record forgets it, and the old org's Official Account row, written with that org's own held
 * credentials, says it was moved (Authorization Withdrawn, with the reason in English and Chinese), so its users
 * see why the account's chats stopped there. The binding itself already points at the new org.
 */
import { AccountStatus, OfficialAccount } from '@wxm/solution/schema';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { SignedServiceDeps } from './deps.js';
import { openRecord } from './open-record.js';
import { REASONS } from './reasons.js';
import { accountsOf, type AccountBinding } from '../ports/signed-services.js';

const A = OfficialAccount.columns;

export async function markMovedAway(
  appid: string,
  previous: AccountBinding,
  now: { organizationId: string; signedServiceId: string },
  deps: SignedServiceDeps,
): Promise<void> {
  const old = await deps.registry.get(previous.organizationId, previous.signedServiceId);
  let org: DataverseOrg | undefined;
  if (old) {
    const remaining = accountsOf(old).filter((a) => a.appid !== appid);
    const named = old.authorizerAppid && old.officialAccountId ? { appid: old.authorizerAppid, officialAccountId: old.officialAccountId } : undefined;
    const current = old.authorizerAppid === appid ? remaining[0] : named;
    const { authorizerAppid: _appid, officialAccountId: _accountId, ...rest } = old;
    await deps.registry.put({
      ...rest,
      accounts: remaining,
      ...(current && { authorizerAppid: current.appid, officialAccountId: current.officialAccountId }),
      updatedAt: deps.clock.now(),
    });
    org = old.state === 'connected' ? openRecord(old, deps) : undefined;
  }
  deps.logger.warn('account moved to another org by a binding token of that org', {
    authorizerAppid: appid,
    from: previous.organizationId,
    to: now.organizationId,
  });
  // Within one org the account row is the same row (alternate key appid), just re-linked: nothing to mark.
  const accountId = previous.officialAccountId ?? old?.officialAccountId;
  if (!org || !accountId || previous.organizationId === now.organizationId) return;
  try {
    await org.update(OfficialAccount.entitySetName, accountId, {
      [A.AccountStatus]: AccountStatus.Unauthorized,
      [A.LastDeliveryError]: `${REASONS.moved.en}\n${REASONS.moved.zh}`,
      [A.LastDeliveryErrorOn]: new Date(deps.clock.now()).toISOString(),
    });
  } catch (err) {
    deps.logger.warn('could not mark the account moved in its old org', {
      authorizerAppid: appid,
      organizationId: previous.organizationId,
      error: err instanceof Error ? err.name : 'unknown',
    });
  }
}
