/**
 * `app.storageQueue` triggers: polls the queue, base64-decodes each message, JSON-parses it when it is JSON,
 * and calls the handler with the host's trigger metadata. Success deletes the message; failure makes it visible
 * again after host.json `visibilityTimeout` (default 0) so it is retried; after `maxDequeueCount` (default 5)
 * failed attempts it moves to `<queue>-poison`. Empty polls back off exponentially up to `maxPollMs`.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 *       https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#polling-algorithm
 */
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import { decodeQueueText, parseQueuePayload } from '../../functions/src/storage/queue-codec.js';
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
    const { deps, queueName, registration, batchSize } = this.#o;
    const inFlight = new Set<Promise<void>>();
    let idleMs = 0;
    while (this.#running) {
      // Like the host's newBatchThreshold: fetch more only when there is room, so one slow message does not
      // stop the others, and never more than batchSize at once.
      if (inFlight.size >= batchSize) {
        await Promise.race(inFlight);
        continue;
      }
      // Memoised once the queue exists; until then (storage not up yet) keep trying at the slowest poll rate.
      const queue = await this.#ready(queueName);
      if (!queue) {
        await this.#sleep(this.#o.maxPollMs);
        continue;
      }
      let received: DequeuedMessageItem[] = [];
      try {
        received = (
          await queue.receiveMessages({
            numberOfMessages: batchSize - inFlight.size,
            visibilityTimeout: this.#o.processingVisibilitySeconds,
          })
        ).receivedMessageItems;
      } catch (err) {
        deps.log('warning', `queue "${queueName}" poll for ${registration.name} failed: ${describeError(err)}`);
      }
      for (const item of received) {
        const running = this.#process(queue, item)
          .catch((err: unknown) => deps.log('error', `queue "${queueName}": ${describeError(err)}`))
          .finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
      idleMs = received.length > 0 ? 0 : Math.min(this.#o.maxPollMs, Math.max(50, idleMs * 2));
      if (idleMs > 0) await this.#sleep(idleMs);
    }
    await Promise.all(inFlight);
  }

  async #process(queue: QueueClient, item: DequeuedMessageItem): Promise<void> {
    const { deps, registration, maxDequeueCount } = this.#o;
    // Already past the limit (e.g. the process died mid-invocation too often): poison without running it.
    if (item.dequeueCount > maxDequeueCount) return this.#poison(queue, item, item.popReceipt);
    const lease = this.#keepHidden(queue, item);
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
      await queue.deleteMessage(item.messageId, await lease.end());
    } catch (err) {
      const popReceipt = await lease.end();
      const cause = err instanceof InvocationFailed ? err.cause : err;
      const id = err instanceof InvocationFailed ? ` (${err.invocationId})` : '';
      deps.log('error', `${registration.name} failed${id}, attempt ${item.dequeueCount}/${maxDequeueCount}: ${describeError(cause)}`);
      if (item.dequeueCount >= maxDequeueCount) return this.#poison(queue, item, popReceipt);
      await queue
        .updateMessage(item.messageId, popReceipt, undefined, this.#o.retryVisibilitySeconds)
        .catch((e: unknown) => deps.log('warning', `could not release message for retry: ${describeError(e)}`));
    }
  }

  /**
   * Like the host, keeps a message invisible while its handler runs longer than the visibility timeout, by
   * updating it at half the timeout. Each update returns a new pop receipt, which later calls must use.
   */
  #keepHidden(queue: QueueClient, item: DequeuedMessageItem): { end(): Promise<string> } {
    let popReceipt = item.popReceipt;
    let pending: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      pending = queue
        .updateMessage(item.messageId, popReceipt, undefined, this.#o.processingVisibilitySeconds)
        .then((r) => (popReceipt = r.popReceipt ?? popReceipt))
        .catch((e: unknown) => this.#o.deps.log('warning', `could not extend message visibility: ${describeError(e)}`));
    }, (this.#o.processingVisibilitySeconds * 1000) / 2);
    return {
      async end() {
        clearInterval(timer);
        await pending;
        return popReceipt;
      },
    };
  }

  async #poison(queue: QueueClient, item: DequeuedMessageItem, popReceipt: string): Promise<void> {
    const poisonName = `${this.#o.queueName}-poison`;
    const poison = await this.#ready(poisonName);
    if (!poison) return;
    await poison.sendMessage(item.messageText);
    await queue.deleteMessage(item.messageId, popReceipt);
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
