/** The customer's org as reached with the credentials the relay holds (sealed) for a connected Signed Service. */
import type { DataverseGateway, DataverseOrg } from '../../dataverse/types.js';
import type { SecretBox } from '../ports/storage.js';
import type { SignedServiceRecord } from '../ports/signed-services.js';

export function openRecord(record: SignedServiceRecord, deps: { gateway: DataverseGateway; secretBox: SecretBox }): DataverseOrg | undefined {
  if (!record.sealedSecret || !record.environmentUrl || !record.tenantId || !record.clientId) return undefined;
  return deps.gateway.open({
    environmentUrl: record.environmentUrl,
    cloud: record.cloud ?? 'Global',
    tenantId: record.tenantId,
    clientId: record.clientId,
    clientSecret: deps.secretBox.open(record.sealedSecret),
  });
}
