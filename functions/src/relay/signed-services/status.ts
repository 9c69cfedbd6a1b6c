/**
 * Records a Signed Service's outcome: in the relay (always: the status endpoint reads it, and routing depends
 * on it) and in the row (when there are credentials that can write it). Revoking or failing deletes the held
 * secret and the account bindings: nothing more is written to that org. "Change not applied" is the opposite:
 * the connection stays exactly as it was, only the reason says what the admin's change ran into.
 */
import { ConnectionStatus, SignedService } from '@wxm/solution/schema';
import type { Clock } from '../../kernel/clock.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { SignedServiceDeps } from './deps.js';
import { reasonCode, reasonText, type ReasonCode } from './reasons.js';
import { accountsOf, type SignedServiceRecord, type SignedServiceState } from '../ports/signed-services.js';

const C = SignedService.columns;

const STATUS: Record<SignedServiceState, ConnectionStatus> = {
  connected: ConnectionStatus.Connected,
  failed: ConnectionStatus.Failed,
  pending: ConnectionStatus.Pending,
  revoked: ConnectionStatus.Revoked,
};

export async function recordOutcome(
  deps: SignedServiceDeps,
  input: {
    hint: DataverseHint;
    existing: SignedServiceRecord | undefined;
    state: Exclude<SignedServiceState, 'connected'>;
    reason: ReasonCode;
    org?: DataverseOrg | undefined;
    /** The row as re-read, when it was: only non-empty secret columns are blanked. */
    row?: Record<string, unknown>;
  },
): Promise<SignedServiceRecord> {
  const { hint, existing, state, reason, org, row } = input;
  const record: SignedServiceRecord = {
    organizationId: hint.organizationId,
    signedServiceId: hint.rowId,
    state,
    reason,
    ...(existing?.environmentUrl && { environmentUrl: existing.environmentUrl }),
    ...(existing?.cloud && { cloud: existing.cloud }),
    ...(existing?.tenantId && { tenantId: existing.tenantId }),
    ...(existing?.clientId && { clientId: existing.clientId }),
    updatedAt: deps.clock.now(),
  };
  // The secret and the bindings go first: whatever happens next, this org gets nothing more.
  await deps.registry.put(record);
  for (const account of accountsOf(existing)) {
    await deps.registry.unbind(account.appid, { organizationId: hint.organizationId, signedServiceId: hint.rowId });
  }
  await deps.statuses.clear(hint.organizationId, hint.rowId);
  if (org) await tryWriteRowStatus(org, hint, { state, reason, blank: state === 'revoked' ? filledSecrets(row) : [] }, deps);
  deps.logger.warn(`signed service ${state}`, { organizationId: hint.organizationId, reason });
  return record;
}

/**
 * The row asked for a change that failed (new credentials that do not work, a binding token that is not valid
 * for this org…). Binding, held secret and Connected stay as they were; the row (written with the credentials
 * that still work) and the status endpoint say "change not applied: <why>". The row is otherwise left as the
 * admin saved it (nothing blanked: a blanking write would fire the step again and read as "the change was
 * withdrawn"), so the status always describes the row as it is against what the relay holds; correcting or
 * clearing the field settles it.
 */
export async function recordChangeNotApplied(
  deps: SignedServiceDeps,
  input: { hint: DataverseHint; existing: SignedServiceRecord; changeReason: ReasonCode; org: DataverseOrg | undefined },
): Promise<SignedServiceRecord> {
  const { hint, existing, changeReason, org } = input;
  const record: SignedServiceRecord = { ...existing, reason: 'change-not-applied', changeReason, updatedAt: deps.clock.now() };
  await deps.registry.put(record);
  if (org) await tryWriteRowStatus(org, hint, { state: 'connected', reason: 'change-not-applied', changeReason, blank: [] }, deps);
  deps.logger.warn('signed service change not applied; the connection is unchanged', { organizationId: hint.organizationId, reason: changeReason });
  return record;
}

async function tryWriteRowStatus(org: DataverseOrg, hint: DataverseHint, status: RowStatus, deps: SignedServiceDeps): Promise<void> {
  try {
    await writeRowStatus(org, hint.rowId, status, deps.clock);
  } catch (err) {
    deps.logger.warn('could not write the signed service status to the row', {
      organizationId: hint.organizationId,
      reason: status.reason,
      error: err instanceof Error ? err.name : 'unknown',
    });
  }
}

export interface RowStatus {
  state: SignedServiceState;
  reason: ReasonCode;
  changeReason?: ReasonCode;
  officialAccountId?: string;
  blank: string[];
}

export async function writeRowStatus(org: DataverseOrg, rowId: string, status: RowStatus, clock: Clock): Promise<void> {
  const text = reasonText(status.reason, status.changeReason);
  const data: Record<string, unknown> = {
    [C.ConnectionStatus]: STATUS[status.state],
    [C.StatusReasonCode]: reasonCode(status.reason, status.changeReason),
    [C.StatusReasonEn]: text.en,
    [C.StatusReasonZh]: text.zh,
    [C.LastCheckedOn]: new Date(clock.now()).toISOString(),
  };
  // The relay keeps the secret sealed on its side; Dataverse keeps none. The binding token is used up.
  for (const column of status.blank) data[column] = null;
  if (status.officialAccountId) data[`${SignedService.navigation.OfficialAccountId}@odata.bind`] = `/wxm_officialaccounts(${status.officialAccountId})`;
  await org.update(SignedService.entitySetName, rowId, data);
}

/**
 * The secret columns that still hold a value. Only those are blanked: writing a column the webhook step filters
 * on fires the step again, so re-blanking an empty column would echo forever.
 */
export function filledSecrets(row: Record<string, unknown> | undefined): string[] {
  if (!row) return [C.ClientSecret, C.BindingToken];
  return [C.ClientSecret, C.BindingToken].filter((c) => typeof row[c] === 'string' && row[c] !== '');
}
