/**
 * GET /api/wechat/authorize — starts authorization from Start To Use: a page on the relay's domain that goes on
 * to WeChat's authorization page (WeChat checks that the referrer is on the platform's 授权发起页域名, which a
 * 302 from here would not give it).
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { renderAuthorizationHop } from '../pages/authorization-pages.js';
import { htmlPage, pageErrorResponse } from './http-errors.js';

export async function wechatAuthorize(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay().forInvocation(context);
  try {
    const location = await relay.startAuthorization({
      originalId: request.query.get('originalId'),
      returnUrl: request.query.get('returnUrl'),
      accountType: request.query.get('accountType'),
      orgUrl: request.query.get('orgUrl'),
      mobile: request.query.get('mobile') === '1',
    });
    return htmlPage(200, renderAuthorizationHop(location));
  } catch (err) {
    return pageErrorResponse(err, relay.logger, 'wechat/authorize');
  }
}

app.http('wechatAuthorize', { route: 'wechat/authorize', methods: ['GET'], authLevel: 'anonymous', handler: wechatAuthorize });
