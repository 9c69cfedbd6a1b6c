/** GET /api/wechat/authorize/callback — WeChat sends the browser back with auth_code; shows the result page. */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { renderAuthorizationResult } from '../pages/authorization-pages.js';
import { htmlPage, pageErrorResponse } from './http-errors.js';

export async function wechatAuthorizeCallback(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay().forInvocation(context);
  try {
    const result = await relay.completeAuthorization({
      state: request.query.get('state'),
      authCode: request.query.get('auth_code'),
    });
    return htmlPage(200, renderAuthorizationResult(result));
  } catch (err) {
    return pageErrorResponse(err, relay.logger, 'wechat/authorize/callback');
  }
}

app.http('wechatAuthorizeCallback', {
  route: 'wechat/authorize/callback',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: wechatAuthorizeCallback,
});
