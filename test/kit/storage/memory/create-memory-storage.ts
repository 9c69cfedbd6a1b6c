/**
 * All ports in memory, for unit tests of the use cases. Same semantics as `createAzureStorage`; time comes from
 * the injected clock (a ManualClock by default) so TTLs and lock timeouts can be driven exactly.
 */
import type { SecretBox } from '../../../../functions/src/relay/ports/storage.js';
import type { Clock } from '../../../../functions/src/kernel/clock.js';
import type { BackoffOptions } from '../../../../functions/src/storage/acquire-with-backoff.js';
import type { RelayStorage } from '../../../../functions/src/storage/relay-storage.js';
import { AesGcmSecretBox, generateSecretKey } from '../../../../functions/src/storage/secret-box.js';
import { ManualClock } from './manual-clock.js';
import { MemoryAuthorizerRegistry } from './memory-authorizer-registry.js';
import { MemoryKeyValueStore } from './memory-key-value-store.js';
import { MemoryParkedDeliveries } from './memory-parked-deliveries.js';
import { MemoryLock } from './memory-lock.js';
import { MemoryQueue } from './memory-queue.js';
import { MemoryAuthorizerRefreshTokenStore } from './memory-refresh-token-store.js';
import { MemorySignedServiceRegistry } from './memory-signed-service-registry.js';
import { MemoryTokenStore } from './memory-token-store.js';
import { MemoryVerifyTicketStore } from './memory-verify-ticket-store.js';

export interface MemoryStorageOptions {
  /** Defaults to a new ManualClock. */
  clock?: Clock;
  /** Defaults to an AES-256-GCM box with a random key. */
  secretBox?: SecretBox;
  /** Acquire timeout/backoff of the memory lock; its clock defaults to `clock`. */
  lock?: BackoffOptions;
}

export interface MemoryStorage extends RelayStorage {
  clock: Clock;
  secretBox: SecretBox;
  tokens: MemoryTokenStore;
  refreshLock: MemoryLock;
  verifyTickets: MemoryVerifyTicketStore;
  refreshTokens: MemoryAuthorizerRefreshTokenStore;
  authorizers: MemoryAuthorizerRegistry;
  kv: MemoryKeyValueStore;
  signedServices: MemorySignedServiceRegistry;
  parked: MemoryParkedDeliveries;
  queue<T>(name: string): MemoryQueue<T>;
}

export function createMemoryStorage(options: MemoryStorageOptions = {}): MemoryStorage {
  const clock = options.clock ?? new ManualClock();
  const secretBox = options.secretBox ?? new AesGcmSecretBox(generateSecretKey());
  const queues = new Map<string, MemoryQueue<unknown>>();
  return {
    clock,
    secretBox,
    tokens: new MemoryTokenStore({ secretBox }),
    refreshLock: new MemoryLock({ clock, ...options.lock }),
    verifyTickets: new MemoryVerifyTicketStore(),
    refreshTokens: new MemoryAuthorizerRefreshTokenStore({ secretBox }),
    authorizers: new MemoryAuthorizerRegistry(),
    kv: new MemoryKeyValueStore(clock),
    signedServices: new MemorySignedServiceRegistry(),
    parked: new MemoryParkedDeliveries(),
    queue<T>(name: string): MemoryQueue<T> {
      let queue = queues.get(name);
      if (!queue) queues.set(name, (queue = new MemoryQueue<unknown>(name)));
      return queue as MemoryQueue<T>;
    },
    async ping(): Promise<void> {},
  };
}
