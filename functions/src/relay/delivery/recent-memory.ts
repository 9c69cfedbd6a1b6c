/** What delivery remembers lately (contact checks, reported problems, missing codes): key → time, bounded. */
/** A bounded memory of key → time, oldest forgotten first. */
export class RecentMemory {
  readonly #entries = new Map<string, number>();
  constructor(readonly capacity = 10_000) {}
  get(key: string): number | undefined {
    return this.#entries.get(key);
  }
  set(key: string, at: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, at);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }
  delete(key: string): void {
    this.#entries.delete(key);
  }
}
