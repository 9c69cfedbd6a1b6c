/** The wxm_officialaccount row the relay keeps in each customer's org for a bound account. */
import { AccountStatus, AccountType, AccountTypeByExternalValue, OfficialAccount, VerificationTypeByExternalValue } from '@wxm/solution/schema';
import type { Clock } from '../../kernel/clock.js';
import { DataverseError } from '../../dataverse/errors.js';
import { alternateKey } from '../../dataverse/keys.js';
import { isKeyNotActive } from '../../dataverse/web-api-errors.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { missingPermissions } from '../authorization/permissions.js';
import type { AuthorizerRecord } from '../ports/storage.js';

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
    [C.MissingPermissions]: missingPermissions(authorizer.funcScopes)
      .map((p) => p.id)
      .join(','),
    [C.AuthorizedOn]: new Date(authorizer.authorizedAt || clock.now()).toISOString(),
  };
  const verification = VerificationTypeByExternalValue[String(authorizer.verifyType ?? '')];
  if (verification !== undefined) data[C.VerificationType] = verification;
  try {
    const { id } = await org.upsert(OfficialAccount.entitySetName, key, data);
    if (id) return id;
    const row = await org.retrieve(OfficialAccount.entitySetName, key, [C.Id]);
    return String(row?.[C.Id] ?? '');
  } catch (err) {
    if (!(err instanceof DataverseError && isKeyNotActive(err))) throw err;
    // Right after an import the appid key is still being built (0x8006088F), and a Signed Service saved then
    // must still connect: find the row by a query instead and write it by id. The relay is this table's only
    // writer, one Signed Service task at a time, so no second row appears meanwhile.
    return writeByQuery(org, authorizer.appid, data);
  }
}

async function writeByQuery(org: DataverseOrg, appid: string, data: Record<string, unknown>): Promise<string> {
  const [existing] = await org.retrieveMultiple(OfficialAccount.entitySetName, {
    select: [C.Id],
    filter: `${C.AppId} eq '${appid.replace(/'/g, "''")}'`,
    top: 1,
  });
  const id = existing?.[C.Id];
  if (typeof id === 'string') {
    await org.update(OfficialAccount.entitySetName, id, data);
    return id;
  }
  return org.create(OfficialAccount.entitySetName, { ...data, [C.AppId]: appid });
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}
