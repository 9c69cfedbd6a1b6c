/**
 * When to look for new messages next: soon after something happened, then less and less often while the
 * conversation is quiet or the server does not answer, so an open form costs little. Pure; the store owns the timer.
 */
export interface BackoffOptions {
  firstMs: number;
  maxMs: number;
  factor: number;
}

export const POLL_BACKOFF: BackoffOptions = { firstMs: 2_000, maxMs: 30_000, factor: 2 };

export class Backoff {
  private current: number;

  constructor(private readonly options: BackoffOptions = POLL_BACKOFF) {
    this.current = options.firstMs;
  }

  /** The delay to wait now. */
  get delayMs(): number {
    return this.current;
  }

  /** Something changed (or the user sent a reply): look again soon. */
  reset(): void {
    this.current = this.options.firstMs;
  }

  /** Nothing new, or the request failed: wait longer next time, up to the cap. */
  increase(): void {
    this.current = Math.min(this.options.maxMs, Math.round(this.current * this.options.factor));
  }
}
