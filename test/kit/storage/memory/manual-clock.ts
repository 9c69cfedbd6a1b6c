/** A Clock that only moves when told to: TTLs and timeouts become exact in tests. */
import type { Clock } from '../../../../functions/src/kernel/clock.js';

export class ManualClock implements Clock {
  #now: number;

  /** Starts at 2024-01-01T00:00:00Z unless told otherwise. */
  constructor(startMs: number = Date.UTC(2024, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('ManualClock.advance needs a non-negative number');
    this.#now += ms;
    return this.#now;
  }

  set(ms: number): void {
    this.#now = ms;
  }
}
