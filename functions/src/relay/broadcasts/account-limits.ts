/**
 * What the account may do today, read from Dataverse (no WeChat call): its type, verification and permission sets
 * (accounts/capabilities.ts, the same words the account form shows), "API 群发保护" as the admin set it on the account,
 * the mass-send calls it made since Beijing midnight (wxm_broadcastsend rows; 100 a day) and whether a subscription
 * account already sent today (once a day).
 */
import { BroadcastKind, BroadcastStatus, Broadcast, BroadcastSend, EntitySets, OfficialAccount } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { canUse, explainReason, factsFromRow } from '../accounts/capabilities.js';
import { requireGuid } from '../delivery/keys.js';
import type { Reason } from './reasons.js';
import { beijingDayStart, DAILY_MASS_CALLS } from './rules.js';

export interface AccountLimits {
  /** true: service account; false: subscription account; undefined: not reported yet (WeChat decides). */
  service: boolean | undefined;
  protection: boolean;
  /** Why the account cannot mass send at all (empty: it can, as far as Dataverse knows). */
  cannot: Reason[];
  callsLeftToday: number;
  subscriptionSentToday: boolean;
}

export async function accountLimits(org: DataverseOrg, accountId: string, now: number, broadcastId: string): Promise<AccountLimits | undefined> {
  const A = OfficialAccount.columns;
  const row = await org.retrieve(EntitySets.OfficialAccount, requireGuid('account id', accountId), [
    A.AccountType,
    A.VerificationType,
    A.Permissions,
    A.MassProtection,
  ]);
  if (!row) return undefined;
  const facts = factsFromRow(row[A.AccountType] as number | null, row[A.VerificationType] as number | null, row[A.Permissions] as string | null);
  const cannot = canUse('massSend', facts)
    .reasons.filter((r) => r.code !== 'type-unknown')
    .map(explainReason);
  const since = new Date(beijingDayStart(now)).toISOString();
  const S = BroadcastSend.columns;
  const calls = await org.retrieveMultiple(EntitySets.BroadcastSend, {
    select: [S.Id],
    filter: `${lookupKey(S.OfficialAccountId)} eq ${accountId} and ${S.SentOn} ge ${since}`,
    maxRows: DAILY_MASS_CALLS + 1,
  });
  let subscriptionSentToday = false;
  if (facts.service === false) {
    const B = Broadcast.columns;
    const sent = await org.retrieveMultiple(EntitySets.Broadcast, {
      select: [B.Id],
      filter:
        `${lookupKey(B.OfficialAccountId)} eq ${accountId} and (${B.Kind} eq ${BroadcastKind.MassSend} or ${B.Kind} eq null) and ${B.SentOn} ge ${since} and ` +
        `${B.BroadcastStatus} ne ${BroadcastStatus.Failed} and ${B.Id} ne ${requireGuid('broadcast id', broadcastId)}`,
      top: 1,
    });
    subscriptionSentToday = sent.length > 0;
  }
  return {
    service: facts.service,
    protection: row[A.MassProtection] === true,
    cannot,
    callsLeftToday: Math.max(0, DAILY_MASS_CALLS - calls.length),
    subscriptionSentToday,
  };
}
