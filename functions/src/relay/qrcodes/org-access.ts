/**
 * The customer's org of a hint, reached with the application user the relay holds for it, and the WeChat account
 * behind one of its wxm_officialaccount rows. The account is the one bound to this org through a connected Signed
 * Service (the registry's binding names this org), never one the row or the hint merely claims: a row naming
 * another tenant's account finds no appid here.
 */
import type { DataverseGateway, DataverseOrg } from '../../dataverse/types.js';
import type { SecretBox } from '../ports/storage.js';
import { accountsOf, type SignedServiceRegistry } from '../ports/signed-services.js';
import { openRecord } from '../signed-services/open-record.js';

export interface OrgAccess {
  org: DataverseOrg;
  /** The authorizer appid of this org's account row, or undefined when it is not bound to this org. */
  appidOf(officialAccountId: string): Promise<string | undefined>;
}

export interface OrgDirectory {
  open(organizationId: string): Promise<OrgAccess | undefined>;
}

export function registryOrgs(deps: { registry: SignedServiceRegistry; gateway: DataverseGateway; secretBox: SecretBox }): OrgDirectory {
  return {
    async open(organizationId) {
      const connected = (await deps.registry.listForOrg(organizationId)).filter((r) => r.state === 'connected');
      const first = connected.find((r) => openRecord(r, deps));
      const org = first && openRecord(first, deps);
      if (!org) return undefined;
      return {
        org,
        async appidOf(officialAccountId) {
          for (const record of connected) {
            for (const account of accountsOf(record)) {
              if (account.officialAccountId !== officialAccountId) continue;
              const binding = await deps.registry.bindingOf(account.appid);
              if (binding?.organizationId === organizationId) return account.appid;
            }
          }
          return undefined;
        },
      };
    },
  };
}
