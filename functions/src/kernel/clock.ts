/**
 * Time, injected everywhere so tests can run a fast clock. Every layer (WeChat protocol, storage, use cases,
 * Dataverse) may import the kernel; the kernel imports nothing of ours.
 */

/** Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
