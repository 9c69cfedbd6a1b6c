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

/**
 * Dataverse error codes the relay acts on, from the Web service error codes reference
 * (https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes):
 * - DuplicateRecordEntityKey 0x80060892 (412): "Entity Key {0} violated. A record with the same value for {1} already
 *   exists. A duplicate record cannot be created." A create (or an update) whose alternate key another row holds.
 * - InvalidEntityKeyOperation 0x8006088F: "Invalid EntityKey Operation performed : {0}", which is what a key whose
 *   index is still being built answers (alternate keys become active asynchronously after an import:
 *   https://learn.microsoft.com/power-apps/developer/data-platform/define-alternate-keys-entity#monitor-index-creation-for-alternate-keys).
 *   The key comes up on its own: transient, never a reason to poison a message.
 * - PrivilegeDenied 0x80040220 and 0x80042F09 (a user without roles): 403.
 */
export const DataverseCodes = {
  DuplicateRecordEntityKey: '0x80060892',
  InvalidEntityKeyOperation: '0x8006088f',
  /** DuplicateRecord: what a create-only upsert (If-None-Match: *) that finds its row answers, with "A record with matching key values already exists." */
  DuplicateRecord: '0x80040237',
  PrivilegeDenied: '0x80040220',
  NoRolesAssigned: '0x80042f09',
} as const;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A key that is not active yet (its index is being built): retry later. */
export function isKeyNotActive(error: { code: string }): boolean {
  return same(error.code, DataverseCodes.InvalidEntityKeyOperation);
}

/**
 * The org refused an operation's MSCRM.BypassBusinessLogicExecutionStepIds (types.ts SkipsSteps): the application
 * user lacks prvBypassCustomBusinessLogic (403, the privilege named in the message), or the org refuses the ids
 * (400 naming the parameter: too many for its limit, or not steps). Nothing was written; the same write without the
 * header is the way on. Matched on the privilege's and the parameter's names, which Dataverse's messages carry.
 */
export function isBypassRefused(error: { status: number; message: string }): boolean {
  if (error.status === 403) return /prvBypassCustomBusinessLogic/i.test(error.message);
  if (error.status === 400) return /BypassBusinessLogicExecution/i.test(error.message);
  return false;
}

/** Another row holds this alternate key: a conflict (re-read, then decide), whatever the status says. */
export function isDuplicateKey(error: { code: string }): boolean {
  return same(error.code, DataverseCodes.DuplicateRecordEntityKey);
}

export function kindOf(status: number, code: string): DataverseErrorKind {
  if (isKeyNotActive({ code })) return 'transient';
  if (isDuplicateKey({ code })) return 'conflict';
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
export function httpError(
  host: string,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string | undefined>,
  nowMs: number,
): DataverseError {
  const kind = kindOf(status, code);
  const retryAfter = status === 429 ? retryAfterSeconds(headers['retry-after'], nowMs) : undefined;
  const text = message && message !== 'Unexpected Error' ? message : (DEFAULT_MESSAGES[status] ?? `Dataverse (${host}) answered HTTP ${status}.`);
  return new DataverseError(kind, status, code, text, retryAfter === undefined ? undefined : { retryAfterSeconds: retryAfter });
}

export function networkError(host: string, error: unknown): DataverseError {
  const code = networkCodeOf(error);
  if (code === 'ENOTFOUND')
    return new DataverseError('not-found', 0, code, `The environment host ${host} does not resolve (ENOTFOUND): check the environment URL.`, { cause: error });
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
