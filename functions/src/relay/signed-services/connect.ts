/**
 * A Signed Service was created or saved: connect it, or say precisely why not. Sequence:
 *   credentials (from the saved row, or the secret held for it) → token + WhoAmI with the org's own application
 *   user → the org must be the one the hint came from → re-read the row (the hint is only a hint) → agreement →
 *   account authorized → binding token (once) → store the secret sealed → write the account row, blank the
 *   secret, status Connected → re-queue the account's parked messages.
 * Any step that fails for a reason an admin can fix records Failed with that reason (in the row when the
 * credentials allow it, and always in the relay for the status endpoint); temporary failures throw so the task
 * is retried.
 */
import { SignedService } from '../../../../solution/generated/schema.js';
import type { DataverseOrg, OrgCredentials } from '../../dataverse/types.js';
import type { DataverseHint } from '../webhook/hint.js';
import { reasonFor } from './classify.js';
import { credentialsFrom, text } from './credentials.js';
import type { SignedServiceDeps } from './deps.js';
import { bindAccount } from './bind-account.js';
import type { ReasonCode } from './reasons.js';
import type { SignedServiceRecord } from './registry.js';
import { openRecord } from './open-record.js';
import { recordOutcome } from './status.js';

const C = SignedService.columns;

export async function onSignedServiceSaved(hint: DataverseHint, deps: SignedServiceDeps): Promise<SignedServiceRecord> {
  const existing = await deps.registry.get(hint.organizationId, hint.rowId);
  const fail = (reason: ReasonCode, org?: DataverseOrg) => recordOutcome(deps, { hint, existing, state: 'failed', reason, org });

  let creds = credentialsFrom(hint.attributes, existing, deps.secretBox);
  if (!creds) return fail('missing-fields', previousOrg(existing, deps));
  let checked = await check(creds, hint, deps);
  if ('reason' in checked) return fail(checked.reason, previousOrg(existing, deps));

  // Re-read the row with the org's own user: the values that count are the ones stored in Dataverse.
  let row: Record<string, unknown> | undefined;
  try {
    row = await checked.org.retrieve(SignedService.entitySetName, hint.rowId);
  } catch (err) {
    const reason = reasonFor(err); // e.g. no privilege to read Signed Services: the Relay role is missing
    if (!reason) throw err;
    return fail(reason, previousOrg(existing, deps));
  }
  if (!row) {
    deps.logger.warn('signed service hint for a row that does not exist; ignored', { organizationId: hint.organizationId });
    return existing ?? (await fail('missing-fields'));
  }
  const storedSecret = text(row[C.ClientSecret]);
  if (storedSecret && storedSecret !== creds.clientSecret) {
    // The row holds a newer secret than the hint (or the hint lied): check that one instead.
    creds = { ...creds, clientSecret: storedSecret };
    checked = await check(creds, hint, deps);
    if ('reason' in checked) return fail(checked.reason, previousOrg(existing, deps));
  }
  const org = checked.org;

  if (row[C.AgreementAccepted] !== true) {
    const revoking = existing?.state === 'connected';
    return recordOutcome(deps, { hint, existing, org, row, state: revoking ? 'revoked' : 'pending', reason: revoking ? 'revoked' : 'agreement-not-accepted' });
  }
  const appid = text(row[C.AppId]);
  if (!appid) return fail('missing-fields', org);
  const outcome = await bindAccount({ hint, existing, row, appid, org, creds }, deps);
  if ('reason' in outcome) return fail(outcome.reason, org);
  return outcome.record;
}

type Checked = { org: DataverseOrg } | { reason: ReasonCode };

async function check(creds: OrgCredentials, hint: DataverseHint, deps: SignedServiceDeps): Promise<Checked> {
  try {
    const org = deps.gateway.open(creds);
    const who = await org.whoAmI();
    if (who.organizationId.toLowerCase() !== hint.organizationId) return { reason: 'environment-mismatch' };
    return { org };
  } catch (err) {
    const reason = reasonFor(err);
    if (!reason) throw err; // temporary: the task is retried
    return { reason };
  }
}

/** The org as reached with the credentials the relay already held (to write a Failed status with them). */
function previousOrg(existing: SignedServiceRecord | undefined, deps: SignedServiceDeps): DataverseOrg | undefined {
  return existing ? openRecord(existing, deps) : undefined;
}
