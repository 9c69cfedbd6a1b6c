/**
 * How the web authorization routes answer: the follower's page in their language, with a status that says what
 * happened. A refusal is the follower's (or a forger's) input, so 4xx; our storage or WeChat failing is 503/502
 * with "try again later"; never a stack trace, never the code or the state in a log.
 */
import type { HttpResponseInit } from '@azure/functions';
import { renderWebAuthorizationRefusal, renderWebAuthorizationUnavailable } from '../pages/web-authorization-pages.js';
import type { PageLanguage } from '../pages/web-authorization-texts.js';
import { StorageUnavailable } from '../relay/errors.js';
import { WebAuthorizationRefused, type WebAuthorizationRefusal } from '../relay/oauth/web-authorization.js';
import type { Logger } from '../relay/ports/logger.js';
import { WechatApiError } from '../wechat/api/errors.js';
import { htmlPage } from './http-errors.js';

export const REFUSAL_STATUS: Record<WebAuthorizationRefusal, number> = {
  'invalid-request': 400,
  'forged-state': 400,
  'not-granted': 403,
  denied: 403,
  'expired-state': 410,
  'in-progress': 409,
  'code-used': 409,
};

export function webAuthorizationErrorResponse(err: unknown, language: PageLanguage, logger: Logger, route: string): HttpResponseInit {
  if (err instanceof WebAuthorizationRefused) {
    logger.warn('web authorization refused', { route, reason: err.reason });
    return htmlPage(REFUSAL_STATUS[err.reason], renderWebAuthorizationRefusal(err.reason, language));
  }
  if (err instanceof StorageUnavailable) {
    logger.error('storage unavailable', { route, detail: err.message });
    return htmlPage(503, renderWebAuthorizationUnavailable(language));
  }
  if (err instanceof WechatApiError) {
    logger.error('WeChat refused web authorization', { route, errcode: err.errcode });
    return htmlPage(502, renderWebAuthorizationUnavailable(language));
  }
  logger.error('unexpected error', { route, error: err instanceof Error ? err.name : 'unknown' });
  return htmlPage(500, renderWebAuthorizationUnavailable(language));
}

/** A page per client is cheap, but a bot can still ask: the same budget as the admin authorization routes. */
export const WEB_AUTHORIZATION_LIMITS = {
  start: { route: 'wechat/oauth/{appid}', burst: 10, perMinute: 30 },
  landing: { route: 'wechat/oauth/{appid}/callback', burst: 10, perMinute: 30 },
} as const;
