/**
 * `app.storageQueue` triggers with the host's rules (host.json `extensions.queues`): a batch of `batchSize`
 * messages is received at once, and the next batch only when the messages still running drop to
 * `newBatchThreshold`; each is base64-decoded, JSON-parsed when it is JSON, and given the trigger metadata.
 * Success deletes it; a failure makes it visible again after `visibilityTimeout`; once `dequeueCount` reaches
 * `maxDequeueCount` it moves to `<queue>-poison`. Empty polls back off from 50 ms up to the longest poll wait.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue#host-json
 *       https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 */
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import { invoke, InvocationFailed, type InvokeDeps } from './invoke.js';
import { FunctionConcurrency, type HostHealth } from './dynamic-concurrency.js';
import { describeError } from './log.js';
import type { QueueFunction } from './registrations.js';

export interface QueueRules {
  batchSize: number;
  newBatchThreshold: number;
  maxDequeueCount: number;
  /** How long a failed message stays hidden before its retry. */
  retryVisibilitySeconds: number;
  /** How long a received message stays hidden while its handler runs (renewed at half-time). */
  processingVisibilitySeconds: number;
  maxPollMs: number;
}

export class QueuePoller {
  #running = true;
  #wake: (() => void) | undefined;
  readonly #loop: Promise<void>;

  constructor(
    private readonly fn: QueueFunction,
    private readonly rules: QueueRules,
    private readonly deps: InvokeDeps,
    /** host.json `concurrency.dynamicConcurrencyEnabled`: the host's health sets how many run (dynamic-concurrency.ts). */
    private readonly health?: HostHealth,
  ) {
    this.#loop = this.#run();
  }

  /** Stops polling and waits for the invocations still running. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { fn, rules, deps } = this;
    const inFlight = new Set<Promise<void>>();
    const dynamic =
      this.health &&
      new FunctionConcurrency(
        this.health,
        () => inFlight.size,
        () => this.#wake?.(),
      );
    let idleMs = 0;
    while (this.#running) {
      // Static: a batch when no more than newBatchThreshold run. Dynamic: as many as the function's limit allows now.
      const allowed = dynamic ? dynamic.available() : inFlight.size > rules.newBatchThreshold ? 0 : rules.batchSize;
      if (allowed === 0) {
        await Promise.race([...inFlight, new Promise<void>((resolve) => (this.#wake = resolve))]);
        continue;
      }
      const queue = await this.#queue(fn.queueName);
      let received: DequeuedMessageItem[] = [];
      if (queue) {
        try {
          const batch = await queue.receiveMessages({ numberOfMessages: Math.min(32, allowed), visibilityTimeout: rules.processingVisibilitySeconds });
          received = batch.receivedMessageItems;
        } catch (err) {
          deps.log('warning', `queue "${fn.queueName}" poll for ${fn.registration.name} failed: ${describeError(err)}`);
        }
      }
      for (const item of received) {
        const running: Promise<void> = this.#process(queue!, item)
          .catch((err: unknown) => deps.log('error', `queue "${fn.queueName}": ${describeError(err)}`))
          .finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
      idleMs = !queue ? rules.maxPollMs : received.length > 0 ? 0 : Math.min(rules.maxPollMs, Math.max(50, idleMs * 2));
      if (idleMs > 0) await new Promise<void>((resolve) => setTimeout((this.#wake = resolve), idleMs));
    }
    await Promise.all(inFlight);
    dynamic?.stop();
  }

  async #process(queue: QueueClient, item: DequeuedMessageItem): Promise<void> {
    const { fn, rules, deps } = this;
    // Already past the limit (the process died mid-invocation too often): poisoned without running it.
    if (item.dequeueCount > rules.maxDequeueCount) return this.#poison(queue, item, item.popReceipt);
    const lease = this.#keepHidden(queue, item);
    try {
      const text = fromBase64(item.messageText);
      await invoke(fn, parsed(text), deps, {
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
      deps.log('error', `${fn.registration.name} failed${id}, attempt ${item.dequeueCount}/${rules.maxDequeueCount}: ${describeError(cause)}`);
      if (item.dequeueCount >= rules.maxDequeueCount) return this.#poison(queue, item, popReceipt);
      await queue
        .updateMessage(item.messageId, popReceipt, undefined, rules.retryVisibilitySeconds)
        .catch((e: unknown) => deps.log('warning', `could not release message for retry: ${describeError(e)}`));
    }
  }

  /** As the host does, keeps a message hidden while its handler runs, renewing at half the timeout (each renewal returns the pop receipt to use next). */
  #keepHidden(queue: QueueClient, item: DequeuedMessageItem): { end(): Promise<string> } {
    let popReceipt = item.popReceipt;
    let pending: Promise<unknown> = Promise.resolve();
    const seconds = this.rules.processingVisibilitySeconds;
    const timer = setInterval(
      () => {
        pending = queue
          .updateMessage(item.messageId, popReceipt, undefined, seconds)
          .then((r) => (popReceipt = r.popReceipt ?? popReceipt))
          .catch((e: unknown) => this.deps.log('warning', `could not extend message visibility: ${describeError(e)}`));
      },
      (seconds * 1000) / 2,
    );
    return {
      async end() {
        clearInterval(timer);
        await pending;
        return popReceipt;
      },
    };
  }

  async #poison(queue: QueueClient, item: DequeuedMessageItem, popReceipt: string): Promise<void> {
    const poisonName = `${this.fn.queueName}-poison`;
    const poison = await this.#queue(poisonName);
    if (!poison) return;
    await poison.sendMessage(item.messageText);
    await queue.deleteMessage(item.messageId, popReceipt);
    this.deps.log('warning', `message ${item.messageId} moved to "${poisonName}" after ${item.dequeueCount} attempts`);
  }

  async #queue(name: string): Promise<QueueClient | undefined> {
    try {
      return await this.deps.queues.ready(this.fn.connectionString, name);
    } catch (err) {
      this.deps.log('error', `queue "${name}" unavailable for ${this.fn.registration.name}: ${describeError(err)}`);
      return undefined;
    }
  }
}

/** The host's base64 messageEncoding: a message that is not base64 fails its invocation (and is retried, then poisoned). */
function fromBase64(messageText: string): string {
  const compact = messageText.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new TypeError('queue message text is not base64');
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** The trigger's input: the message parsed when it is JSON, else its text (as the host binds a string). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
