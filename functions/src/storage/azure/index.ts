/** Azure Storage (Tables, Queues, Blob leases) implementations of the storage ports. */
export { BlobLeaseLock, type BlobLeaseLockOptions } from './blob-lease-lock.js';
export { blobServiceClient, queueServiceClient, tableClient, usesHttp } from './connection.js';
export { createAzureStorage, type AzureStorage, type AzureStorageOptions } from './create-azure-storage.js';
export { storageNames, type StorageNames } from './names.js';
export { StorageQueue } from './storage-queue.js';
export { TableAuthorizerRegistry } from './table-authorizer-registry.js';
export { TableDeliveryLedger, type TableDeliveryLedgerOptions } from './table-delivery-ledger.js';
export { decodeTableKey, encodeTableKey } from './table-keys.js';
export { TableAuthorizerRefreshTokenStore } from './table-refresh-token-store.js';
export { TableTokenStore, type TableTokenStoreOptions } from './table-token-store.js';
export { TableVerifyTicketStore } from './table-verify-ticket-store.js';
