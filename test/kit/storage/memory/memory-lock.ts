/**
 * In-memory RefreshLock: one holder per key inside this process, with the same bounded acquire loop
 * (and LockTimeoutError) as the blob-lease lock. Timeouts are measured on the injected Clock.
 */
import type { RefreshLock } from '../../../../functions/src/wechat/tokens/ports.js';
import { acquireWithBackoff, type BackoffOptions } from '../../../../functions/src/storage/acquire-with-backoff.js';
import { requireKey } from '../../../../functions/src/storage/validate.js';

export type MemoryLockOptions = BackoffOptions;

export class MemoryLock implements RefreshLock {
  readonly #held = new Set<string>();
  readonly #options: MemoryLockOptions;

  constructor(options: MemoryLockOptions = {}) {
    this.#options = { initialDelayMs: 5, maxDelayMs: 100, ...options };
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    requireKey('lock key', key);
    await acquireWithBackoff(key, async () => (this.#held.has(key) ? undefined : (this.#held.add(key), true)), this.#options);
    try {
      return await fn();
    } finally {
      this.#held.delete(key);
    }
  }

  isHeld(key: string): boolean {
    return this.#held.has(key);
  }
}
