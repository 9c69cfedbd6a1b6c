/**
 * GET /api/wechat/oauth/{appid}?scope=base|userinfo[&bind=<binding scene>] — a follower's link (a menu button,
 * a message) to the relay page that knows who they are: a 302 to WeChat's authorize page for the account, with
 * the platform's component_appid and a signed single-use state (relay/oauth). Only for accounts that granted
 * permission set 4. Anonymous; rate-limited per client; one registry read and one store write per start.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Official_Accounts/official_account_website_authorization.html
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { currentRelay } from '../app/current.js';
import { pageLanguage } from '../pages/web-authorization-texts.js';
import { rateLimited } from './rate-limit.js';
import { WEB_AUTHORIZATION_LIMITS, webAuthorizationErrorResponse } from './wechat-oauth-responses.js';

export async function wechatOAuthStart(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const relay = currentRelay();
  const logger = relay.logger(context);
  try {
    const { location } = await relay.services.startWebAuthorization(
      { appid: request.params.appid ?? '', scope: request.query.get('scope'), bind: request.query.get('bind') },
      logger,
    );
    // WeChat's own browser follows a plain redirect to open.weixin.qq.com (the 授权发起页域名 check is the admin flow's).
    return { status: 302, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } };
  } catch (err) {
    return webAuthorizationErrorResponse(err, pageLanguage(request.headers.get('accept-language')), logger, 'wechat/oauth/{appid}');
  }
}

app.http('wechatOAuthStart', {
  route: 'wechat/oauth/{appid}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: rateLimited(WEB_AUTHORIZATION_LIMITS.start, wechatOAuthStart),
});
