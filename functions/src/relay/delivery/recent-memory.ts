/** What delivery remembers lately (contact checks, reported problems, missing codes): key → time, bounded. */
import { BoundedMap } from '../../support/bounded-map.js';

/**
 * A bounded memory of key → time, least recently used forgotten first (a BoundedMap: dropping the oldest key of a
 * plain Map by `keys().next()` walks every deleted hole before it, support/bounded-map.ts says why).
 */
export class RecentMemory {
  readonly #entries: BoundedMap<string, number>;
  constructor(readonly capacity = 10_000) {
    this.#entries = new BoundedMap({ maxEntries: capacity });
  }
  get(key: string): number | undefined {
    return this.#entries.get(key);
  }
  set(key: string, at: number): void {
    this.#entries.set(key, at);
  }
  delete(key: string): void {
    this.#entries.delete(key);
  }
}
