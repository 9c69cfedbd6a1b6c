/**
 * The bound both sides can compute, and where a run stands against it. Dataverse allows each application user
 * `requestsPerWindow` requests and `executionTimeMs` of combined execution per sliding window (6,000 and 20 minutes
 * per 5 minutes); the emulator charges `writeMs` per write and `readMs` per read, a `$batch` being one request whose
 * every operation counts. So for traffic whose change sets need `writes` writes for `messages` messages:
 *   bound (messages/s) = min( executionTimeMs / windowMs / (writeMs × writes / messages) ,
 *                             requestsPerWindow / windowMs × messages per request at 1000 operations per $batch )
 * A sliding window starts full: whatever is spent in the first window is a gift no steady state repeats, so rates
 * are measured from the first request sent after the first window's budget (time or requests) was spent, to the
 * last delivery.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
import type { RequestLogEntry } from '../../test/emulators/dataverse/index.js';
import type { ServiceProtection } from './delivery-relay.js';

export interface Bound {
  messagesPerSecond: number;
  byExecution: number;
  byRequests: number;
  /** Execution time the needed writes cost per message. */
  msPerMessage: number;
}

export function boundOf(limits: ServiceProtection, writes: number, messages: number): Bound {
  const writeMs = limits.costs?.writeMs ?? 0;
  const msPerMessage = (writeMs * writes) / messages;
  const perSecond = 1000 / limits.windowMs;
  const byExecution = msPerMessage > 0 ? (limits.executionTimeMs * perSecond) / msPerMessage : Infinity;
  const byRequests = limits.requestsPerWindow * perSecond * (1000 / (writes / messages));
  return { messagesPerSecond: Math.min(byExecution, byRequests), byExecution, byRequests, msPerMessage };
}

export interface SteadyRate {
  /** Date.now() of the first request sent after the first window's budget (time or requests) was spent. */
  from: number;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
}

/** Messages delivered after the first window's budget was spent, per second until the last one. */
export function steadyRate(times: readonly number[], log: readonly RequestLogEntry[], limits: ServiceProtection): SteadyRate {
  let spentMs = 0;
  let admitted = 0;
  let from = times[0] ?? 0;
  let spent = false;
  for (const entry of log) {
    if (entry.status === 429) continue;
    // The first request sent after the first window's budget was spent: everything delivered from then on was paid
    // for by what came back into the window (the request that spent the last of it, and its messages, are not counted).
    if (spent) {
      from = entry.at;
      break;
    }
    spentMs += entry.executionMs ?? 0;
    admitted += 1;
    spent = spentMs >= limits.executionTimeMs || admitted >= limits.requestsPerWindow;
  }
  const last = times.at(-1) ?? from;
  const messages = times.filter((t) => t > from).length;
  const seconds = Math.max(0.001, (last - from) / 1000);
  return { from, messages, seconds, messagesPerSecond: messages / seconds };
}

/** Operations per `$batch` request in a log. */
export function batchFill(log: readonly RequestLogEntry[]): { batches: number; mean: number; max: number } {
  const sizes = log.filter((e) => e.path.endsWith('$batch') && e.status !== 429).map((e) => (e.reads ?? 0) + (e.writes ?? 0));
  return { batches: sizes.length, mean: sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length), max: Math.max(0, ...sizes) };
}

/** Writes and reads the emulator charged in a log. */
export function operations(log: readonly RequestLogEntry[]): { reads: number; writes: number; executionMs: number } {
  return log.reduce((n, e) => ({ reads: n.reads + (e.reads ?? 0), writes: n.writes + (e.writes ?? 0), executionMs: n.executionMs + (e.executionMs ?? 0) }), {
    reads: 0,
    writes: 0,
    executionMs: 0,
  });
}
