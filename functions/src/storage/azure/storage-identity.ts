/**
 * The token credential for an identity-based storage connection, chosen as the Functions host chooses its own
 * for `AzureWebJobsStorage__*`: `__credential=managedidentity` means the app's managed identity and nothing else
 * (with `__clientId`, the user-assigned one); otherwise DefaultAzureCredential's chain, which on Azure ends at the
 * same managed identity and on a developer's machine uses `az login` (AZURE_CLOUD picks the sign-in authority, so
 * the chain asks login.chinacloudapi.cn for an Azure China account).
 * Tokens are for `https://storage.azure.com/.default`, the storage SDKs' default scope, in both clouds.
 * Docs: https://learn.microsoft.com/javascript/api/@azure/identity/defaultazurecredential
 *       https://learn.microsoft.com/azure/azure-functions/functions-reference#common-properties-for-identity-based-connections
 */
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { AZURE_CLOUDS, type StorageSettings } from '../../config/storage-settings.js';
import type { IdentityAccess, StorageAccess } from './connection.js';

type IdentitySettings = Extract<StorageSettings, { kind: 'identity' }>;

export function storageCredential(settings: IdentitySettings): TokenCredential {
  if (settings.credential === 'managedidentity') {
    return settings.clientId ? new ManagedIdentityCredential({ clientId: settings.clientId }) : new ManagedIdentityCredential();
  }
  return new DefaultAzureCredential({
    authorityHost: AZURE_CLOUDS[settings.cloud].authorityHost,
    ...(settings.clientId && { managedIdentityClientId: settings.clientId }),
  });
}

/** What the storage clients are built from; `credential` replaces the chosen one (tests, tools with their own). */
export function storageAccess(settings: StorageSettings, credential?: TokenCredential): StorageAccess {
  if (settings.kind === 'connection-string') return settings.connectionString;
  const access: IdentityAccess = { uris: settings.uris, credential: credential ?? storageCredential(settings) };
  return access;
}
