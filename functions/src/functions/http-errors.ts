/**
 * The one place where the relay's coded errors become HTTP. Bad input is 4xx (never 5xx); our own storage
 * failing is 503 so WeChat retries; everything is logged with a reason and no secret.
 */
import type { HttpResponseInit } from '@azure/functions';
import { AuthorizationFailed, CallbackRejected, StorageUnavailable, type AuthorizationFailure } from '../relay/errors.js';
import type { Logger } from '../relay/ports/logger.js';
import { renderAuthorizationError } from '../pages/authorization-pages.js';
import type { RelayPage } from '../pages/html.js';

export function callbackErrorResponse(err: unknown, logger: Logger, route: string): HttpResponseInit {
  if (err instanceof CallbackRejected) {
    logger.warn('callback rejected', { route, reason: err.reason, detail: err.message });
    const status = err.reason === 'too-large' ? 413 : ['signature', 'timestamp', 'receive-id'].includes(err.reason) ? 401 : 400;
    return text(status, status === 413 ? 'payload too large' : status === 401 ? 'unauthorized' : 'bad request');
  }
  if (err instanceof StorageUnavailable) {
    logger.error('storage unavailable; nothing acknowledged', { route, detail: err.message });
    return text(503, 'storage unavailable');
  }
  logger.error('unexpected error', { route, error: err instanceof Error ? err.name : 'unknown' });
  return text(500, 'internal error');
}

export function pageErrorResponse(err: unknown, logger: Logger, route: string): HttpResponseInit {
  if (err instanceof AuthorizationFailed) {
    logger.warn('authorization refused', { route, reason: err.messageKey });
    return htmlPage(PAGE_STATUS[err.messageKey] ?? 400, renderAuthorizationError(err.messageKey));
  }
  if (err instanceof StorageUnavailable) {
    logger.error('storage unavailable', { route, detail: err.message });
    return htmlPage(503, renderAuthorizationError('wechat-unavailable'));
  }
  logger.error('unexpected error', { route, error: err instanceof Error ? err.name : 'unknown' });
  return htmlPage(500, renderAuthorizationError('wechat-unavailable'));
}

export function text(status: number, body: string): HttpResponseInit {
  return { status, body, headers: { 'content-type': 'text/plain; charset=utf-8' } };
}

/** Failures of the authorization pages that are not plain bad input (400). */
const PAGE_STATUS: Partial<Record<AuthorizationFailure, number>> = {
  'browser-mismatch': 401,
  'state-used': 409,
  'exchange-pending': 503,
  'wechat-unavailable': 502,
};

/** A relay page with its own security headers (CSP, nosniff, referrer policy, no-store: pages/html.ts). */
export function htmlPage(status: number, page: RelayPage): HttpResponseInit {
  return { status, body: page.html, headers: { ...page.headers } };
}
