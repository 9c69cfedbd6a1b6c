/**
 * `submit(changeSet)`: change sets from everyone writing to one org are gathered into `$batch` requests that fill up
 * to the operation limit (1000) and are paced by the org's execution-time budget (budget.ts). While one `$batch` is
 * on its way or the budget says wait, new change sets gather for the next one, so under a backlog a request carries
 * hundreds of operations, and when Dataverse is idle a change set leaves after `maxDelayMs` (Nagle's idea).
 * A change set is never split across requests (it is atomic), and each caller gets its own change set's outcomes.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import type { WriteOperation, WriteOutcome } from '../types.js';

export interface SubmitterOptions {
  /** Operations per `$batch` (Dataverse: 1000). */
  maxOperations: number;
  /** How long the first waiting change set waits for company when nothing is in flight. */
  maxDelayMs: number;
  /** `$batch` requests in flight at once (default 1: the budget reads each response's headers in turn). */
  maxInFlight: number;
  /** Estimated wait before a `$batch` of this many operations fits the budget (ms; 0 = now). */
  waitFor: (operations: number) => number;
  /** Operations the budget allows now (Infinity when it cannot say): a `$batch` leaves with what fits. */
  affordable?: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface SubmitterStats {
  /** `$batch` requests sent. */
  requests: number;
  /** Operations in them. */
  operations: number;
  /** Largest `$batch`, in operations. */
  largest: number;
}

const notRun = (): WriteOutcome => ({
  ok: false,
  error: { kind: 'transient', status: 0, code: 'NotExecuted', message: 'Dataverse did not run this change set.' },
});

interface Waiting {
  ops: WriteOperation[];
  resolve: (outcomes: WriteOutcome[]) => void;
  reject: (err: unknown) => void;
}

export class ChangeSetSubmitter {
  private waiting: Waiting[] = [];
  private weight = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = 0;
  private pacing = false;
  readonly stats: SubmitterStats = { requests: 0, operations: 0, largest: 0 };

  /** `send` runs one `$batch` of change sets and answers one outcome list per change set, in order. */
  constructor(
    private readonly send: (changeSets: WriteOperation[][]) => Promise<WriteOutcome[][]>,
    private readonly options: SubmitterOptions,
  ) {}

  submit(ops: WriteOperation[]): Promise<WriteOutcome[]> {
    if (ops.length === 0) return Promise.resolve([]);
    return new Promise<WriteOutcome[]>((resolve, reject) => {
      this.waiting.push({ ops, resolve, reject });
      this.weight += ops.length;
      if (this.weight >= this.options.maxOperations) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.options.maxDelayMs);
    });
  }

  private async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pacing || this.inFlight >= this.options.maxInFlight || this.waiting.length === 0) return;
    // What the budget allows now leaves now (Dataverse keeps working while the rest waits); when not even the
    // oldest change set fits, wait for the budget with the batch still open: what arrives meanwhile rides along.
    const limit = Math.min(this.options.maxOperations, Math.max(0, Math.floor(this.options.affordable?.() ?? Infinity)));
    const first = this.waiting[0]?.ops.length ?? 0;
    // Short of budget, wait for room for a quarter of a full $batch (or all that waits, if less): spent time comes
    // back in the chunks it was spent in, and a sliding window loses nothing by being spent a little later, while
    // trickling one small request per returning chunk would spend the request count for nothing.
    const target = Math.min(this.options.maxOperations, Math.max(first, Math.min(this.weight, Math.ceil(this.options.maxOperations / 4))));
    const wait = limit >= target ? 0 : this.options.waitFor(target);
    if (wait > 0) {
      this.pacing = true;
      await this.options.sleep(wait);
      this.pacing = false;
      return this.flush();
    }
    const batch = this.take(Math.max(limit, first));
    this.inFlight++;
    const operations = batch.reduce((n, w) => n + w.ops.length, 0);
    this.stats.requests++;
    this.stats.operations += operations;
    this.stats.largest = Math.max(this.stats.largest, operations);
    try {
      const outcomes = await this.send(batch.map((w) => w.ops));
      // A change set without an answer was not run: each of its operations says so (a transient failure).
      batch.forEach((w, i) => w.resolve(outcomes[i]?.length === w.ops.length ? outcomes[i] : w.ops.map(notRun)));
    } catch (err) {
      batch.forEach((w) => w.reject(err));
    } finally {
      this.inFlight--;
      if (this.waiting.length > 0) void this.flush();
    }
  }

  /** The oldest change sets that fit `limit` operations (a larger change set goes alone; the sender refuses it). */
  private take(limit: number): Waiting[] {
    const batch: Waiting[] = [];
    let size = 0;
    while (this.waiting.length > 0) {
      const next = this.waiting[0] as Waiting;
      if (batch.length > 0 && size + next.ops.length > limit) break;
      batch.push(next);
      size += next.ops.length;
      this.waiting.shift();
    }
    this.weight -= size;
    return batch;
  }
}
