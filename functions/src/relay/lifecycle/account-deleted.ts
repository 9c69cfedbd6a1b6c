/**
 * An Official Account row was deleted straight from a view (webhook Delete hint): remove the relay's state of the
 * account, but only once the org's own application user confirms the row is gone (retrieve → not found) and only
 * when the account is bound to this org. A forged Delete for a row that exists does nothing.
 */
import { EntitySets } from '@wxm/solution/schema';
import type { Logger } from '../ports/logger.js';
import type { DataverseHint } from '../webhook/hint.js';
import { accountInOrg, type AccountOrgDeps } from './account-org.js';
import { removeRelayState, type RelayStateDeps } from './relay-state.js';
import { ACCOUNT_TABLE } from './remove-account.js';

export function isAccountDelete(hint: DataverseHint): boolean {
  return hint.table === ACCOUNT_TABLE && hint.message === 'Delete';
}

export async function onAccountRowDeleted(hint: DataverseHint, deps: AccountOrgDeps & RelayStateDeps & { logger: Logger }): Promise<'removed' | 'ignored'> {
  const found = await accountInOrg(hint.organizationId, hint.rowId, deps);
  if (!found) return 'ignored';
  if (await found.org.retrieve(EntitySets.OfficialAccount, hint.rowId, ['wxm_officialaccountid'])) {
    deps.logger.warn('delete hint for an account row that still exists; ignored', { organizationId: hint.organizationId });
    return 'ignored';
  }
  if (!found.boundHere || !found.binding) return 'ignored';
  await removeRelayState(found.appid, found.binding, deps);
  deps.logger.warn('account row deleted in Dataverse: relay state removed', { authorizerAppid: found.appid });
  return 'removed';
}
