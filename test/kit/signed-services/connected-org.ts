/**
 * An emulator org recorded as a Signed Service connect leaves it in the relay's registry: connected, the relay's
 * application user's secret sealed, and each account bound to this org. For tests of the use cases that open the
 * org of a hint (relay/signed-services/org-of-hint.ts) without running a connect first.
 */
import { randomUUID } from 'node:crypto';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import type { OrgCredentials } from '../../../functions/src/dataverse/types.js';
import type { BoundAccountRef, SignedServiceRecord, SignedServiceRegistry } from '../../../functions/src/relay/ports/signed-services.js';
import type { SecretBox } from '../../../functions/src/relay/ports/storage.js';
import { credentialsFor } from '../dataverse/org-under-test.js';

export async function connectOrg(
  registry: SignedServiceRegistry,
  dv: DataverseEmulator,
  secretBox: SecretBox,
  accounts: BoundAccountRef[],
  /** `bind: false`: the record lists the accounts (a claim) but the registry binds them elsewhere or nowhere. */
  options: { signedServiceId?: string; credentials?: OrgCredentials; updatedAt?: number; bind?: boolean } = {},
): Promise<SignedServiceRecord> {
  const creds = options.credentials ?? credentialsFor(dv);
  const record: SignedServiceRecord = {
    organizationId: dv.organizationId,
    signedServiceId: options.signedServiceId ?? randomUUID(),
    state: 'connected',
    reason: 'connected',
    environmentUrl: creds.environmentUrl,
    cloud: creds.cloud,
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: secretBox.seal(creds.clientSecret),
    accounts,
    updatedAt: options.updatedAt ?? 0,
  };
  await registry.put(record);
  if (options.bind === false) return record;
  for (const { appid, officialAccountId } of accounts)
    await registry.bind(appid, { organizationId: dv.organizationId, signedServiceId: record.signedServiceId, officialAccountId });
  return record;
}
