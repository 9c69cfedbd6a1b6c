/**
 * What the composition root opens once per process, lazily (see storage/open-once.ts): every storage port from
 * the one storage factory, and the relay objects built on them (authorization state signer, binding tokens,
 * pre_auth_codes). Construction only: no logic lives here.
 */
import type { RelaySettings } from '../config/settings.js';
import type { DataverseGateway } from '../dataverse/types.js';
import type { Clock } from '../kernel/clock.js';
import { BindingTokens } from '../relay/authorization/binding-tokens.js';
import { PreAuthCodes } from '../relay/authorization/pre-auth-codes.js';
import { AuthorizationState } from '../relay/authorization/state.js';
import type { SecretBox } from '../relay/ports/storage.js';
import { createAzureStorage } from '../storage/azure/create-azure-storage.js';
import type { RelayStorage } from '../storage/relay-storage.js';

export interface RelayOptions {
  /** Use these ports instead of Azure Storage (unit tests pass createMemoryStorage(), maybe with one port replaced). */
  storage?: RelayStorage;
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
  gateway: DataverseGateway;
  secretBox: SecretBox;
  state: AuthorizationState;
  bindingTokens: BindingTokens;
  /** pre_auth_codes kept per original ID in the shared key-value store (every instance hands out the same). */
  preAuthCodes: PreAuthCodes;
}

export interface ProcessParts {
  clock: Clock;
  secretBox: SecretBox;
  gateway: DataverseGateway;
}

export async function openRuntime(settings: RelaySettings, options: RelayOptions, parts: ProcessParts): Promise<RelayRuntime> {
  const { clock, secretBox } = parts;
  const storage =
    options.storage ?? (await createAzureStorage(settings.storage, { secretBox, clock, ...(options.namePrefix && { namePrefix: options.namePrefix }) }));
  return {
    ...parts,
    storage,
    state: new AuthorizationState(settings.secretKey, clock),
    bindingTokens: new BindingTokens(storage.kv, clock),
    preAuthCodes: new PreAuthCodes(storage.kv, clock),
  };
}
