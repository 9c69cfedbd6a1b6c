/**
 * `wechat-inbound` as the Functions host drives it, in process, for the delivery benchmark. Messages go through
 * the queue's wire encoding (JSON + base64, 64 KiB limit) like StorageQueue writes them; `delaySeconds` keeps a
 * message invisible that long in real time (Put Message `visibilitytimeout`), which is what makes the outage
 * backoff (retry-later.ts: 15 s first) visible in the drain. The runner follows the host's queue listener:
 * `batchSize` messages received at once (host.json `extensions.queues.batchSize` 16), the next batch when at most
 * `newBatchThreshold` are still running (Azure's default is batchSize/2 per core), empty polls backed off
 * 50 ms → 1 s like the devhost (Azure's own backoff goes up to `maxPollingInterval`, 1 minute by default). A handler that throws leaves its message for a retry after `visibilityTimeout`
 * (host.json: 10 s); no poison queue here — the benchmark expects none and reports failures.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue#host-json
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#concurrency
 * https://learn.microsoft.com/rest/api/storageservices/put-message
 */
import type { Queue } from '../../functions/src/relay/ports/storage.js';
import { decodeQueueText, encodeQueueMessage, parseQueuePayload } from '../../functions/src/storage/queue-codec.js';

interface Stored {
  text: string;
  visibleAt: number;
  dequeueCount: number;
}

export class BenchQueue<T> implements Queue<T> {
  readonly #messages: Stored[] = [];
  /** Delays asked for, in seconds (what retry-later chose). */
  readonly delays: number[] = [];

  async enqueue(message: T, options: { delaySeconds?: number } = {}): Promise<void> {
    const delay = options.delaySeconds ?? 0;
    if (delay > 0) this.delays.push(delay);
    this.#messages.push({ text: encodeQueueMessage(message), visibleAt: Date.now() + delay * 1000, dequeueCount: 0 });
  }

  async depth(): Promise<number> {
    return this.#messages.length;
  }

  /** Oldest visible message, hidden while it is processed. */
  receive(visibilitySeconds: number): { message: unknown; dequeueCount: number; done(): void; abandon(retryAfterSeconds: number): void } | undefined {
    const now = Date.now();
    const stored = this.#messages.find((m) => m.visibleAt <= now);
    if (!stored) return undefined;
    stored.dequeueCount += 1;
    stored.visibleAt = now + visibilitySeconds * 1000;
    return {
      message: parseQueuePayload(decodeQueueText(stored.text)),
      dequeueCount: stored.dequeueCount,
      done: () => void this.#messages.splice(this.#messages.indexOf(stored), 1),
      abandon: (retryAfterSeconds) => void (stored.visibleAt = Date.now() + retryAfterSeconds * 1000),
    };
  }

  /** When the first and the last waiting message become visible (ms epoch); undefined when empty. */
  visibility(): { first: number; last: number } | undefined {
    if (this.#messages.length === 0) return undefined;
    const times = this.#messages.map((m) => m.visibleAt);
    return { first: Math.min(...times), last: Math.max(...times) };
  }
}

export interface RunnerStats {
  invocations: number;
  failures: number;
  /** Error names of failed invocations. */
  errors: Map<string, number>;
}

/**
 * Runs `handler` over the queue until `stop()` says so, as the host's queue listener does: it receives
 * `batchSize` messages at once and asks for the next batch only when no more than `newBatchThreshold` are still
 * running (so at most batchSize + newBatchThreshold at once). Resolves when the last handler has finished.
 */
export async function runQueue(
  queue: BenchQueue<unknown>,
  handler: (message: unknown) => Promise<unknown>,
  options: { batchSize: number; newBatchThreshold: number; visibilityTimeoutSeconds: number; stop: () => boolean },
): Promise<RunnerStats> {
  const stats: RunnerStats = { invocations: 0, failures: 0, errors: new Map() };
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const settle = () => {
    inFlight -= 1;
    wake?.();
  };
  const start = (got: NonNullable<ReturnType<BenchQueue<unknown>['receive']>>) => {
    inFlight += 1;
    stats.invocations += 1;
    handler(got.message).then(
      () => {
        got.done();
        settle();
      },
      (err: unknown) => {
        stats.failures += 1;
        const name = err instanceof Error ? `${err.name}${'kind' in err ? `/${String(err.kind)}` : ''}` : 'unknown';
        stats.errors.set(name, (stats.errors.get(name) ?? 0) + 1);
        got.abandon(options.visibilityTimeoutSeconds);
        settle();
      },
    );
  };
  let idleMs = 50;
  while (!options.stop()) {
    if (inFlight > options.newBatchThreshold) {
      await new Promise<void>((r) => (wake = r));
      continue;
    }
    let received = 0;
    for (let got = queue.receive(60); got; got = received + 1 < options.batchSize ? queue.receive(60) : undefined) {
      start(got);
      received += 1;
    }
    if (received > 0) {
      idleMs = 50;
      continue;
    }
    await Promise.race([new Promise((r) => setTimeout(r, idleMs)), new Promise<void>((r) => (wake = r))]);
    idleMs = Math.min(idleMs * 2, 1000);
  }
  while (inFlight > 0) await new Promise<void>((r) => (wake = r));
  return stats;
}
