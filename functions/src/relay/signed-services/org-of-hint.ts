/**
 * The customer's org a hint or an event names, reached with the application user the relay holds (sealed) for a
 * connected Signed Service of that org, and the WeChat account behind one of its wxm_officialaccount rows. The
 * account is the one bound to this org through the registry (the binding of its appid names this org), never one
 * a row or a hint merely claims: a row naming another tenant's account, or an account moved to another org, finds
 * no appid here. Every use case that acts on a hint's org (tags, broadcasts, templates, QR codes, menus, materials,
 * auto replies, subscriptions) opens it through this one door.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami
 */
import type { DataverseGateway, DataverseOrg, DataverseRelations } from '../../dataverse/types.js';
import { relationsOf } from '../../dataverse/relations.js';
import type { SecretBox } from '../ports/storage.js';
import { accountsOf, type SignedServiceRecord, type SignedServiceRegistry } from '../ports/signed-services.js';
import { openRecord } from './open-record.js';

export interface OrgAccess {
  organizationId: string;
  org: DataverseOrg & DataverseRelations;
  /** The authorizer appid of this org's account row, or undefined when it is not bound to this org. */
  appidOf(officialAccountId: string): Promise<string | undefined>;
  /** The relay's application user in this org: changes it made itself are never sent back to WeChat. */
  relayUserId(): Promise<string>;
}

/** Opens the org of a hint (for use cases that take it as a dependency, so a test can hand them another door). */
export interface OrgDirectory {
  open(organizationId: string): Promise<OrgAccess | undefined>;
}

export interface OrgOfHintDeps {
  registry: Pick<SignedServiceRegistry, 'listForOrg' | 'bindingOf'>;
  gateway: DataverseGateway;
  secretBox: SecretBox;
}

// One WhoAmI per org and environment per process. Only orgs with a connected Signed Service get here, so an
// invented organization id in a hint cannot grow it.
const relayUsers = new Map<string, string>();

/** The org of `organizationId`, or undefined when it has no connected Signed Service the relay can sign in with. */
export async function openOrgOfHint(organizationId: string, deps: OrgOfHintDeps): Promise<OrgAccess | undefined> {
  const connected = (await deps.registry.listForOrg(organizationId)).filter((r) => r.state === 'connected');
  const opened = firstOpened(connected, deps);
  if (!opened) return undefined;
  const org = relationsOf(opened);
  return {
    organizationId,
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
    async relayUserId() {
      const key = `${organizationId}|${org.environmentUrl}`;
      const known = relayUsers.get(key);
      if (known) return known;
      const id = (await org.whoAmI()).userId.toLowerCase();
      relayUsers.set(key, id);
      return id;
    },
  };
}

function firstOpened(records: SignedServiceRecord[], deps: OrgOfHintDeps): DataverseOrg | undefined {
  for (const record of records) {
    const org = openRecord(record, deps);
    if (org) return org;
  }
  return undefined;
}

export function registryOrgs(deps: OrgOfHintDeps): OrgDirectory {
  return { open: (organizationId) => openOrgOfHint(organizationId, deps) };
}
