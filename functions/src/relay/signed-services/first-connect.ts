/**
 * A Signed Service the relay holds no secret for (never connected, or failed, pending or revoked since). The
 * only place to start from is what the hint claims (URL, tenant, client id, the secret sealed at acceptance),
 * so nothing is believed until:
 *   1. the gateway accepts the environment URL (allow list, before any request),
 *   2. WhoAmI there succeeds and answers the hint's organization id,
 *   3. the row re-read with those credentials carries the same URL, tenant and client id.
 * Until WhoAmI has succeeded nothing is stored for the org (no registry row: only a short-lived status, see
 * pre-connect-status.ts). From the row on, values come from the row: a newer secret saved there wins.
 */
import { SignedService } from '@wxm/solution/schema';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { DataverseHint } from '../webhook/hint.js';
import { claimAccount } from './bind-account.js';
import { checkCredentials, readRow } from './check.js';
import { storeConnected } from './connected.js';
import { claimedCredentials, normalizeEnvironmentUrl, rowCredentials, sameIdentity, text } from './credentials.js';
import type { SignedServiceDeps } from './deps.js';
import type { ReasonCode } from './reasons.js';
import type { SignedServiceRecord } from '../ports/signed-services.js';
import { recordOutcome } from './status.js';

const C = SignedService.columns;

export async function firstConnect(
  hint: DataverseHint,
  existing: SignedServiceRecord | undefined,
  deps: SignedServiceDeps,
): Promise<SignedServiceRecord | undefined> {
  // Before WhoAmI: an org the relay never reached gets only a status; a record from an earlier check is updated.
  const before = async (reason: ReasonCode) => {
    if (existing) return recordOutcome(deps, { hint, existing, state: 'failed', reason });
    await deps.statuses.put(hint.organizationId, hint.rowId, reason);
    deps.logger.warn('signed service not connected; nothing stored for this org', { organizationId: hint.organizationId, reason });
    return undefined;
  };
  const claimed = claimedCredentials(hint.attributes, existing, deps.secretBox);
  if (!claimed) return before('missing-fields');
  let checked = await checkCredentials(claimed, hint.organizationId, deps);
  if ('reason' in checked) return before(checked.reason);

  const fail = (reason: ReasonCode, org: DataverseOrg) => recordOutcome(deps, { hint, existing, state: 'failed', reason, org });
  const read = await readRow(checked.org, SignedService.entitySetName, hint.rowId);
  if ('reason' in read) return fail(read.reason, checked.org);
  const row = read.row;
  const wanted = row && rowCredentials(row, claimed);
  if (!row || !wanted || !sameIdentity(wanted, claimed)) {
    // A stale hint (a newer save follows with its own) or a forged one: the row is the truth, nothing is stored.
    deps.logger.warn('signed service hint does not match its row; ignored', { organizationId: hint.organizationId, row: row ? 'differs' : 'missing' });
    return existing;
  }
  if (wanted.clientSecret !== claimed.clientSecret) {
    const first = checked.org;
    checked = await checkCredentials(wanted, hint.organizationId, deps);
    if ('reason' in checked) return fail(checked.reason, first);
  }
  const { org, creds } = checked;

  if (row[C.AgreementAccepted] !== true) return recordOutcome(deps, { hint, existing, org, row, state: 'pending', reason: 'agreement-not-accepted' });
  const appid = text(row[C.AppId]);
  if (!appid) return fail('missing-fields', org);
  const origin = normalizeEnvironmentUrl(creds.environmentUrl) ?? '';
  const claim = await claimAccount({ organizationId: hint.organizationId, signedServiceId: hint.rowId, appid, row, org, origin }, deps);
  if ('reason' in claim) return fail(claim.reason, org);
  return storeConnected({ hint, creds, org, row, accounts: [claim.account], named: claim.account, fresh: [appid] }, deps);
}
