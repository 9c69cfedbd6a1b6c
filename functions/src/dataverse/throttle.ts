/**
 * One Web API request under service protection: it runs in a pacer slot; a 429 pauses the org for Retry-After
 * seconds and the request is sent again, a bounded number of times. A wait longer than the caller can afford
 * (`maxRetryAfterSeconds`) is not slept through: the error goes back at once with `retryAfterSeconds`, so a queue
 * can retry later instead of a function instance idling for minutes.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits#how-to-re-try
 */
import { DataverseError } from './errors.js';
import type { Pacer } from './pacer.js';

export interface ThrottlePolicy {
  /** Sends after a 429, at most (default 3). */
  maxRetries: number;
  /** Waits longer than this are not slept through (default 30 s). */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { maxRetries: 3, maxRetryAfterSeconds: 30 };

/** Structurally compatible with the relay's Logger; never given secrets or tokens. */
export interface DataverseLogger {
  info(message: string, fields?: Record<string, string | number | boolean | undefined | null>): void;
  warn(message: string, fields?: Record<string, string | number | boolean | undefined | null>): void;
}

export interface PacedContext {
  pacer: Pacer;
  policy: ThrottlePolicy;
  clock: () => number;
  logger?: DataverseLogger;
  /** The environment's host, for messages and logs. */
  host: string;
}

/** A 429 without Retry-After still waits: 1, 2, 4… seconds. */
const fallbackWait = (retry: number) => 2 ** retry;

export async function paced<T>(ctx: PacedContext, send: () => Promise<T>, toError: (e: unknown) => DataverseError): Promise<T> {
  for (let retry = 0; ; retry++) {
    const paused = Math.ceil((ctx.pacer.state().pausedUntil - ctx.clock()) / 1000);
    if (paused > ctx.policy.maxRetryAfterSeconds) {
      throw new DataverseError('throttled', 429, 'Paused', `Dataverse (${ctx.host}) asked to wait ${paused} s before the next request.`, {
        retryAfterSeconds: paused,
      });
    }
    let error: DataverseError;
    try {
      const result = await ctx.pacer.run(send);
      ctx.pacer.succeeded();
      return result;
    } catch (e) {
      error = toError(e);
    }
    if (error.kind !== 'throttled') {
      // The server answered (or could not be reached) without a 429: nothing to learn about its limits.
      if (error.status > 0) ctx.pacer.succeeded();
      throw error;
    }
    const wait = error.retryAfterSeconds ?? fallbackWait(retry);
    ctx.pacer.throttled(wait * 1000);
    const giveUp = retry >= ctx.policy.maxRetries || wait > ctx.policy.maxRetryAfterSeconds;
    ctx.logger?.warn(giveUp ? 'Dataverse throttled a request; giving up' : 'Dataverse throttled a request; waiting', {
      host: ctx.host,
      code: error.code,
      retryAfterSeconds: wait,
      attempt: retry + 1,
      concurrency: ctx.pacer.state().limit,
    });
    if (giveUp)
      throw error.retryAfterSeconds === undefined
        ? new DataverseError('throttled', error.status, error.code, error.message, { retryAfterSeconds: wait })
        : error;
  }
}
