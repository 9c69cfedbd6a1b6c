/**
 * Bounded acquire loop shared by the blob-lease lock and the in-memory lock: retry with capped exponential
 * backoff and jitter until a deadline, then fail with LockTimeoutError. Never spins forever: both the clock
 * deadline and an attempt cap bound it (the cap matters when a test clock does not move).
 */
import type { Clock } from '../kernel/clock.js';
import { LockTimeoutError } from './errors.js';

export interface BackoffOptions {
  /** Give up after this long (measured on `clock`). Default 30 s. */
  acquireTimeoutMs?: number;
  /** First wait between attempts. Default 50 ms. */
  initialDelayMs?: number;
  /** Longest wait between attempts. Default 1 s. */
  maxDelayMs?: number;
  /** Hard cap on attempts whatever the clock says. Default 1000. */
  maxAttempts?: number;
  clock?: Clock;
  /** Injected so tests can advance a manual clock instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); injected for deterministic tests. */
  random?: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `attempt` until it returns a value (not undefined); waits between attempts. */
export async function acquireWithBackoff<T>(lockKey: string, attempt: () => Promise<T | undefined>, options: BackoffOptions = {}): Promise<T> {
  const clock = options.clock ?? { now: () => Date.now() };
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const timeoutMs = options.acquireTimeoutMs ?? 30_000;
  const initialDelayMs = options.initialDelayMs ?? 50;
  const maxDelayMs = options.maxDelayMs ?? 1_000;
  const maxAttempts = options.maxAttempts ?? 1_000;

  const startedAt = clock.now();
  for (let attempts = 1; ; attempts++) {
    const result = await attempt();
    if (result !== undefined) return result;
    const waited = clock.now() - startedAt;
    if (waited >= timeoutMs || attempts >= maxAttempts) {
      throw new LockTimeoutError(lockKey, waited, attempts);
    }
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempts - 1, 20));
    // Jitter between 50% and 100% of the base so competing instances do not retry in lock-step.
    const delay = Math.max(1, Math.round(base * (0.5 + random() / 2)));
    await sleep(Math.min(delay, Math.max(1, timeoutMs - waited)));
  }
}
