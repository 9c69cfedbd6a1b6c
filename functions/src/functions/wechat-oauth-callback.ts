/**
 * GET /api/wechat/oauth/{appid}/callback?code=…&state=… — WeChat sends the follower's browser back. The state
 * must be one we signed for this account (a forged or edited one is refused before any read); the code is
 * exchanged once; a second landing (WeChat's double redirect, a reload) shows the first one's page without
 * calling WeChat. The page is in the follower's language (Accept-Language).
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { renderWebAuthorizationResult } from '../pages/web-authorization-pages.js';
import { pageLanguage } from '../pages/web-authorization-texts.js';
import { htmlPage } from './http-errors.js';
import { rateLimited } from './rate-limit.js';
import { WEB_AUTHORIZATION_LIMITS, webAuthorizationErrorResponse } from './wechat-oauth-responses.js';

export async function wechatOAuthCallback(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay();
  const logger = relay.logger(context);
  const language = pageLanguage(request.headers.get('accept-language'));
  try {
    const result = await relay.services.landWebAuthorization(
      { appid: request.params.appid ?? '', code: request.query.get('code'), state: request.query.get('state') },
      logger,
    );
    return htmlPage(200, renderWebAuthorizationResult(result, language));
  } catch (err) {
    return webAuthorizationErrorResponse(err, language, logger, 'wechat/oauth/{appid}/callback');
  }
}

app.http('wechatOAuthCallback', {
  route: 'wechat/oauth/{appid}/callback',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: rateLimited(WEB_AUTHORIZATION_LIMITS.landing, wechatOAuthCallback),
});
