/**
 * Binds an authorized account to a connected Signed Service: the binding token proves the admin who saved the
 * Signed Service also authorized the WeChat side (not needed again once bound). Then the account row is
 * written in the customer's org and the relay's record is stored with the secret sealed.
 */
import { SignedService } from '../../../../solution/generated/schema.js';
import type { DataverseOrg, OrgCredentials } from '../../dataverse/types.js';
import type { DataverseHint } from '../webhook/hint.js';
import { hostOf, upsertAccountRow } from './account-row.js';
import { text } from './credentials.js';
import type { SignedServiceDeps } from './deps.js';
import type { ReasonCode } from './reasons.js';
import type { SignedServiceRecord } from './registry.js';
import { filledSecrets, writeRowStatus } from './status.js';

const C = SignedService.columns;

export interface BindInput {
  hint: DataverseHint;
  existing: SignedServiceRecord | undefined;
  row: Record<string, unknown>;
  appid: string;
  org: DataverseOrg;
  creds: OrgCredentials;
}

export async function bindAccount(input: BindInput, deps: SignedServiceDeps): Promise<{ record: SignedServiceRecord } | { reason: ReasonCode }> {
  const { hint, existing, row, appid, org, creds } = input;
  const authorizer = await deps.authorizers.get(appid);
  if (!authorizer || authorizer.status !== 'authorized') return { reason: 'account-not-authorized' };

  const binding = { organizationId: hint.organizationId, signedServiceId: hint.rowId };
  const current = await deps.registry.bindingOf(appid);
  const alreadyBound = current?.organizationId === binding.organizationId && current.signedServiceId === binding.signedServiceId;
  const token = text(row[C.BindingToken]);
  if (!alreadyBound) {
    const grant = token ? await deps.bindingTokens.peek(token) : undefined;
    if (!grant || grant.authorizerAppid !== appid) return { reason: 'binding-token-invalid' };
    // A token issued from Start To Use in one org cannot bind another org.
    if (grant.orgUrl && hostOf(grant.orgUrl) !== hostOf(creds.environmentUrl)) return { reason: 'binding-token-invalid' };
  }

  const officialAccountId = await upsertAccountRow(org, authorizer, deps.clock);
  const record: SignedServiceRecord = {
    organizationId: hint.organizationId,
    signedServiceId: hint.rowId,
    state: 'connected',
    reason: 'connected',
    environmentUrl: creds.environmentUrl,
    cloud: creds.cloud,
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: deps.secretBox.seal(creds.clientSecret),
    authorizerAppid: appid,
    officialAccountId,
    ...(text(row[C.ContactMatchColumn]) && { contactMatchColumn: text(row[C.ContactMatchColumn]) }),
    updatedAt: deps.clock.now(),
  };
  await deps.registry.put(record);
  if (existing?.authorizerAppid && existing.authorizerAppid !== appid) await deps.registry.unbind(existing.authorizerAppid, binding);
  await deps.registry.bind(appid, { ...binding, officialAccountId });
  if (token) await deps.bindingTokens.consume(token);

  await writeRowStatus(org, hint.rowId, { state: 'connected', reason: 'connected', officialAccountId, blank: filledSecrets(row) }, deps.clock);
  const released = await deps.releaseParked(appid);
  deps.logger.info('signed service connected', { organizationId: hint.organizationId, authorizerAppid: appid, released });
  return { record };
}
