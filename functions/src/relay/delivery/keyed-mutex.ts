/**
 * Runs tasks with the same key one after another (in arrival order) and tasks with different keys in parallel.
 * The worker keys by follower: two messages of one follower in the same process never race on that follower's
 * row; across processes the row's ETag does the same job (a stale write gets 412 and is redone).
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}
