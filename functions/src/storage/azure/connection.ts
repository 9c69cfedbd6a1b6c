/**
 * SDK clients from one connection string (a real account's, `UseDevelopmentStorage=true`, or an explicit
 * Azurite string with http endpoints: data-tables refuses http unless `allowInsecureConnection` is set), or from
 * an identity: the three service URIs and a Microsoft Entra token credential (storage-identity.ts), for an account
 * whose shared keys are off.
 * Docs: https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string
 *       https://learn.microsoft.com/azure/storage/common/authorize-data-access#understand-authorization-for-data-operations
 */
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient, StorageSharedKeyCredential } from '@azure/storage-queue';
import type { TokenCredential } from '@azure/identity';
import { StorageError } from '../errors.js';
import { asciiJsonBodyPolicy, countTableRequestsPolicy, tableDeadlinePolicy } from './request-policies.js';

/** What the clients are built from: a connection string, or service URIs with a token credential. */
export type StorageAccess = string | IdentityAccess;

export interface IdentityAccess {
  uris: { blob: string; queue: string; table: string };
  credential: TokenCredential;
}

export function requireConnectionString(connectionString: string | undefined): string {
  if (!connectionString || !connectionString.includes('=')) {
    throw new StorageError('invalid-config', 'storage connection string is missing or malformed (AzureWebJobsStorage)');
  }
  return connectionString;
}

/** True for emulator strings, whose endpoints are plain http. */
export function usesHttp(connectionString: string): boolean {
  return (
    /(^|;)\s*UseDevelopmentStorage\s*=\s*true/i.test(connectionString) ||
    /(^|;)\s*DefaultEndpointsProtocol\s*=\s*http\s*(;|$)/i.test(connectionString) ||
    /(^|;)\s*(Table|Queue|Blob)Endpoint\s*=\s*http:/i.test(connectionString)
  );
}

/**
 * Retries kept short on purpose: a callback must be stored or refused (5xx, so WeChat retries) well inside
 * WeChat's 5-second deadline. The SDK defaults retry for tens of seconds, so a storage outage would make
 * WeChat give up on a connection we later half-answer. Two quick tries, then the error surfaces, and every call
 * has a deadline on top (request-policies.ts: a policy for Tables, `storageDeadline()` per Queue/Blob call,
 * because `tryTimeoutInMs` is only sent to the server as `timeout=` and a frozen connection never answers).
 */
const TABLE_RETRY = { maxRetries: 1, retryDelayInMs: 100, maxRetryDelayInMs: 400 };
const STORAGE_RETRY = { maxTries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 400, tryTimeoutInMs: 2_000 };

const TABLE_POLICIES = () => [
  { policy: tableDeadlinePolicy(), position: 'perCall' as const },
  { policy: asciiJsonBodyPolicy, position: 'perCall' as const },
  { policy: countTableRequestsPolicy, position: 'perRetry' as const },
];

export function tableClient(access: StorageAccess, tableName: string): TableClient {
  if (typeof access !== 'string') {
    return new TableClient(access.uris.table, tableName, access.credential, { retryOptions: TABLE_RETRY, additionalPolicies: TABLE_POLICIES() });
  }
  return TableClient.fromConnectionString(requireConnectionString(access), tableName, {
    allowInsecureConnection: usesHttp(access),
    retryOptions: TABLE_RETRY,
    additionalPolicies: TABLE_POLICIES(),
  });
}

export function queueServiceClient(access: StorageAccess): QueueServiceClient {
  if (typeof access !== 'string') return new QueueServiceClient(access.uris.queue, access.credential, { retryOptions: STORAGE_RETRY });
  return QueueServiceClient.fromConnectionString(requireConnectionString(access), { retryOptions: STORAGE_RETRY });
}

/**
 * What authorizes the requests StorageQueue sends itself (put-message.ts): the identity's credential, or the shared
 * key the SDK made from the connection string when it built `service` (every form the SDK accepts, Azurite's
 * `UseDevelopmentStorage=true` too, parsed once, by the SDK). Undefined for a SAS connection string (its signature
 * is in every client's URL) and should the SDK stop keeping the credential there: StorageQueue then keeps the SDK's
 * own call (put-message.test.ts fails if that happens to the relay's queues).
 */
export function queueAuthOf(access: StorageAccess, service: QueueServiceClient): StorageSharedKeyCredential | TokenCredential | undefined {
  if (typeof access !== 'string') return access.credential;
  // `credential` is the SDK's protected field on every Storage client; read, never written.
  const made: unknown = Reflect.get(service, 'credential');
  return made instanceof StorageSharedKeyCredential ? made : undefined;
}

export function blobServiceClient(access: StorageAccess): BlobServiceClient {
  if (typeof access !== 'string') return new BlobServiceClient(access.uris.blob, access.credential, { retryOptions: STORAGE_RETRY });
  return BlobServiceClient.fromConnectionString(requireConnectionString(access), { retryOptions: STORAGE_RETRY });
}
