/**
 * In-memory Queue<T>. Messages go through the same encoding as StorageQueue (JSON + base64, 64 KiB limit),
 * so what a test reads back is exactly what a queue trigger would receive.
 */
import type { Queue } from '../../../../functions/src/relay/ports/storage.js';
import { decodeQueueText, encodeQueueMessage, parseQueuePayload } from '../../../../functions/src/storage/queue-codec.js';

export class MemoryQueue<T> implements Queue<T> {
  readonly #messages: string[] = [];

  constructor(readonly name: string) {}

  /** Delays are recorded, not waited for: tests read them from `delays`. */
  readonly delays: number[] = [];

  async enqueue(message: T, options: { delaySeconds?: number } = {}): Promise<void> {
    this.#messages.push(encodeQueueMessage(message));
    this.delays.push(options.delaySeconds ?? 0);
  }

  async depth(): Promise<number> {
    return this.#messages.length;
  }

  /** Removes and returns the oldest message, as a trigger would receive it. */
  take(): T | undefined {
    const text = this.#messages.shift();
    return text === undefined ? undefined : (parseQueuePayload(decodeQueueText(text)) as T);
  }

  /** Removes and returns every waiting message, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    for (let m = this.take(); m !== undefined; m = this.take()) out.push(m);
    return out;
  }

  /** The waiting messages without removing them. */
  peekAll(): T[] {
    return this.#messages.map((text) => parseQueuePayload(decodeQueueText(text)) as T);
  }
}
