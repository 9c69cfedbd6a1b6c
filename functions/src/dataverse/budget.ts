/**
 * The execution-time budget of one application user, as Dataverse reports it on every response:
 * `x-ms-ratelimit-time-remaining-xrm-requests` (execution time left in the sliding window, ms) and
 * `x-ms-ratelimit-burst-remaining-xrm-requests` (requests left). Dataverse allows 20 minutes of combined execution
 * per 5 minutes and 6,000 requests; a `$batch` counts as one request but all of its execution time counts.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 *
 * Why a ledger: what comes back into the window is what was spent one window ago. The remaining time reported after
 * each request, and what the ledger says expired since the previous one, give that request's cost; the ledger of
 * costs then says when enough is free again for the next `$batch`, so the gateway waits exactly that long instead of
 * sending into a 429 and sleeping a Retry-After rounded up to whole seconds. Usage of unknown age (before the first
 * response) is never assumed to expire: the estimate can only err on the side of waiting, and a 429 still pauses.
 * The request count is left to Dataverse's 429: with `$batch` requests it is far from binding (6,000 per 5 minutes
 * of up to 1,000 operations each), and the burst header is read for reports only.
 */

export interface BudgetOptions {
  /** Dataverse's sliding window (300,000 ms); tests and benchmarks scale it with the emulator's. */
  windowMs: number;
  clock: () => number;
  /**
   * The longest wait the ledger asks for (default a tenth of the window: 30 s of Dataverse's 5 minutes). Past it
   * the request goes and Dataverse decides (a 429 with Retry-After pauses the org, throttle.ts): a window
   * configured longer than the server's, or spending the ledger never saw (the remaining time is reported as 0
   * however far past the limit a large `$batch` took it), never stalls an org for long.
   */
  maxWaitMs?: number;
}

export const TIME_REMAINING_HEADER = 'x-ms-ratelimit-time-remaining-xrm-requests';
export const REQUESTS_REMAINING_HEADER = 'x-ms-ratelimit-burst-remaining-xrm-requests';

interface Spent {
  at: number;
  ms: number;
  /** Operations of the `$batch` whose answer showed this cost. */
  operations: number;
}

export class ExecutionBudget {
  private readonly ledger: Spent[] = [];
  private remaining: number | undefined;
  /** What the burst header said last (requests left in the window), for reports. */
  requestsLeft: number | undefined;
  private observedAt = 0;
  /** Learned execution time per operation of a `$batch` (ms), once one was observed. */
  private perOperationMs: number | undefined;

  constructor(private readonly options: BudgetOptions) {}

  /** After a response: its headers (lower-case names) and how many operations the request carried. */
  observe(headers: Record<string, string>, operations: number): void {
    const now = this.options.clock();
    const left = Number(headers[REQUESTS_REMAINING_HEADER]);
    if (headers[REQUESTS_REMAINING_HEADER] !== undefined && Number.isFinite(left)) this.requestsLeft = left;
    const raw = headers[TIME_REMAINING_HEADER];
    const remaining = Number(raw);
    if (raw === undefined || !Number.isFinite(remaining)) return;
    if (this.remaining !== undefined) {
      const cost = Math.max(0, this.remaining + this.expiredBetween(this.observedAt, now) - remaining);
      this.ledger.push({ at: now, ms: cost, operations });
    }
    this.remaining = remaining;
    this.observedAt = now;
    this.forget(now);
    this.perOperationMs = this.learnedPerOperation(now) ?? this.perOperationMs;
  }

  /** Estimated execution time of a `$batch` of `operations` (0 until one was measured). */
  estimate(operations: number): number {
    return (this.perOperationMs ?? 0) * operations;
  }

  /** Operations of a `$batch` the budget allows now (Infinity while it cannot say). */
  affordable(): number {
    const available = this.available();
    if (available === undefined || this.perOperationMs === undefined || this.perOperationMs <= 0) return Infinity;
    return Math.max(0, available / this.perOperationMs);
  }

  /** Execution time expected to be left now. */
  available(now = this.options.clock()): number | undefined {
    return this.remaining === undefined ? undefined : this.remaining + this.expiredBetween(this.observedAt, now);
  }

  /**
   * How long to wait before a request costing `costMs` fits (0: now). When the ledger cannot say (nothing known
   * will expire), 0: the request goes and Dataverse's 429 and Retry-After decide.
   */
  waitFor(costMs: number): number {
    const now = this.options.clock();
    const { windowMs } = this.options;
    const maxWaitMs = this.options.maxWaitMs ?? windowMs / 10;
    let available = this.available(now);
    if (available === undefined || available >= Math.max(costMs, 1)) return 0;
    for (const spent of this.ledger) {
      const frees = spent.at + windowMs;
      if (frees <= now) continue;
      available += spent.ms;
      if (available >= Math.max(costMs, 1)) return Math.min(frees - now, maxWaitMs);
    }
    return 0;
  }

  /**
   * Execution time per operation over the last window: all the cost the answers showed divided by all the
   * operations they carried. Not the ratio of one answer: the time one answer shows also holds what other
   * requests of the same user spent meanwhile (queries, and a `$batch` whose cost shows only in the next answer),
   * so one small `$batch` after a large one would read as a very expensive operation and stall the org.
   */
  private learnedPerOperation(now: number): number | undefined {
    let ms = 0;
    let operations = 0;
    for (const spent of this.ledger) {
      if (spent.at <= now - this.options.windowMs) continue;
      ms += spent.ms;
      operations += spent.operations;
    }
    return operations > 0 && ms > 0 ? ms / operations : undefined;
  }

  /** Own spending between two moments one window ago: what came back into the window meanwhile. */
  private expiredBetween(from: number, to: number): number {
    const { windowMs } = this.options;
    let ms = 0;
    for (const spent of this.ledger) if (spent.at + windowMs > from && spent.at + windowMs <= to) ms += spent.ms;
    return ms;
  }

  private forget(now: number): void {
    const horizon = now - 2 * this.options.windowMs;
    while (this.ledger.length && (this.ledger[0]?.at ?? 0) < horizon) this.ledger.shift();
  }
}
