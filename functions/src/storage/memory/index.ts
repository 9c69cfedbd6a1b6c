/** In-memory implementations of every storage port (unit tests of use cases). */
export { createMemoryStorage, type MemoryStorage, type MemoryStorageOptions } from './create-memory-storage.js';
export { ManualClock } from './manual-clock.js';
export { MemoryAuthorizerRegistry } from './memory-authorizer-registry.js';
export { MemoryDeliveryLedger, type MemoryDeliveryLedgerOptions } from './memory-delivery-ledger.js';
export { MemoryLock, type MemoryLockOptions } from './memory-lock.js';
export { MemoryQueue } from './memory-queue.js';
export { MemoryAuthorizerRefreshTokenStore } from './memory-refresh-token-store.js';
export { MemoryTokenStore } from './memory-token-store.js';
export { MemoryVerifyTicketStore } from './memory-verify-ticket-store.js';
