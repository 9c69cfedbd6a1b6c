/** The wxm_officialaccount row the relay keeps in each customer's org for a bound account. */
import {
  AccountStatus,
  AccountType,
  AccountTypeByExternalValue,
  OfficialAccount,
  VerificationTypeByExternalValue,
} from '../../../../solution/generated/schema.js';
import type { Clock } from '../../wechat/tokens/ports.js';
import { alternateKey } from '../../dataverse/keys.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { missingPermissions } from '../authorization/permissions.js';
import type { AuthorizerRecord } from '../ports.js';

const C = OfficialAccount.columns;

/** Creates or refreshes the account row (alternate key: appid) and returns its id. */
export async function upsertAccountRow(org: DataverseOrg, authorizer: AuthorizerRecord, clock: Clock): Promise<string> {
  const key = alternateKey({ [C.AppId]: authorizer.appid });
  const accountType = authorizer.isMiniProgram
    ? AccountType.MiniProgram
    : (AccountTypeByExternalValue[String(authorizer.serviceType ?? '')] ?? AccountType.Other);
  const data: Record<string, unknown> = {
    [C.Name]: authorizer.nickName.slice(0, 100) || authorizer.appid,
    [C.OriginalId]: authorizer.originalId,
    [C.AccountType]: accountType,
    [C.AccountStatus]: AccountStatus.Authorized,
    [C.Permissions]: authorizer.funcScopes.join(','),
    [C.MissingPermissions]: missingPermissions(authorizer.funcScopes).map((p) => p.id).join(','),
    [C.AuthorizedOn]: new Date(authorizer.authorizedAt || clock.now()).toISOString(),
  };
  const verification = VerificationTypeByExternalValue[String(authorizer.verifyType ?? '')];
  if (verification !== undefined) data[C.VerificationType] = verification;
  const { id } = await org.upsert(OfficialAccount.entitySetName, key, data);
  if (id) return id;
  const row = await org.retrieve(OfficialAccount.entitySetName, key, [C.Id]);
  return String(row?.[C.Id] ?? '');
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}
