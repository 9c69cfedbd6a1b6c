/** GET /api/wechat/authorize — starts authorization from Start To Use (302 to WeChat's page). */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { pageErrorResponse } from './http-errors.js';

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
    return { status: 302, headers: { location, 'cache-control': 'no-store' } };
  } catch (err) {
    return pageErrorResponse(err, relay.logger, 'wechat/authorize');
  }
}

app.http('wechatAuthorize', { route: 'wechat/authorize', methods: ['GET'], authLevel: 'anonymous', handler: wechatAuthorize });
