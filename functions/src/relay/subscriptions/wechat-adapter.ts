/**
 * The subscription use cases' view of WeChat: the newtmpl template APIs and bizsend (Official Accounts) and
 * subscribe/send (Mini Programs), each with the authorizer's token from the shared provider.
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 */
import type { TokenSource, WechatApiClient } from '../../wechat/index.js';
import { createMiniProgramSubscribeApi } from '../../wechat/official-account/miniprogram-subscribe.js';
import { createSubscribeApi } from '../../wechat/official-account/subscribe.js';
import type { SubscriptionWechat } from './deps.js';

export function subscriptionWechat(api: WechatApiClient, tokens: { forAuthorizer(appid: string): TokenSource }): SubscriptionWechat {
  const oa = createSubscribeApi(api);
  const mp = createMiniProgramSubscribeApi(api);
  const t = (appid: string) => tokens.forAuthorizer(appid);
  return {
    addTemplate: (appid, tid, kidList, sceneDesc) => oa.addTemplate(t(appid), tid, kidList, sceneDesc),
    templates: (appid) => oa.templates(t(appid)),
    deleteTemplate: (appid, id) => oa.deleteTemplate(t(appid), id),
    bizsend: (appid, request) => oa.bizsend(t(appid), request),
    miniProgramSend: (appid, request) => mp.send(t(appid), request),
  };
}
