/**
 * Every failure of a Web API call becomes one DataverseError with a kind the caller can act on.
 * Status codes and Dataverse error codes:
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes
 * Service protection (429 + Retry-After): https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 *
 * Network failures: a host name that does not resolve (ENOTFOUND) is a wrong environment URL, which an admin must
 * fix, so it is 'not-found' (code ENOTFOUND). Everything else on the wire (refused, reset, timed out, a DNS
 * server that did not answer: EAI_AGAIN) is 'transient'.
 */
import { DataverseError } from './errors.js';
import { networkCodeOf } from './token/network.js';
import type { DataverseErrorKind } from './types.js';

/** 404 for an entity set or property the org does not have: the solution is missing or older, not a missing row. */
const UNKNOWN_SEGMENT = '0x8006088a';

export function kindOf(status: number, code: string): DataverseErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return code.toLowerCase() === UNKNOWN_SEGMENT ? 'invalid' : 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 408 || status >= 500) return 'transient';
  return 'invalid';
}

/** Retry-After in seconds: delta-seconds, or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

const DEFAULT_MESSAGES: Record<number, string> = {
  401: 'Dataverse refused the access token (401): the application user or the environment URL does not match the token.',
  404: 'Dataverse answered 404: the environment URL or the row does not exist.',
};

/** An HTTP error answer (status, Dataverse code and message, headers with lower-cased names). */
export function httpError(host: string, status: number, code: string, message: string, headers: Record<string, string | undefined>, nowMs: number): DataverseError {
  const kind = kindOf(status, code);
  const retryAfter = status === 429 ? retryAfterSeconds(headers['retry-after'], nowMs) : undefined;
  const text = message && message !== 'Unexpected Error' ? message : (DEFAULT_MESSAGES[status] ?? `Dataverse (${host}) answered HTTP ${status}.`);
  return new DataverseError(kind, status, code, text, retryAfter === undefined ? undefined : { retryAfterSeconds: retryAfter });
}

export function networkError(host: string, error: unknown): DataverseError {
  const code = networkCodeOf(error);
  if (code === 'ENOTFOUND') return new DataverseError('not-found', 0, code, `The environment host ${host} does not resolve (ENOTFOUND): check the environment URL.`, { cause: error });
  return new DataverseError('transient', 0, code, `Dataverse (${host}) could not be reached (${code}).`, { cause: error });
}

interface DwaErrorLike {
  status?: number;
  code?: string | number;
  message?: string;
  headers?: Record<string, string | string[] | undefined>;
  error?: { code?: string; message?: string };
}

/**
 * A rejection of a dynamics-web-api call: an HTTP error carries `status`, Dataverse's `code` and `headers` (inside
 * a $batch the code sits under `error.code`); a socket error carries only a Node `code` such as ECONNREFUSED.
 */
export function webApiError(host: string, error: unknown, nowMs: number): DataverseError {
  if (error instanceof DataverseError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as DwaErrorLike;
  if (typeof e.status !== 'number') {
    const socketCode = typeof e.code === 'string' || typeof (e as { cause?: { code?: unknown } }).cause?.code === 'string';
    // Without a status or a socket code it is dynamics-web-api refusing its arguments (a malformed key, say).
    if (!socketCode) return new DataverseError('invalid', 0, 'InvalidRequest', e.message ?? 'The request was refused before it was sent.', { cause: error });
    return networkError(host, error);
  }
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(e.headers ?? {})) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const code = String(e.error?.code ?? e.code ?? '');
  return httpError(host, e.status, code, e.error?.message ?? e.message ?? '', headers, nowMs);
}
