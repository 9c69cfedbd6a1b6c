/**
 * SDK clients from one connection string: a real account's, `UseDevelopmentStorage=true`, or an explicit
 * Azurite string with http endpoints (data-tables refuses http unless `allowInsecureConnection` is set).
 * Docs: https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string
 */
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { StorageError } from '../errors.js';

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

export function tableClient(connectionString: string, tableName: string): TableClient {
  return TableClient.fromConnectionString(requireConnectionString(connectionString), tableName, {
    allowInsecureConnection: usesHttp(connectionString),
  });
}

export function queueServiceClient(connectionString: string): QueueServiceClient {
  return QueueServiceClient.fromConnectionString(requireConnectionString(connectionString));
}

export function blobServiceClient(connectionString: string): BlobServiceClient {
  return BlobServiceClient.fromConnectionString(requireConnectionString(connectionString));
}
