/**
 * Process-wide state of the relay: the storage ports (Azure Storage by default), the shared key-value store,
 * the Signed Service registry, parked deliveries, the Dataverse gateway, the authorization state signer and
 * the binding tokens. Opened once, reused by every invocation.
 */
import type { RelaySettings } from '../config/settings.js';
import { createDataverseGateway } from '../dataverse/index.js';
import type { DataverseGateway } from '../dataverse/types.js';
import { AuthorizationState } from '../relay/authorization/state.js';
import { BindingTokens } from '../relay/authorization/binding-tokens.js';
import { PreAuthCodes } from '../relay/authorization/pre-auth-codes.js';
import type { ParkedDeliveries } from '../relay/delivery/ports.js';
import type { KeyValueStore, SecretBox } from '../relay/ports.js';
import type { SignedServiceRegistry } from '../relay/signed-services/registry.js';
import { createAzureStorage } from '../storage/azure/create-azure-storage.js';
import { tableClient } from '../storage/azure/connection.js';
import { TableKeyValueStore } from '../storage/azure/table-key-value-store.js';
import { TableParkedDeliveries } from '../storage/azure/table-parked-deliveries.js';
import { TableSignedServiceRegistry } from '../storage/azure/table-signed-service-registry.js';
import type { RelayStorage } from '../storage/relay-storage.js';
import { AesGcmSecretBox } from '../storage/secret-box.js';
import { systemClock, type Clock } from '../kernel/clock.js';

export interface RuntimeOptions {
  /** Use these ports instead of Azure Storage (unit tests pass memory storage). */
  storage?: RelayStorage;
  kv?: KeyValueStore;
  signedServices?: SignedServiceRegistry;
  parked?: ParkedDeliveries;
  gateway?: DataverseGateway;
  clock?: Clock;
  /** fetch used for WeChat's APIs (tests may count or fail calls). */
  fetch?: typeof fetch;
  /** Prefix for table/queue/container names (test isolation on a shared Azurite). */
  namePrefix?: string;
}

export interface RelayRuntime {
  clock: Clock;
  storage: RelayStorage;
  kv: KeyValueStore;
  signedServices: SignedServiceRegistry;
  parked: ParkedDeliveries;
  gateway: DataverseGateway;
  secretBox: SecretBox;
  state: AuthorizationState;
  bindingTokens: BindingTokens;
  /** pre_auth_codes kept per original ID in the shared key-value store (every instance hands out the same). */
  preAuthCodes: PreAuthCodes;
}

export async function openRuntime(settings: RelaySettings, options: RuntimeOptions): Promise<RelayRuntime> {
  const clock = options.clock ?? systemClock;
  const secretBox = new AesGcmSecretBox(settings.secretKey.toString('base64'));
  const prefix = options.namePrefix ?? '';
  const storage =
    options.storage ??
    (await createAzureStorage(settings.storageConnectionString, { secretBox, clock, ...(prefix && { namePrefix: prefix }) }));
  const table = async (name: string) => {
    const client = tableClient(settings.storageConnectionString, `${prefix}${name}`);
    await client.createTable();
    return client;
  };
  const kv = options.kv ?? new TableKeyValueStore(await table('WxmKeyValues'), clock);
  return {
    clock,
    storage,
    kv,
    signedServices: options.signedServices ?? new TableSignedServiceRegistry(await table('WxmSignedServices')),
    parked: options.parked ?? new TableParkedDeliveries(await table('WxmParkedDeliveries')),
    gateway:
      options.gateway ??
      createDataverseGateway({
        ...(settings.dataverseLoginBase && { loginBaseOverride: settings.dataverseLoginBase }),
        // The one door to Dataverse: only *.crm*.dynamics.com|cn, plus the exact origins the sandbox/tests name.
        orgOrigins: { extraOrigins: settings.allowedOrgOrigins },
      }),
    secretBox,
    state: new AuthorizationState(settings.secretKey, clock),
    bindingTokens: new BindingTokens(kv, clock),
    preAuthCodes: new PreAuthCodes(kv, clock),
  };
}
