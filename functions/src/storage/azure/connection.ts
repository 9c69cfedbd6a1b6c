/**
 * SDK clients from one connection string: a real account's, `UseDevelopmentStorage=true`, or an explicit
 * Azurite string with http endpoints (data-tables refuses http unless `allowInsecureConnection` is set).
 * Docs: https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string
 */
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { StorageError } from '../errors.js';
import { asciiJsonBodyPolicy, countTableRequestsPolicy, tableDeadlinePolicy } from './request-policies.js';

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

export function tableClient(connectionString: string, tableName: string): TableClient {
  return TableClient.fromConnectionString(requireConnectionString(connectionString), tableName, {
    allowInsecureConnection: usesHttp(connectionString),
    retryOptions: TABLE_RETRY,
    additionalPolicies: [
      { policy: tableDeadlinePolicy(), position: 'perCall' },
      { policy: asciiJsonBodyPolicy, position: 'perCall' },
      { policy: countTableRequestsPolicy, position: 'perRetry' },
    ],
  });
}

export function queueServiceClient(connectionString: string): QueueServiceClient {
  return QueueServiceClient.fromConnectionString(requireConnectionString(connectionString), { retryOptions: STORAGE_RETRY });
}

export function blobServiceClient(connectionString: string): BlobServiceClient {
  return BlobServiceClient.fromConnectionString(requireConnectionString(connectionString), { retryOptions: STORAGE_RETRY });
}
