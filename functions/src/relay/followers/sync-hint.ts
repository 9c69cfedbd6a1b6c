/**
 * "Sync followers" on the account form set wxm_SyncRequestedOn; the Update step hinted the relay. The hint names
 * an org and a row, nothing more is believed: the account is the one this org's connected Signed Services have
 * bound under that row id, and start-sync.ts re-reads the row (request time, state) with the org's own user.
 */
import { OfficialAccount } from '@wxm/solution/schema';
import { accountsOf } from '../ports/signed-services.js';
import type { DataverseHint } from '../webhook/hint.js';
import { startFollowerSync, type StartOutcome } from './start-sync.js';
import type { FollowerSyncDeps } from './sync-deps.js';

/**
 * The account table's one Update step fires for the quota and removal requests too, and the queued hint keeps none
 * of the row's columns (relay/webhook/accept-hint.ts): every account Update is looked at, and the row read again
 * says whether a sync was asked for since the last one started (start-sync.ts: 'already-served' otherwise).
 */
export const isSyncRequest = (hint: DataverseHint): boolean => hint.table === OfficialAccount.logicalName && hint.message === 'Update';

export async function onSyncRequested(hint: DataverseHint, deps: FollowerSyncDeps): Promise<StartOutcome> {
  const appid = await boundAppid(hint.organizationId, hint.rowId, deps);
  if (!appid) {
    deps.logger.warn('sync request for an account not bound to this org; ignored', { organizationId: hint.organizationId });
    return 'not-bound';
  }
  const outcome = await startFollowerSync(appid, 'request', deps);
  deps.logger.info('follower sync requested', { authorizerAppid: appid, outcome });
  return outcome;
}

async function boundAppid(organizationId: string, accountId: string, deps: FollowerSyncDeps): Promise<string | undefined> {
  for (const record of await deps.registry.listForOrg(organizationId)) {
    if (record.state !== 'connected') continue;
    for (const account of accountsOf(record)) {
      if (account.officialAccountId !== accountId) continue;
      // The binding is the truth: an account moved to another org no longer syncs into this one.
      const bound = await deps.bindings.resolve(account.appid);
      if (bound?.organizationId === organizationId && bound.officialAccountId === accountId) return account.appid;
    }
  }
  return undefined;
}
