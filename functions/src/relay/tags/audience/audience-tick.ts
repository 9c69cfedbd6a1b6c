/**
 * The audience timer (functions/audience-sync.ts, every 30 minutes), per authorized account bound to an org:
 * - every TAG_SYNC_HOURS, the tag sync (tags and pairings made in the MP console reach Dataverse; tag-sync.ts);
 * - every tick, each audience tag of the account is reconciled with its marketing list or view (reconcile.ts).
 * Every instance's timer may tick: a marker per account and window is taken once (putIfAbsent), so the work is done
 * once. One account's failure is logged; the others still run.
 */
import { lookupKey } from '../../../dataverse/keys.js';
import { Tag } from '@wxm/solution/schema';
import type { AuthorizerRecord } from '../../ports/storage.js';
import { openTagOrg, type TagDeps } from '../tag-deps.js';
import { syncTags } from '../tag-sync.js';
import { reconcileRow } from './reconcile.js';

const T = Tag.columns;
export const TAG_SYNC_HOURS = 6;
export const AUDIENCE_MINUTES = 30;

export interface AudienceTickDeps extends TagDeps {
  authorizers: { list(): Promise<AuthorizerRecord[]> };
}

export interface AudienceTickReport {
  tagSyncs: string[];
  audiences: number;
  failed: string[];
}

export async function audienceTick(deps: AudienceTickDeps): Promise<AudienceTickReport> {
  const report: AudienceTickReport = { tagSyncs: [], audiences: 0, failed: [] };
  const now = deps.clock.now();
  for (const account of await deps.authorizers.list()) {
    if (account.status !== 'authorized' || account.isMiniProgram) continue;
    try {
      const binding = await deps.registry.bindingOf(account.appid);
      const access = binding?.officialAccountId ? await openTagOrg(binding.organizationId, deps) : undefined;
      const accountId = binding?.officialAccountId;
      if (!access || !accountId || (await access.appidOf(accountId)) !== account.appid) continue;
      const syncWindow = Math.floor(now / (TAG_SYNC_HOURS * 3_600_000));
      if (await deps.kv.putIfAbsent(`tag-sync|${account.appid}|${syncWindow}`, String(now), now + 2 * TAG_SYNC_HOURS * 3_600_000)) {
        await syncTags(access, account.appid, accountId, deps);
        report.tagSyncs.push(account.appid);
      }
      const tickWindow = Math.floor(now / (AUDIENCE_MINUTES * 60_000));
      if (!(await deps.kv.putIfAbsent(`audience|${account.appid}|${tickWindow}`, String(now), now + 2 * AUDIENCE_MINUTES * 60_000))) continue;
      const audienceTags = await access.org.retrieveMultiple(Tag.entitySetName, {
        select: [T.Id],
        filter: `${lookupKey(T.OfficialAccountId)} eq ${accountId} and ${T.StateCode} eq 0 and (${T.AudienceListId} ne null or ${T.AudienceViewId} ne null)`,
      });
      for (const row of audienceTags) if ((await reconcileRow(access, String(row[T.Id]), deps)).outcome === 'reconciled') report.audiences += 1;
    } catch (err) {
      report.failed.push(account.appid);
      deps.logger.error('audience timer failed for an account', { authorizerAppid: account.appid, error: err instanceof Error ? err.name : 'unknown' });
    }
  }
  return report;
}
