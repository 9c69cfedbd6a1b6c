/**
 * Records a Signed Service's outcome: in the relay (always: the status endpoint reads it, and routing depends
 * on it) and in the row (when there are credentials that can write it). Revoking or failing deletes the held
 * secret and the account binding: nothing more is written to that org.
 */
import { ConnectionStatus, SignedService } from '../../../../solution/generated/schema.js';
import type { Clock } from '../../wechat/tokens/ports.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { SignedServiceDeps } from './deps.js';
import { REASONS, type ReasonCode } from './reasons.js';
import type { SignedServiceRecord, SignedServiceState } from './registry.js';

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
  // The secret and the binding go first: whatever happens next, this org gets nothing more.
  await deps.registry.put(record);
  if (existing?.authorizerAppid) {
    await deps.registry.unbind(existing.authorizerAppid, { organizationId: hint.organizationId, signedServiceId: hint.rowId });
  }
  if (org) {
    try {
      await writeRowStatus(org, hint.rowId, { state, reason, blank: state === 'revoked' ? filledSecrets(row) : [] }, deps.clock);
    } catch (err) {
      deps.logger.warn('could not write the signed service status to the row', { organizationId: hint.organizationId, reason, error: err instanceof Error ? err.name : 'unknown' });
    }
  }
  deps.logger.warn(`signed service ${state}`, { organizationId: hint.organizationId, reason });
  return record;
}

export async function writeRowStatus(
  org: DataverseOrg,
  rowId: string,
  status: { state: SignedServiceState; reason: ReasonCode; officialAccountId?: string; blank: string[] },
  clock: Clock,
): Promise<void> {
  const text = REASONS[status.reason];
  const data: Record<string, unknown> = {
    [C.ConnectionStatus]: STATUS[status.state],
    [C.StatusReasonCode]: status.reason,
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
