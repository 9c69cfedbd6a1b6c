/**
 * Two customers of the relay, for the attack tests of the use cases that act on the org of a hint: two Dataverse
 * emulators, each with a connected Signed Service and an account row claiming the same WeChat account (the other
 * customer's Signed Service even lists it), bound by WeChat's authorization to "ours" only. Each org signs in at its
 * own tenant (emulatorAad), as the relay does; `orgs` is the production door (relay/signed-services/org-of-hint.ts).
 */
import { AccountType, EntitySets, OfficialAccount, VerificationType } from '@wxm/solution/schema';
import type { SchemaModel } from '../../../solution/src/model.js';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { createDataverseGateway } from '../../../functions/src/dataverse/gateway.js';
import type { DataverseGateway } from '../../../functions/src/dataverse/types.js';
import type { SecretBox } from '../../../functions/src/relay/ports/storage.js';
import { registryOrgs, type OrgDirectory } from '../../../functions/src/relay/signed-services/org-of-hint.js';
import { AesGcmSecretBox } from '../../../functions/src/storage/secret-box.js';
import { emulatorAad } from '../dataverse/aad-network.js';
import { Emulators, originOf } from '../dataverse/org-under-test.js';
import { connectOrg } from '../signed-services/connected-org.js';
import { MemorySignedServiceRegistry } from '../storage/memory/memory-signed-service-registry.js';

export interface Customer {
  dv: DataverseEmulator;
  organizationId: string;
  /** The wxm_officialaccount row naming the shared WeChat account. */
  accountId: string;
}

export interface TwoCustomers {
  ours: Customer;
  theirs: Customer;
  registry: MemorySignedServiceRegistry;
  secretBox: SecretBox;
  /** One gateway for both orgs (each signs in at its own tenant). */
  gateway: DataverseGateway;
  orgs: OrgDirectory;
}

export async function startTwoCustomers(
  emulators: Emulators,
  appid: string,
  options: { schema?: SchemaModel; account?: Record<string, unknown> } = {},
): Promise<TwoCustomers> {
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 7).toString('base64'));
  const registry = new MemorySignedServiceRegistry();
  const customer = async (bind: boolean): Promise<Customer> => {
    const dv = await emulators.start(options.schema ? { schema: options.schema } : {});
    const accountId = dv.insert(EntitySets.OfficialAccount, {
      [OfficialAccount.columns.AppId]: appid,
      [OfficialAccount.columns.Name]: 'Demo',
      [OfficialAccount.columns.AccountType]: AccountType.Service,
      [OfficialAccount.columns.VerificationType]: VerificationType.WeChat,
      ...options.account,
    });
    await connectOrg(registry, dv, secretBox, [{ appid, officialAccountId: accountId }], { bind });
    return { dv, organizationId: dv.organizationId, accountId };
  };
  const ours = await customer(true);
  const theirs = await customer(false);
  const gateway = createDataverseGateway({
    networkClient: emulatorAad([ours.dv, theirs.dv]),
    orgOrigins: { extraOrigins: [originOf(ours.dv), originOf(theirs.dv)] },
  });
  return { ours, theirs, registry, secretBox, gateway, orgs: registryOrgs({ registry, gateway, secretBox }) };
}
