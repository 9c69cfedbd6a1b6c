/**
 * Stores a working connection: the record (secret sealed, every account bound through this Signed Service),
 * the row's status Connected with the secret and token blanked, and the parked messages of newly bound accounts
 * back on the queue.
 */
import { SignedService } from '@wxm/solution/schema';
import type { DataverseOrg, OrgCredentials } from '../../dataverse/types.js';
import type { DataverseHint } from '../webhook/hint.js';
import { text } from './credentials.js';
import type { SignedServiceDeps } from './deps.js';
import type { ReasonCode } from './reasons.js';
import type { BoundAccountRef, SignedServiceRecord } from '../ports/signed-services.js';
import { filledSecrets, writeRowStatus } from './status.js';

const C = SignedService.columns;

export interface ConnectedInput {
  hint: DataverseHint;
  creds: OrgCredentials;
  org: DataverseOrg;
  row: Record<string, unknown>;
  accounts: BoundAccountRef[];
  /** The account the row names, when bound. */
  named: BoundAccountRef | undefined;
  /** Accounts bound just now (their parked messages are released). */
  fresh: string[];
  /** Part of the change failed (e.g. the new appid's token): the rest is applied and the row says why. */
  changeReason?: ReasonCode;
}

export async function storeConnected(input: ConnectedInput, deps: SignedServiceDeps): Promise<SignedServiceRecord> {
  const { hint, creds, org, row, accounts, named, fresh, changeReason } = input;
  const contact = text(row[C.ContactMatchColumn]);
  const record: SignedServiceRecord = {
    organizationId: hint.organizationId,
    signedServiceId: hint.rowId,
    state: 'connected',
    reason: changeReason ? 'change-not-applied' : 'connected',
    ...(changeReason && { changeReason }),
    environmentUrl: creds.environmentUrl,
    cloud: creds.cloud,
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: deps.secretBox.seal(creds.clientSecret),
    accounts,
    ...(named && { authorizerAppid: named.appid, officialAccountId: named.officialAccountId }),
    ...(contact && { contactMatchColumn: contact }),
    updatedAt: deps.clock.now(),
  };
  await deps.registry.put(record);
  await deps.statuses.clear(hint.organizationId, hint.rowId);
  await writeRowStatus(
    org,
    hint.rowId,
    {
      state: 'connected',
      reason: record.reason,
      ...(changeReason && { changeReason }),
      ...(named && { officialAccountId: named.officialAccountId }),
      blank: filledSecrets(row),
    },
    deps.clock,
  );
  let released = 0;
  for (const appid of fresh) released += await deps.releaseParked(appid);
  deps.logger.info('signed service connected', {
    organizationId: hint.organizationId,
    accounts: accounts.length,
    ...(named && { authorizerAppid: named.appid }),
    released,
  });
  return record;
}
