/**
 * GET /api/wechat/authorize — starts authorization from Start To Use: a page on the relay's domain that goes on
 * to WeChat's authorization page (WeChat checks that the referrer is on the platform's 授权发起页域名, which a
 * 302 from here would not give it), and the cookie that ties the authorization to this browser.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { RATE_LIMITS, rateLimited } from './rate-limit.js';
import { renderAuthorizationHop } from '../pages/authorization-pages.js';
import { browserCookie, readCookie } from '../relay/authorization/browser-binding.js';
import { htmlPage, pageErrorResponse } from './http-errors.js';

export async function wechatAuthorize(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay();
  const logger = relay.logger(context);
  const cookie = browserCookie(relay.settings.publicUrl);
  try {
    const started = await relay.services.startAuthorization(
      {
        originalId: request.query.get('originalId'),
        returnUrl: request.query.get('returnUrl'),
        accountType: request.query.get('accountType'),
        orgUrl: request.query.get('orgUrl'),
        mobile: request.query.get('mobile') === '1',
        browserSecret: readCookie(request.headers.get('cookie'), cookie.name),
      },
      logger,
    );
    return {
      ...htmlPage(200, renderAuthorizationHop(started.location, started.org)),
      cookies: [
        // Lax, not Strict: the cookie must come back on WeChat's top-level redirect to the callback.
        {
          name: cookie.name,
          value: started.browserSecret,
          path: cookie.path,
          httpOnly: true,
          sameSite: 'Lax',
          secure: cookie.secure,
          maxAge: started.maxAgeSeconds,
        },
      ],
    };
  } catch (err) {
    return pageErrorResponse(err, logger, 'wechat/authorize');
  }
}

app.http('wechatAuthorize', {
  route: 'wechat/authorize',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: rateLimited(RATE_LIMITS.authorize, wechatAuthorize),
});
