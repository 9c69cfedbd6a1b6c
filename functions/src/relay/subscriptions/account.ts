/**
 * The account a subscription row belongs to, as the relay may use it: bound to this org (never one a row merely
 * names), an Official Account or a Mini Program (wxm_AccountType, which the relay writes from the authorizer info's
 * MiniProgramInfo), and for an Official Account permission set 89 and verification (accounts/capabilities.ts, the
 * same words the account form shows).
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html
 */
import { AccountType, EntitySets, OfficialAccount } from '@wxm/solution/schema';
import { canUse, explainReason, factsFromRow } from '../accounts/capabilities.js';
import { requireGuid } from '../delivery/keys.js';
import type { OrgAccess } from '../signed-services/org-of-hint.js';
import type { Refusal } from './reasons.js';

export interface UsableAccount {
  appid: string;
  miniProgram: boolean;
}

export async function usableAccount(access: OrgAccess, accountId: string | undefined): Promise<UsableAccount | Refusal> {
  if (!accountId) return { code: 'no-account' };
  const appid = await access.appidOf(accountId);
  if (!appid) return { code: 'account-not-connected' };
  const A = OfficialAccount.columns;
  const row = await access.org.retrieve(EntitySets.OfficialAccount, requireGuid('account id', accountId), [A.AccountType, A.VerificationType, A.Permissions]);
  if (!row) return { code: 'no-account' };
  const type = row[A.AccountType] as number | null;
  if (type === AccountType.MiniProgram) return { appid, miniProgram: true };
  const facts = factsFromRow(type, row[A.VerificationType] as number | null, row[A.Permissions] as string | null);
  // Type and verification not reported yet: WeChat decides (48001 then becomes the reason).
  const reasons = canUse('subscriptionNotifications', facts).reasons.filter((r) => r.code !== 'type-unknown');
  return reasons.length > 0 ? { code: 'cannot-send', why: reasons.map(explainReason) } : { appid, miniProgram: false };
}

export const isRefusal = (v: UsableAccount | Refusal): v is Refusal => 'code' in v;
