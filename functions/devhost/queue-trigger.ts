/**
 * `app.storageQueue` triggers: polls the queue, base64-decodes each message, JSON-parses it when it is JSON,
 * and calls the handler with the host's trigger metadata. Success deletes the message; failure makes it visible
 * again after host.json `visibilityTimeout` (default 0) so it is retried; after `maxDequeueCount` (default 5)
 * failed attempts it moves to `<queue>-poison`. Empty polls back off exponentially up to `maxPollMs`.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 *       https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#polling-algorithm
 */
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import { decodeQueueText, parseQueuePayload } from '../src/storage/queue-codec.js';
import { invoke, InvocationFailed, type InvokeDeps } from './invoke.js';
import { describeError } from './log.js';
import type { FunctionRegistration } from './registrations.js';

export interface QueuePollerOptions {
  registration: FunctionRegistration;
  connectionString: string;
  queueName: string;
  deps: InvokeDeps;
  maxDequeueCount: number;
  batchSize: number;
  /** How long a received message stays hidden while the handler runs. */
  processingVisibilitySeconds: number;
  /** How long a failed message stays hidden before its retry. */
  retryVisibilitySeconds: number;
  maxPollMs: number;
}

export class QueuePoller {
  readonly #o: QueuePollerOptions;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: QueuePollerOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops polling and waits for in-flight invocations to finish. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { deps, queueName, registration } = this.#o;
    let idleMs = 0;
    while (this.#running) {
      let received: DequeuedMessageItem[] = [];
      // Memoised once the queue exists; until then (storage not up yet) keep trying at the slowest poll rate.
      const queue = await this.#ready(queueName);
      if (!queue) {
        await this.#sleep(this.#o.maxPollMs);
        continue;
      }
      try {
        received = (
          await queue.receiveMessages({
            numberOfMessages: this.#o.batchSize,
            visibilityTimeout: this.#o.processingVisibilitySeconds,
          })
        ).receivedMessageItems;
        await Promise.all(received.map((item) => this.#process(queue, item)));
      } catch (err) {
        deps.log('warning', `queue "${queueName}" poll for ${registration.name} failed: ${describeError(err)}`);
      }
      idleMs = received.length > 0 ? 0 : Math.min(this.#o.maxPollMs, Math.max(50, idleMs * 2));
      if (idleMs > 0) await this.#sleep(idleMs);
    }
  }

  async #process(queue: QueueClient, item: DequeuedMessageItem): Promise<void> {
    const { deps, registration, maxDequeueCount } = this.#o;
    // Already past the limit (e.g. the process died mid-invocation too often): poison without running it.
    if (item.dequeueCount > maxDequeueCount) return this.#poison(queue, item);
    try {
      const text = decodeQueueText(item.messageText);
      await invoke(registration, parseQueuePayload(text), deps, {
        id: item.messageId,
        queueTrigger: text,
        dequeueCount: item.dequeueCount,
        insertionTime: item.insertedOn.toISOString(),
        expirationTime: item.expiresOn.toISOString(),
        nextVisibleTime: item.nextVisibleOn.toISOString(),
        popReceipt: item.popReceipt,
      });
      await queue.deleteMessage(item.messageId, item.popReceipt);
    } catch (err) {
      const cause = err instanceof InvocationFailed ? err.cause : err;
      const id = err instanceof InvocationFailed ? ` (${err.invocationId})` : '';
      deps.log('error', `${registration.name} failed${id}, attempt ${item.dequeueCount}/${maxDequeueCount}: ${describeError(cause)}`);
      if (item.dequeueCount >= maxDequeueCount) return this.#poison(queue, item);
      await queue
        .updateMessage(item.messageId, item.popReceipt, undefined, this.#o.retryVisibilitySeconds)
        .catch((e: unknown) => deps.log('warning', `could not release message for retry: ${describeError(e)}`));
    }
  }

  async #poison(queue: QueueClient, item: DequeuedMessageItem): Promise<void> {
    const poisonName = `${this.#o.queueName}-poison`;
    const poison = await this.#ready(poisonName);
    if (!poison) return;
    await poison.sendMessage(item.messageText);
    await queue.deleteMessage(item.messageId, item.popReceipt);
    this.#o.deps.log('warning', `message ${item.messageId} moved to "${poisonName}" after ${item.dequeueCount} attempts`);
  }

  async #ready(name: string): Promise<QueueClient | undefined> {
    try {
      return await this.#o.deps.queues.ready(this.#o.connectionString, name);
    } catch (err) {
      this.#o.deps.log('error', `queue "${name}" unavailable for ${this.#o.registration.name}: ${describeError(err)}`);
      return undefined;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
