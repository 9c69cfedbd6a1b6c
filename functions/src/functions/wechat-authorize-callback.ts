/**
 * GET /api/wechat/authorize/callback — WeChat sends the browser back with auth_code; the state must be ours,
 * unused and come with the cookie /authorize gave this browser. Shows the result page.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { RATE_LIMITS, rateLimited } from './rate-limit.js';
import { renderAuthorizationResult } from '../pages/authorization-pages.js';
import { browserCookie, readCookie } from '../relay/authorization/browser-binding.js';
import { htmlPage, pageErrorResponse } from './http-errors.js';

export async function wechatAuthorizeCallback(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay();
  const logger = relay.logger(context);
  try {
    const result = await relay.services.completeAuthorization(
      {
        state: request.query.get('state'),
        authCode: request.query.get('auth_code'),
        browserSecret: readCookie(request.headers.get('cookie'), browserCookie(relay.settings.publicUrl).name),
      },
      logger,
    );
    return htmlPage(200, renderAuthorizationResult(result));
  } catch (err) {
    return pageErrorResponse(err, logger, 'wechat/authorize/callback');
  }
}

app.http('wechatAuthorizeCallback', {
  route: 'wechat/authorize/callback',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: rateLimited(RATE_LIMITS.authorizeCallback, wechatAuthorizeCallback),
});
