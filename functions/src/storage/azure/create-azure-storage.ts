/**
 * Builds every storage port of the relay on one Azure Storage account (or Azurite), reached by a connection string
 * or by an identity (settings from config/storage-settings.ts), and creates the tables and the locks
 * container idempotently (createTable / createIfNotExists are no-ops when they exist). Queues are created on
 * first use by StorageQueue.
 */
import type { SecretBox } from '../../relay/ports/storage.js';
import type { Logger } from '../../relay/ports/logger.js';
import { systemClock, type Clock } from '../../kernel/clock.js';
import type { BackoffOptions } from '../acquire-with-backoff.js';
import { StorageUnavailableError } from '../errors.js';
import type { RelayStorage } from '../relay-storage.js';
import { BlobLeaseLock } from './blob-lease-lock.js';
import type { TokenCredential } from '@azure/identity';
import type { StorageSettings } from '../../config/storage-settings.js';
import { blobServiceClient, queueAuthOf, queueServiceClient, requireConnectionString, tableClient, type StorageAccess } from './connection.js';
import { storageAccess } from './storage-identity.js';
import { storageNames, type StorageNames } from './names.js';
import { storageDeadline } from './request-policies.js';
import { StorageQueue } from './storage-queue.js';
import { TableAuthorizerRegistry } from './table-authorizer-registry.js';
import { isNotFound } from './table-errors.js';
import { TableKeyValueStore } from './table-key-value-store.js';
import { TableParkedDeliveries } from './table-parked-deliveries.js';
import { TableAuthorizerRefreshTokenStore } from './table-refresh-token-store.js';
import { TableSignedServiceRegistry } from './table-signed-service-registry.js';
import { TableTokenStore } from './table-token-store.js';
import { TableVerifyTicketStore } from './table-verify-ticket-store.js';

export interface AzureStorageOptions {
  secretBox: SecretBox;
  /** Time source for expiries (default: system clock). */
  clock?: Clock;
  /** Lower-case prefix for every table, container and queue name (test isolation). Default none. */
  namePrefix?: string;
  lock?: BackoffOptions & { leaseSeconds?: number; renewEveryMs?: number };
  /** Receives lock renew/release warnings. */
  logger?: Logger;
  /** For an identity-based connection: use this credential instead of the one the settings choose. */
  credential?: TokenCredential;
}

export interface AzureStorage extends RelayStorage {
  tokens: TableTokenStore;
  refreshLock: BlobLeaseLock;
  verifyTickets: TableVerifyTicketStore;
  refreshTokens: TableAuthorizerRefreshTokenStore;
  authorizers: TableAuthorizerRegistry;
  kv: TableKeyValueStore;
  signedServices: TableSignedServiceRegistry;
  parked: TableParkedDeliveries;
  queue<T>(name: string): StorageQueue<T>;
  /** The physical names in use (tables, container, queue name mapping). */
  names: StorageNames;
}

/** `connection`: a connection string, or the loaded storage settings (either kind). */
export async function createAzureStorage(connection: string | StorageSettings, options: AzureStorageOptions): Promise<AzureStorage> {
  const access: StorageAccess = typeof connection === 'string' ? requireConnectionString(connection) : storageAccess(connection, options.credential);
  const names = storageNames(options.namePrefix);
  const clock = options.clock ?? systemClock;
  const table = (name: string) => tableClient(access, name);
  const tables = {
    tokens: table(names.tables.tokens),
    verifyTickets: table(names.tables.verifyTickets),
    refreshTokens: table(names.tables.refreshTokens),
    authorizers: table(names.tables.authorizers),
    keyValues: table(names.tables.keyValues),
    signedServices: table(names.tables.signedServices),
    parkedDeliveries: table(names.tables.parkedDeliveries),
  };
  const container = blobServiceClient(access).getContainerClient(names.locksContainer);
  const queueService = queueServiceClient(access);
  const queueAuth = queueAuthOf(access, queueService);

  try {
    await Promise.all([...Object.values(tables).map((t) => t.createTable()), container.createIfNotExists(storageDeadline())]);
  } catch (err) {
    throw new StorageUnavailableError('unavailable', `could not create storage tables/containers: ${describe(err)}`, {
      cause: err,
    });
  }

  const queues = new Map<string, StorageQueue<unknown>>();
  return {
    names,
    tokens: new TableTokenStore({ table: tables.tokens, secretBox: options.secretBox }),
    refreshLock: new BlobLeaseLock({ container, ...options.lock, ...(options.logger ? { logger: options.logger } : {}) }),
    verifyTickets: new TableVerifyTicketStore({ table: tables.verifyTickets }),
    refreshTokens: new TableAuthorizerRefreshTokenStore({ table: tables.refreshTokens, secretBox: options.secretBox }),
    authorizers: new TableAuthorizerRegistry({ table: tables.authorizers }),
    kv: new TableKeyValueStore(tables.keyValues, clock),
    signedServices: new TableSignedServiceRegistry(tables.signedServices),
    parked: new TableParkedDeliveries(tables.parkedDeliveries),
    queue<T>(name: string): StorageQueue<T> {
      let queue = queues.get(name);
      if (!queue) {
        queue = new StorageQueue<unknown>({
          client: queueService.getQueueClient(names.queue(name)),
          ...(queueAuth && { auth: queueAuth }),
        });
        queues.set(name, queue);
      }
      return queue as StorageQueue<T>;
    },
    async ping(): Promise<void> {
      try {
        await tables.tokens.getEntity('!ping', 'ping');
      } catch (err) {
        if (isNotFound(err)) return;
        throw new StorageUnavailableError('unavailable', `storage did not answer: ${describe(err)}`, { cause: err });
      }
    },
  };
}

function describe(err: unknown): string {
  const e = err as { statusCode?: number; code?: string; message?: string };
  return e.statusCode !== undefined ? `HTTP ${e.statusCode}${e.code ? ` ${e.code}` : ''}` : (e.code ?? 'network error');
}
