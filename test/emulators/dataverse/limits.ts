/**
 * Service protection limits, per application user, over a sliding window: number of requests, combined
 * execution time, and concurrent requests. A $batch counts as one request; its execution time counts in full.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import { DataverseError } from './errors.js';

export interface Limits {
  /** Requests per window (Dataverse default 6000). */
  requestsPerWindow: number;
  /** Window length (Dataverse: 300 000 ms). */
  windowMs: number;
  /** Concurrent requests (Dataverse: 52). */
  maxConcurrent: number;
  /** Combined execution time per window (Dataverse: 1 200 000 ms). */
  executionTimeMs: number;
  /** Retry-After, in seconds, for the concurrency limit (Dataverse chooses it; tests want it small). */
  concurrencyRetryAfterSeconds: number;
  /**
   * Execution time charged per operation, so the bound is a number a client can compute: a request costs the sum
   * of its operations (a `$batch` is one request whose every inner operation counts). Unset: the wall time the
   * emulator spent on the request is charged (near zero on loopback).
   */
  costs?: ExecutionCosts;
}

export interface ExecutionCosts {
  /** POST, PATCH, DELETE (also inside a $batch). */
  writeMs: number;
  /** GET: one retrieve or one query, however many rows it returns. */
  readMs: number;
}

/** What the limits allow per second, whatever the window's length. */
export function ratesOf(limits: Limits): { requestsPerSecond: number; executionMsPerSecond: number } {
  return { requestsPerSecond: limits.requestsPerWindow / (limits.windowMs / 1000), executionMsPerSecond: limits.executionTimeMs / (limits.windowMs / 1000) };
}

/**
 * Dataverse's limits over a window `scale` times shorter, with requests and execution time scaled alike: the same
 * rates per second, so a short test or benchmark lives in the steady state instead of the first window's burst.
 */
export function scaledLimits(scale: number, base: Limits = DEFAULT_LIMITS): Limits {
  if (!(scale >= 1)) throw new RangeError('scale must be at least 1');
  return {
    ...base,
    windowMs: base.windowMs / scale,
    requestsPerWindow: Math.round(base.requestsPerWindow / scale),
    executionTimeMs: base.executionTimeMs / scale,
  };
}

export const DEFAULT_LIMITS: Limits = {
  requestsPerWindow: 6000,
  windowMs: 300_000,
  maxConcurrent: 52,
  executionTimeMs: 1_200_000,
  concurrencyRetryAfterSeconds: 1,
};

interface UserUsage {
  requests: number[];
  executions: { at: number; ms: number }[];
  inFlight: number;
  /** Most requests ever processed at once (admitted ones only). */
  peak: number;
}

/** A granted slot; `release` records the request's execution time. */
export interface Slot {
  release(executionMs: number): void;
  /** For the `x-ms-ratelimit-*` debugging headers. */
  remainingRequests: number;
  remainingTimeMs: number;
  /** Execution time already charged in the window when this request was admitted. */
  usedTimeMs: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export class ServiceProtection {
  private readonly usage = new Map<string, UserUsage>();

  constructor(
    public limits: Limits,
    private readonly now: () => number,
  ) {}

  private of(user: string): UserUsage {
    let u = this.usage.get(user);
    if (!u) this.usage.set(user, (u = { requests: [], executions: [], inFlight: 0, peak: 0 }));
    const from = this.now() - this.limits.windowMs;
    while (u.requests.length && (u.requests[0] ?? 0) <= from) u.requests.shift();
    while (u.executions.length && (u.executions[0]?.at ?? 0) <= from) u.executions.shift();
    return u;
  }

  /** Admits a request or throws the 429 Dataverse answers with (error codes from the api-limits page). */
  acquire(user: string): Slot {
    const u = this.of(user);
    const { limits } = this;
    const windowSeconds = Math.round(limits.windowMs / 1000);
    const retryAfter = (oldest: number) => String(Math.max(1, Math.ceil((oldest + limits.windowMs - this.now()) / 1000)));
    if (u.inFlight >= limits.maxConcurrent) {
      throw new DataverseError(429, '0x80072326', `Number of concurrent requests exceeded the limit of ${limits.maxConcurrent}.`, {
        'Retry-After': String(limits.concurrencyRetryAfterSeconds),
      });
    }
    if (u.requests.length >= limits.requestsPerWindow) {
      throw new DataverseError(
        429,
        '0x80072322',
        `Number of requests exceeded the limit of ${limits.requestsPerWindow} over time window of ${windowSeconds} seconds.`,
        { 'Retry-After': retryAfter(u.requests[0] ?? this.now()) },
      );
    }
    const used = u.executions.reduce((n, e) => n + e.ms, 0);
    if (used >= limits.executionTimeMs) {
      throw new DataverseError(
        429,
        '0x80072321',
        `Combined execution time of incoming requests exceeded limit of ${fmt(limits.executionTimeMs)} milliseconds over time window of ${windowSeconds} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.`,
        { 'Retry-After': retryAfter(u.executions[0]?.at ?? this.now()) },
      );
    }
    u.requests.push(this.now());
    u.inFlight++;
    u.peak = Math.max(u.peak, u.inFlight);
    let released = false;
    return {
      remainingRequests: limits.requestsPerWindow - u.requests.length,
      remainingTimeMs: Math.max(0, limits.executionTimeMs - used),
      usedTimeMs: used,
      release: (executionMs: number) => {
        if (released) return;
        released = true;
        u.inFlight--;
        u.executions.push({ at: this.now(), ms: executionMs });
      },
    };
  }

  inFlight(user: string): number {
    return this.usage.get(user)?.inFlight ?? 0;
  }

  peak(user: string): number {
    return this.usage.get(user)?.peak ?? 0;
  }
}
