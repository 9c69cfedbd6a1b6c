/**
 * Per-org pacing of Web API requests, so one application user stays inside Dataverse's service protection limits
 * (https://learn.microsoft.com/power-apps/developer/data-platform/api-limits):
 * - a concurrency cap well below the 52 concurrent requests Dataverse allows per user;
 * - after a 429, every request of that org waits until Retry-After has passed (the limits are per user, so the
 *   next request would be refused too) and the cap is halved;
 * - the cap grows back by one after each `limit` requests in a row that were not throttled (additive increase,
 *   multiplicative decrease), so a busy org settles just under what it tolerates.
 */

export interface PacerOptions {
  /** The most requests in flight at once. */
  maxConcurrent: number;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface PacerState {
  limit: number;
  inFlight: number;
  /** Epoch ms before which no request starts (0: no pause). */
  pausedUntil: number;
}

export class Pacer {
  private limit: number;
  private inFlight = 0;
  private pausedUntil = 0;
  private successesAtLimit = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly options: PacerOptions) {
    if (!Number.isInteger(options.maxConcurrent) || options.maxConcurrent < 1) throw new RangeError('maxConcurrent must be a positive integer');
    this.limit = options.maxConcurrent;
  }

  state(): PacerState {
    return { limit: this.limit, inFlight: this.inFlight, pausedUntil: this.pausedUntil };
  }

  /** Runs `task` in a slot: after any pause, and with fewer than `limit` others running. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** A request went through without a 429. */
  succeeded(): void {
    if (this.limit >= this.options.maxConcurrent) return;
    if (++this.successesAtLimit < this.limit) return;
    this.successesAtLimit = 0;
    this.limit++;
    this.wake();
  }

  /** Dataverse answered 429: pause everyone for `retryAfterMs` and halve the cap. */
  throttled(retryAfterMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.options.clock() + retryAfterMs);
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    this.successesAtLimit = 0;
  }

  private async acquire(): Promise<void> {
    for (;;) {
      const pause = this.pausedUntil - this.options.clock();
      if (pause > 0) {
        await this.options.sleep(pause);
        continue;
      }
      if (this.inFlight < this.limit) {
        this.inFlight++;
        return;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(): void {
    this.inFlight--;
    this.wake();
  }

  /** Lets as many waiters re-check as there are free slots. */
  private wake(): void {
    for (let free = this.limit - this.inFlight; free > 0 && this.waiters.length > 0; free--) this.waiters.shift()?.();
  }
}
