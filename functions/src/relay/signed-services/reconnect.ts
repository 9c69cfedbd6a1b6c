/**
 * A hint about a Signed Service the relay is connected to. The hint only says "look again": the row is re-read
 * with the HELD credentials, and every value comes from that row. Held credentials are never combined with a
 * hint's URL or tenant. New credentials in the row (a rotated secret the admin typed) are tried and must pass
 * WhoAmI for this same org; if they fail, or the row asks for an account without a valid token, the connection
 * stays exactly as it was (binding, held secret, status Connected) and the row says "change not applied: …".
 * So a forged Update (even with the org's key and a wrong secret) unbinds nothing, drops nothing, fails nothing.
 * Only the row itself can revoke: the agreement unticked, as re-read with working credentials.
 */
import { ConnectionStatus, SignedService } from '@wxm/solution/schema';
import type { DataverseOrg, OrgCredentials } from '../../dataverse/types.js';
import { SEALED_SECRET } from '../webhook/tables.js';
import type { DataverseHint } from '../webhook/hint.js';
import { claimAccount } from './bind-account.js';
import { checkCredentials, readRow } from './check.js';
import { reasonFor } from './classify.js';
import { storeConnected } from './connected.js';
import { heldCredentials, normalizeEnvironmentUrl, rowCredentials, sameCredentials, text } from './credentials.js';
import type { SignedServiceDeps } from './deps.js';
import type { ReasonCode } from './reasons.js';
import { accountsOf, type SignedServiceRecord } from '../ports/signed-services.js';
import { filledSecrets, recordChangeNotApplied, recordOutcome, writeRowStatus } from './status.js';

const C = SignedService.columns;

interface Reached {
  org: DataverseOrg;
  creds: OrgCredentials;
  row: Record<string, unknown> | undefined;
}

export async function reconnect(hint: DataverseHint, existing: SignedServiceRecord, deps: SignedServiceDeps): Promise<SignedServiceRecord> {
  const held = heldCredentials(existing, deps.secretBox);
  const notApplied = (changeReason: ReasonCode, org?: DataverseOrg) => recordChangeNotApplied(deps, { hint, existing, changeReason, org });
  if (!held) return notApplied('missing-fields');

  let reached = await readWith(held, hint.rowId, deps);
  let changed = false;
  if ('reason' in reached) {
    // The held credentials stopped working (an expired secret): the admin may have typed the new one.
    const rotated = await rotateFromHint(hint, held, existing.organizationId, deps);
    if (!rotated) return notApplied(reached.reason);
    reached = rotated;
    changed = true;
  }
  const { row } = reached;
  if (!row) {
    deps.logger.warn('signed service hint for a row that does not exist; a Delete hint revokes', { organizationId: hint.organizationId });
    return existing;
  }
  let current = { org: reached.org, creds: reached.creds };
  const wanted = rowCredentials(row, current.creds);
  if (!wanted) return notApplied('missing-fields', current.org);
  if (!sameCredentials(wanted, current.creds)) {
    const checked = await checkCredentials(wanted, existing.organizationId, deps);
    if ('reason' in checked) return notApplied(checked.reason, current.org);
    current = checked;
    changed = true;
  }

  if (row[C.AgreementAccepted] !== true) return recordOutcome(deps, { hint, existing, org: current.org, row, state: 'revoked', reason: 'revoked' });

  let accounts = accountsOf(existing);
  const appid = text(row[C.AppId]);
  const fresh: string[] = [];
  let accountReason: ReasonCode | undefined;
  if (appid && !accounts.some((a) => a.appid === appid)) {
    const origin = normalizeEnvironmentUrl(current.creds.environmentUrl) ?? '';
    const claim = await claimAccount(
      { organizationId: existing.organizationId, signedServiceId: existing.signedServiceId, appid, row, org: current.org, origin },
      deps,
    );
    if ('reason' in claim) accountReason = claim.reason;
    else {
      // Accounts bound earlier through this Signed Service stay bound: this one joins them.
      accounts = [...accounts, claim.account];
      fresh.push(appid);
    }
  }
  const contactChanged = (text(row[C.ContactMatchColumn]) ?? undefined) !== existing.contactMatchColumn;
  if (!changed && !fresh.length && !contactChanged) {
    if (accountReason) return notApplied(accountReason, current.org);
    return settle(hint, existing, current.org, row, deps);
  }
  const named = accounts.find((a) => a.appid === appid) ?? accounts.find((a) => a.appid === existing.authorizerAppid);
  return storeConnected(
    { hint, creds: current.creds, org: current.org, row, accounts, named, fresh, ...(accountReason && { changeReason: accountReason }) },
    deps,
  );
}

/**
 * Nothing changed against what the relay holds. A "change not applied" is over (the admin corrected or cleared
 * the field): say Connected again. Otherwise the row is left alone unless its status lags the record (a status
 * write that failed) or it holds the held secret again, typed unchanged: then the status is written back.
 */
async function settle(
  hint: DataverseHint,
  existing: SignedServiceRecord,
  org: DataverseOrg,
  row: Record<string, unknown>,
  deps: SignedServiceDeps,
): Promise<SignedServiceRecord> {
  const blank = filledSecrets(row);
  if (existing.reason !== 'connected') {
    const { changeReason: _settled, ...rest } = existing;
    const record: SignedServiceRecord = { ...rest, reason: 'connected', updatedAt: deps.clock.now() };
    await deps.registry.put(record);
    await writeRowStatus(org, hint.rowId, { state: 'connected', reason: 'connected', blank }, deps.clock);
    return record;
  }
  if (!blank.length && row[C.ConnectionStatus] === ConnectionStatus.Connected && row[C.StatusReasonCode] === 'connected') return existing;
  await writeRowStatus(org, hint.rowId, { state: 'connected', reason: 'connected', blank }, deps.clock);
  return existing;
}

async function readWith(creds: OrgCredentials, rowId: string, deps: SignedServiceDeps): Promise<Reached | { reason: ReasonCode }> {
  let org: DataverseOrg;
  try {
    org = deps.gateway.open(creds);
  } catch (err) {
    const reason = reasonFor(err); // e.g. a held URL the allow list no longer accepts
    if (!reason) throw err;
    return { reason };
  }
  const read = await readRow(org, SignedService.entitySetName, rowId);
  return 'reason' in read ? read : { org, creds, row: read.row };
}

/**
 * Only the secret may come from the hint, only with the held URL, tenant and client id, and only if WhoAmI
 * answers this org and the row, re-read with it, holds that same secret.
 */
async function rotateFromHint(hint: DataverseHint, held: OrgCredentials, organizationId: string, deps: SignedServiceDeps): Promise<Reached | undefined> {
  const sealed = text(hint.attributes[SEALED_SECRET]);
  const secret = sealed ? deps.secretBox.open(sealed) : undefined;
  if (!secret || secret === held.clientSecret) return undefined;
  const checked = await checkCredentials({ ...held, clientSecret: secret }, organizationId, deps);
  if ('reason' in checked) return undefined;
  const read = await readRow(checked.org, SignedService.entitySetName, hint.rowId);
  if ('reason' in read || !read.row || text(read.row[C.ClientSecret]) !== secret) return undefined;
  return { org: checked.org, creds: checked.creds, row: read.row };
}
