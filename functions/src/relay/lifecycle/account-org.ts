/**
 * The org an Official Account row lives in, reached with that org's own application user, and the account's appid,
 * from what the relay holds (a connected Signed Service of the hinted org that lists the row), never from the hint.
 * `boundHere` says whether the account's binding still points at this org: only then is the account's relay state
 * this org's to remove (an account that moved to another org keeps everything there).
 */
import type { DataverseGateway, DataverseOrg } from '../../dataverse/types.js';
import { accountsOf, type AccountBinding, type SignedServiceRegistry } from '../ports/signed-services.js';
import type { SecretBox } from '../ports/storage.js';
import { openRecord } from '../signed-services/open-record.js';

export interface AccountOrgDeps {
  gateway: DataverseGateway;
  registry: SignedServiceRegistry;
  secretBox: SecretBox;
}

export interface AccountInOrg {
  org: DataverseOrg;
  appid: string;
  /** The binding as it is now (undefined once unbound). */
  binding: AccountBinding | undefined;
  boundHere: boolean;
  signedServiceId: string;
}

export async function accountInOrg(organizationId: string, accountId: string, deps: AccountOrgDeps): Promise<AccountInOrg | undefined> {
  for (const record of await deps.registry.listForOrg(organizationId)) {
    if (record.state !== 'connected') continue;
    const account = accountsOf(record).find((a) => a.officialAccountId === accountId);
    if (!account) continue;
    const org = openRecord(record, deps);
    if (!org) continue;
    const binding = await deps.registry.bindingOf(account.appid);
    const boundHere =
      binding?.organizationId === organizationId &&
      binding.signedServiceId === record.signedServiceId &&
      (binding.officialAccountId ?? record.officialAccountId) === accountId;
    return { org, appid: account.appid, binding, boundHere, signedServiceId: record.signedServiceId };
  }
  return undefined;
}
