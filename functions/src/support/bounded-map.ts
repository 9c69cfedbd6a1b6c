/**
 * A Map with a ceiling: at most `maxEntries` (least recently used dropped first) and, with `ttlMs`, entries
 * forgotten after that long. Every per-org or per-credential map the relay keeps in memory is one of these, so
 * forged input naming invented orgs costs a bounded amount of memory however long it goes on.
 *
 * The least recently used key is found with one iterator kept across calls, not `keys().next()` each time: a Map
 * keeps deleted entries as holes until it rehashes, and a new iterator walks every hole before the first live key,
 * so with the oldest key deleted on every insert a full map of 50,000 (the callback path's recent keys) spent
 * 15 µs a `set`. The kept iterator passes each hole once. Nothing live is ever behind it: whatever it yielded was
 * deleted, and every insert (a re-inserted key too) lands after it.
 */
export interface BoundedMapOptions {
  maxEntries: number;
  /** Entries older than this are treated as absent (and dropped when met). */
  ttlMs?: number;
  /** Epoch milliseconds; tests pass a manual clock. */
  now?: () => number;
}

export class BoundedMap<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number | undefined;
  private readonly now: () => number;
  /** Insertion-order iterator whose next key is the least recently used (see above); undefined once done. */
  private oldest: Iterator<K> | undefined;

  constructor(options: BoundedMapOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.ttlMs !== undefined && this.now() - entry.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert: Map keeps insertion order, so the first key is always the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    while (this.entries.size > this.maxEntries) this.dropOldest();
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.oldest = undefined;
  }

  private dropOldest(): void {
    this.oldest ??= this.entries.keys();
    let next = this.oldest.next();
    // A Map iterator that once said done says it forever, even after inserts: start a new one.
    if (next.done) next = (this.oldest = this.entries.keys()).next();
    if (!next.done) this.entries.delete(next.value);
  }
}
