/**
 * host.json `concurrency.dynamicConcurrencyEnabled`: the host decides how many invocations of each queue-triggered
 * function run at once. Each function starts at 1 and goes up while the instance is healthy and the function uses
 * all it is given; when the instance is unhealthy the host throttles: it starts no new invocation (one still runs
 * when none is running, so a backlog always moves) and lowers the function's concurrency. `batchSize` and
 * `newBatchThreshold` are then ignored, as in Azure. HTTP requests are never throttled: they take the event loop
 * first, and queue work waits.
 *
 * Azure's host judges health by the instance's CPU (over 80 %) and thread-pool starvation; a Node.js host has one
 * event loop, so here "unhealthy" is its utilisation over `busyUtilization` (`performance.eventLoopUtilization`,
 * the share of the last window the loop was running code) in the last health window.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-concurrency#dynamic-concurrency
 *       https://nodejs.org/docs/latest-v20.x/api/perf_hooks.html#performanceeventlooputilizationutilization1-utilization2
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface DynamicConcurrencyOptions {
  /** How often health is judged and limits adjusted (ms). */
  windowMs?: number;
  /** Event-loop utilisation (0..1) above which the instance is unhealthy. */
  busyUtilization?: number;
  /** Highest concurrency a function reaches (Azure's default maximum is 500). */
  maxConcurrency?: number;
  /** The utilisation source (tests give their own). */
  utilization?: () => number;
}

/** The instance's health, shared by every queue function of one host. */
export class HostHealth {
  #healthy = true;
  #last: EventLoopUtilization = performance.eventLoopUtilization();
  readonly #timer: NodeJS.Timeout;
  readonly #listeners = new Set<() => void>();
  readonly #options: Required<Omit<DynamicConcurrencyOptions, 'utilization'>> & { utilization: () => number };

  constructor(options: DynamicConcurrencyOptions = {}) {
    this.#options = {
      windowMs: options.windowMs ?? 500,
      busyUtilization: options.busyUtilization ?? 0.8,
      maxConcurrency: options.maxConcurrency ?? 500,
      utilization:
        options.utilization ??
        (() => {
          const now = performance.eventLoopUtilization();
          const window = performance.eventLoopUtilization(now, this.#last);
          this.#last = now;
          return window.utilization;
        }),
    };
    this.#timer = setInterval(() => this.#judge(), this.#options.windowMs);
    this.#timer.unref();
  }

  get healthy(): boolean {
    return this.#healthy;
  }
  get maxConcurrency(): number {
    return this.#options.maxConcurrency;
  }

  /** Called after every health window (limits move then). */
  onWindow(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#listeners.clear();
  }

  /** One health window now (the interval calls it; tests call it instead of waiting). */
  judgeNow(): void {
    this.#judge();
  }

  #judge(): void {
    this.#healthy = this.#options.utilization() <= this.#options.busyUtilization;
    for (const listener of this.#listeners) listener();
  }
}

/** One queue function's concurrency under dynamic concurrency. */
export class FunctionConcurrency {
  #limit = 1;
  #saturated = false;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly health: HostHealth,
    private readonly inFlight: () => number,
    private readonly changed: () => void,
  ) {
    this.#unsubscribe = health.onWindow(() => this.#adjust());
  }

  get limit(): number {
    return this.#limit;
  }

  /** How many new invocations may start now. */
  available(): number {
    const running = this.inFlight();
    if (running >= this.#limit) this.#saturated = true;
    if (!this.health.healthy) return running === 0 ? 1 : 0;
    return Math.max(0, this.#limit - running);
  }

  stop(): void {
    this.#unsubscribe();
  }

  /**
   * Healthy and every slot used in the last window: double (a backlog reaches full speed within seconds, as the
   * host's learned values do); unhealthy: halve. Otherwise it stays.
   */
  #adjust(): void {
    const before = this.#limit;
    if (!this.health.healthy) this.#limit = Math.max(1, Math.floor(this.#limit / 2));
    else if (this.#saturated || this.inFlight() >= this.#limit) this.#limit = Math.min(this.health.maxConcurrency, this.#limit * 2);
    this.#saturated = false;
    if (this.#limit !== before || this.health.healthy) this.changed();
  }
}
