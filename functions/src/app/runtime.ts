/**
 * Process-wide state of the relay: the storage ports (Azure Storage by default), the shared key-value store,
 * the authorization state signer and the binding tokens. Opened once, reused by every invocation.
 */
import type { RelaySettings } from '../config/settings.js';
import { AuthorizationState } from '../relay/authorization/state.js';
import { BindingTokens } from '../relay/authorization/binding-tokens.js';
import type { KeyValueStore } from '../relay/ports.js';
import { createAzureStorage } from '../storage/azure/create-azure-storage.js';
import { tableClient } from '../storage/azure/connection.js';
import { TableKeyValueStore } from '../storage/azure/table-key-value-store.js';
import type { RelayStorage } from '../storage/relay-storage.js';
import { AesGcmSecretBox } from '../storage/secret-box.js';
import { systemClock, type Clock } from '../wechat/tokens/ports.js';

export interface RuntimeOptions {
  /** Use these ports instead of Azure Storage (unit tests pass memory storage). */
  storage?: RelayStorage;
  kv?: KeyValueStore;
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
  state: AuthorizationState;
  bindingTokens: BindingTokens;
}

export async function openRuntime(settings: RelaySettings, options: RuntimeOptions): Promise<RelayRuntime> {
  const clock = options.clock ?? systemClock;
  const storage =
    options.storage ??
    (await createAzureStorage(settings.storageConnectionString, {
      secretBox: new AesGcmSecretBox(settings.secretKey.toString('base64')),
      clock,
      ...(options.namePrefix && { namePrefix: options.namePrefix }),
    }));
  const kv = options.kv ?? (await tableKeyValueStore(settings, clock, options.namePrefix));
  return {
    clock,
    storage,
    kv,
    state: new AuthorizationState(settings.secretKey, clock),
    bindingTokens: new BindingTokens(kv, clock),
  };
}

async function tableKeyValueStore(settings: RelaySettings, clock: Clock, prefix = ''): Promise<KeyValueStore> {
  const table = tableClient(settings.storageConnectionString, `${prefix}WxmKeyValues`);
  await table.createTable();
  return new TableKeyValueStore(table, clock);
}
