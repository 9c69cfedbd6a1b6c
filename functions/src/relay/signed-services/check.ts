/**
 * The one test a set of credentials must pass before the relay trusts it for an org: the gateway accepts the
 * environment URL (allow list, before any request), Entra ID issues a token, and WhoAmI in that environment
 * answers with the organization id expected. A host that answers someone else's id is not that org.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami
 */
import type { DataverseOrg, OrgCredentials } from '../../dataverse/types.js';
import { reasonFor } from './classify.js';
import type { SignedServiceDeps } from './deps.js';
import type { ReasonCode } from './reasons.js';

export type Checked = { org: DataverseOrg; creds: OrgCredentials } | { reason: ReasonCode };

/** Resolves to the org or an admin-fixable reason; temporary failures throw (the task is retried). */
export async function checkCredentials(creds: OrgCredentials, organizationId: string, deps: Pick<SignedServiceDeps, 'gateway'>): Promise<Checked> {
  try {
    const org = deps.gateway.open(creds);
    const who = await org.whoAmI();
    if (who.organizationId.toLowerCase() !== organizationId.toLowerCase()) return { reason: 'environment-mismatch' };
    return { org, creds };
  } catch (err) {
    const reason = reasonFor(err);
    if (!reason) throw err;
    return { reason };
  }
}

/** Reads a row, turning admin-fixable failures (no privilege to read Signed Services…) into a reason. */
export async function readRow(
  org: DataverseOrg,
  entitySet: string,
  id: string,
): Promise<{ row: Record<string, unknown> | undefined } | { reason: ReasonCode }> {
  try {
    return { row: await org.retrieve(entitySet, id) };
  } catch (err) {
    const reason = reasonFor(err);
    if (!reason) throw err;
    return { reason };
  }
}
