/**
 * How the relay reaches Azure Storage, read from the same settings the Functions host reads for its own
 * `AzureWebJobsStorage` connection, so one set of app settings serves the host's triggers and the relay's clients:
 *
 * - a connection string in `AzureWebJobsStorage` (Azurite, or an account key where shared keys are still allowed);
 * - or an identity-based connection: `AzureWebJobsStorage__accountName`, or the three service URIs
 *   `AzureWebJobsStorage__blobServiceUri` / `__queueServiceUri` / `__tableServiceUri`, with `__credential`
 *   (`managedidentity`) and `__clientId` (a user-assigned identity) as the host defines them.
 *
 * An account name alone gives the public cloud's endpoints unless `AZURE_CLOUD` says `AzureChinaCloud`
 * (core.chinacloudapi.cn). Partial settings are refused naming what is missing: a relay that silently fell back to
 * another account (or to none) would lose callbacks.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity
 *       https://learn.microsoft.com/azure/china/resources-developer-guide (endpoints of Azure operated by 21Vianet)
 */
import * as check from './checks.js';
import { SettingsError } from './settings-error.js';

export type AzureCloudName = 'AzureCloud' | 'AzureChinaCloud';

/** The storage endpoint suffix and Microsoft Entra authority of each cloud. */
export const AZURE_CLOUDS: Record<AzureCloudName, { storageSuffix: string; authorityHost: string }> = {
  AzureCloud: { storageSuffix: 'core.windows.net', authorityHost: 'https://login.microsoftonline.com' },
  AzureChinaCloud: { storageSuffix: 'core.chinacloudapi.cn', authorityHost: 'https://login.chinacloudapi.cn' },
};

export interface StorageServiceUris {
  blob: string;
  queue: string;
  table: string;
}

export type StorageSettings =
  | { kind: 'connection-string'; connectionString: string }
  | {
      kind: 'identity';
      cloud: AzureCloudName;
      /** Set when the URIs were derived from it (or given beside them). */
      accountName: string | undefined;
      uris: StorageServiceUris;
      /** `managedidentity` pins the managed identity credential; unset means DefaultAzureCredential's chain. */
      credential: 'managedidentity' | undefined;
      /** Client id of a user-assigned managed identity; unset means the system-assigned one. */
      clientId: string | undefined;
    };

type Env = Record<string, string | undefined>;

const PREFIX = 'AzureWebJobsStorage__';
const SERVICES = ['blob', 'queue', 'table'] as const;
const uriSetting = (service: (typeof SERVICES)[number]) => `${PREFIX}${service}ServiceUri`;

export function azureCloud(env: Env): AzureCloudName {
  const value = env.AZURE_CLOUD?.trim() || 'AzureCloud';
  if (value !== 'AzureCloud' && value !== 'AzureChinaCloud') throw new SettingsError('AZURE_CLOUD', 'must be AzureCloud or AzureChinaCloud');
  return value;
}

/** The storage connection from the environment, or a SettingsError naming the setting that is missing or wrong. */
export function loadStorageSettings(env: Env): StorageSettings {
  const get = (name: string) => env[name]?.trim() || undefined;
  const connectionString = get('AzureWebJobsStorage');
  const accountName = get(`${PREFIX}accountName`);
  const given = SERVICES.filter((s) => get(uriSetting(s)) !== undefined);
  const identityBased = accountName !== undefined || given.length > 0;

  if (connectionString !== undefined) {
    if (identityBased) {
      throw new SettingsError('AzureWebJobsStorage', `must not be set together with ${PREFIX}* (pick the connection string or the identity)`);
    }
    return { kind: 'connection-string', connectionString: check.connectionString('AzureWebJobsStorage', connectionString) };
  }
  if (!identityBased) {
    throw new SettingsError('AzureWebJobsStorage', `is required but not set (or set ${PREFIX}accountName for an identity-based connection)`);
  }

  const cloud = azureCloud(env);
  if (accountName !== undefined && !/^[a-z0-9]{3,24}$/.test(accountName)) {
    throw new SettingsError(`${PREFIX}accountName`, 'must be a storage account name (3–24 lower-case letters and digits)');
  }
  if (accountName === undefined && given.length < SERVICES.length) {
    const missing = SERVICES.filter((s) => !given.includes(s)).map(uriSetting);
    throw new SettingsError(missing[0]!, `is required when ${PREFIX}accountName is not set (missing: ${missing.join(', ')})`);
  }
  const uri = (service: (typeof SERVICES)[number]): string => {
    const value = get(uriSetting(service));
    if (value !== undefined) return serviceUri(uriSetting(service), value);
    return `https://${accountName}.${service}.${AZURE_CLOUDS[cloud].storageSuffix}`;
  };

  const credential = get(`${PREFIX}credential`);
  if (credential !== undefined && credential.toLowerCase() !== 'managedidentity') {
    throw new SettingsError(`${PREFIX}credential`, 'must be managedidentity when set');
  }
  const clientId = get(`${PREFIX}clientId`);
  if (clientId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)) {
    throw new SettingsError(`${PREFIX}clientId`, 'must be the client id (a GUID) of a user-assigned managed identity');
  }
  return {
    kind: 'identity',
    cloud,
    accountName,
    uris: { blob: uri('blob'), queue: uri('queue'), table: uri('table') },
    credential: credential === undefined ? undefined : 'managedidentity',
    clientId,
  };
}

/** A bearer token must never travel in clear text, and a SAS in the URI would be a secret in an app setting. */
function serviceUri(name: string, value: string): string {
  const url = check.baseUrl(name, value);
  if (!url.startsWith('https://')) throw new SettingsError(name, 'must be an https URL (tokens are never sent over http)');
  return url;
}
