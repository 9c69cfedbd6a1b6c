/** In-memory KeyValueStore with the Table one's semantics (expiry read as absence). */
import type { Clock } from '../../../../functions/src/kernel/clock.js';
import type { KeyValueStore } from '../../../../functions/src/relay/ports/storage.js';

export class MemoryKeyValueStore implements KeyValueStore {
  readonly #rows = new Map<string, { value: string; expiresAt?: number }>();

  constructor(private readonly clock: Clock) {}

  async get(key: string): Promise<string | undefined> {
    return this.#live(key);
  }

  async put(key: string, value: string, expiresAt?: number): Promise<void> {
    this.#rows.set(key, { value, ...(expiresAt !== undefined && { expiresAt }) });
  }

  async putIfAbsent(key: string, value: string, expiresAt?: number): Promise<boolean> {
    // Check and set without an await in between: concurrent callers must not all see "absent".
    if (this.#live(key) !== undefined) return false;
    this.#rows.set(key, { value, ...(expiresAt !== undefined && { expiresAt }) });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.#rows.delete(key);
  }

  #live(key: string): string | undefined {
    const row = this.#rows.get(key);
    if (!row || (row.expiresAt !== undefined && row.expiresAt <= this.clock.now())) return undefined;
    return row.value;
  }
}
