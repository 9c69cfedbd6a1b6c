/**
 * Coalesces work that arrives close together into one call. The Functions host runs up to `batchSize` queue
 * messages at once in one process; when several of them write to the same org, one `$batch` (and one query)
 * serves them all instead of one request each. That matters because Dataverse's service protection counts
 * requests per application user (6,000 per 5 minutes), and a `$batch` counts as one.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 *
 * A call is made when `maxWeight` is reached or `maxDelayMs` after the first item arrived, whichever is first,
 * and (with `maxInFlight`) only while fewer calls than that are still running: when Dataverse is slow or paused
 * by a 429, items gather into the next call instead of queuing up as many small ones (Nagle's idea).
 */

export interface MicroBatcherOptions<I> {
  /** Flush once the items weigh this much (e.g. operations in a $batch). */
  maxWeight: number;
  /** Flush this long after the first waiting item arrived. */
  maxDelayMs: number;
  weight?: (item: I) => number;
  /** Calls running at once; more waiting items go into the next call. Default: unlimited. */
  maxInFlight?: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export interface BatcherStats {
  /** Calls made. */
  flushes: number;
  /** Items handed to those calls. */
  items: number;
}

export class MicroBatcher<I, O> {
  readonly #run: (items: I[]) => Promise<O[]>;
  readonly #options: MicroBatcherOptions<I>;
  #waiting: Waiting<I, O>[] = [];
  #weight = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = 0;
  readonly stats: BatcherStats = { flushes: 0, items: 0 };

  /** `run` answers one output per item, in order. */
  constructor(run: (items: I[]) => Promise<O[]>, options: MicroBatcherOptions<I>) {
    this.#run = run;
    this.#options = options;
  }

  submit(item: I): Promise<O> {
    const weight = this.#options.weight?.(item) ?? 1;
    // An item that would overflow the current call starts the next one (a change set is never split).
    if (this.#waiting.length > 0 && this.#weight + weight > this.#options.maxWeight) this.#flush();
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#weight += weight;
      if (this.#weight >= this.#options.maxWeight) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), this.#options.maxDelayMs);
    });
  }

  #flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    // Busy: keep gathering; the call that finishes next flushes what has gathered (full batches still go).
    if (this.#inFlight >= (this.#options.maxInFlight ?? Infinity) && this.#weight < this.#options.maxWeight) return;
    const batch = this.#waiting;
    this.#waiting = [];
    this.#weight = 0;
    if (batch.length === 0) return;
    this.stats.flushes += 1;
    this.stats.items += batch.length;
    let call: Promise<O[]>;
    try {
      call = this.#run(batch.map((w) => w.item));
    } catch (err) {
      call = Promise.reject(err);
    }
    this.#inFlight += 1;
    const settled = () => {
      this.#inFlight -= 1;
      if (this.#waiting.length > 0 && this.#timer === undefined) this.#flush();
    };
    call.then(
      (outputs) => {
        settled();
        batch.forEach((w, i) => w.resolve(outputs[i] as O));
      },
      (err: unknown) => {
        settled();
        batch.forEach((w) => w.reject(err));
      },
    );
  }
}
