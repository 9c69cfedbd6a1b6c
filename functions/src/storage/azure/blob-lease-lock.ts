/**
 * RefreshLock on a blob lease: one empty blob per lock key in the locks container; holding its lease is holding
 * the lock across every relay instance. Acquire retries with capped backoff until `acquireTimeoutMs`, then throws
 * LockTimeoutError (never spins forever). While `fn` runs the lease is renewed every leaseSeconds/3, so a slow
 * refresh keeps it; the lease is always released afterwards, and if this process dies it lapses by itself after
 * `leaseSeconds`.
 * Docs: https://learn.microsoft.com/rest/api/storageservices/lease-blob (15–60 s leases, 409 LeaseAlreadyPresent)
 */
import type { BlobLeaseClient, ContainerClient } from '@azure/storage-blob';
import type { Logger } from '../../relay/ports/logger.js';
import type { RefreshLock } from '../../wechat/tokens/ports.js';
import { acquireWithBackoff, type BackoffOptions } from '../acquire-with-backoff.js';
import { StorageError } from '../errors.js';
import { requireKey } from '../validate.js';
import { storageDeadline } from './request-policies.js';
import { isConflict } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';

export interface BlobLeaseLockOptions extends BackoffOptions {
  container: ContainerClient;
  /** Lease duration, 15–60 s (Azure's limits). Default 15. */
  leaseSeconds?: number;
  /** How often to renew while fn runs. Default leaseSeconds * 1000 / 3. */
  renewEveryMs?: number;
  /** Where renew/release failures are reported (they do not fail fn, whose result is already decided). */
  logger?: Logger;
}

export class BlobLeaseLock implements RefreshLock {
  readonly #container: ContainerClient;
  readonly #leaseSeconds: number;
  readonly #renewEveryMs: number;
  readonly #backoff: BackoffOptions;
  readonly #logger: Logger | undefined;
  readonly #ensured = new Set<string>();

  constructor(options: BlobLeaseLockOptions) {
    const { container, leaseSeconds = 15, renewEveryMs, logger, ...backoff } = options;
    if (!Number.isInteger(leaseSeconds) || leaseSeconds < 15 || leaseSeconds > 60) {
      throw new StorageError('invalid-config', 'leaseSeconds must be an integer from 15 to 60');
    }
    this.#container = container;
    this.#leaseSeconds = leaseSeconds;
    this.#renewEveryMs = renewEveryMs ?? Math.floor((leaseSeconds * 1000) / 3);
    this.#backoff = backoff;
    this.#logger = logger;
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const blobName = `${encodeTableKey(requireKey('lock key', key))}.lock`;
    const blob = this.#container.getBlockBlobClient(blobName);
    await this.#ensureBlob(blobName);
    const lease = blob.getBlobLeaseClient();
    await acquireWithBackoff(key, () => this.#tryAcquire(lease), this.#backoff);

    let renewing: Promise<unknown> = Promise.resolve();
    const renewer = setInterval(() => {
      renewing = lease.renewLease(storageDeadline()).catch((err: unknown) => {
        this.#logger?.warn('lock lease renewal failed', { lock: key, error: describe(err) });
      });
    }, this.#renewEveryMs);
    try {
      return await fn();
    } finally {
      clearInterval(renewer);
      await renewing; // a renewal still in flight must not land after the release
      await lease.releaseLease(storageDeadline()).catch((err: unknown) => {
        // The lease lapses by itself after leaseSeconds; fn's outcome matters more than this.
        this.#logger?.warn('lock lease release failed', { lock: key, error: describe(err) });
      });
    }
  }

  async #tryAcquire(lease: BlobLeaseClient): Promise<true | undefined> {
    try {
      await lease.acquireLease(this.#leaseSeconds, storageDeadline());
      return true;
    } catch (err) {
      if (isConflict(err)) return undefined; // LeaseAlreadyPresent: someone else holds it
      throw err;
    }
  }

  async #ensureBlob(blobName: string): Promise<void> {
    if (this.#ensured.has(blobName)) return;
    try {
      // If-None-Match: * creates it once; an existing (possibly leased) blob answers 409/412, which is fine.
      await this.#container.getBlockBlobClient(blobName).upload('', 0, { conditions: { ifNoneMatch: '*' }, ...storageDeadline() });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 409 && status !== 412) throw err;
    }
    this.#ensured.add(blobName);
  }
}

function describe(err: unknown): string {
  const e = err as { statusCode?: number; code?: string; name?: string };
  return [e.name, e.statusCode, e.code].filter((x) => x !== undefined).join(' ');
}
