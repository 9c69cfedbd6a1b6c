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

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
const DEVELOPMENT_ACCOUNT = { name: 'devstoreaccount1', key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==' };

/**
 * What authorizes the requests StorageQueue sends itself (put-message.ts): the identity's credential, or the
 * account key a connection string names (`UseDevelopmentStorage=true`: Azurite's). Undefined for a SAS
 * connection string: its signature is in every client's URL.
 */
export function queueAuthOf(access: StorageAccess): StorageSharedKeyCredential | TokenCredential | undefined {
  if (typeof access !== 'string') return access.credential;
  const parts = new Map<string, string>();
  for (const part of access.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  if (parts.get('usedevelopmentstorage')?.toLowerCase() === 'true') return new StorageSharedKeyCredential(DEVELOPMENT_ACCOUNT.name, DEVELOPMENT_ACCOUNT.key);
  const name = parts.get('accountname');
  const key = parts.get('accountkey');
  return name && key ? new StorageSharedKeyCredential(name, key) : undefined;
}

export function blobServiceClient(access: StorageAccess): BlobServiceClient {
  if (typeof access !== 'string') return new BlobServiceClient(access.uris.blob, access.credential, { retryOptions: STORAGE_RETRY });
  return BlobServiceClient.fromConnectionString(requireConnectionString(access), { retryOptions: STORAGE_RETRY });
}
