/** Storage adapters for the relay's ports: Azure Storage in production and local runs, memory in unit tests. */
export * from './azure/index.js';
export * from './errors.js';
export { DEFAULT_LEDGER_TTL_MS, DEFAULT_PENDING_TIMEOUT_MS, type LedgerOptions } from './ledger-policy.js';
export * from './memory/index.js';
export { decodeQueueText, encodeQueueMessage, encodeQueueText, parseQueuePayload } from './queue-codec.js';
export type { RelayStorage } from './relay-storage.js';
export { AesGcmSecretBox, createSecretBox, decodeSecretKey, generateSecretKey } from './secret-box.js';
