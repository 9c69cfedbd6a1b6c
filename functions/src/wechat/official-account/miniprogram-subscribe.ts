/**
 * A Mini Program's subscribe message (订阅消息) sent by the platform with the Mini Program's authorizer token, to a
 * user whose requestSubscribeMessage accepted the template (a one-time subscription allows one message per accept).
 * Errors: 43101 (no subscription left), 47003 (a value breaks its rule; errmsg names the field), 40037 (template id),
 * 41030 (page not in the released version).
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';
import { msgidOf, type SubscriptionData } from './subscribe.js';

/** developer 开发版, trial 体验版, formal 正式版 (WeChat's default). */
export type MiniProgramState = 'developer' | 'trial' | 'formal';
export type MiniProgramLang = 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';

export interface MiniProgramSendRequest {
  touser: string;
  templateId: string;
  data: SubscriptionData;
  /** A page of this Mini Program, parameters allowed (index?foo=bar). */
  page?: string;
  miniprogramState?: MiniProgramState;
  lang?: MiniProgramLang;
}

export interface MiniProgramSubscribeApi {
  send(token: TokenSource, request: MiniProgramSendRequest): Promise<{ msgid?: string }>;
}

export function createMiniProgramSubscribeApi(client: WechatApiClient): MiniProgramSubscribeApi {
  return {
    async send(token, request) {
      const body: Record<string, unknown> = { touser: request.touser, template_id: request.templateId, data: request.data };
      if (request.page) body.page = request.page;
      if (request.miniprogramState) body.miniprogram_state = request.miniprogramState;
      if (request.lang) body.lang = request.lang;
      const msgid = msgidOf(await client.request<Record<string, unknown>>({ method: 'POST', path: '/cgi-bin/message/subscribe/send', body, token }));
      return msgid ? { msgid } : {};
    },
  };
}
