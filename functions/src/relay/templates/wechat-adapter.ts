/**
 * The template use cases' view of WeChat: the template APIs as the authorizer, its token from the shared provider.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import type { TokenSource, WechatApiClient } from '../../wechat/index.js';
import { createTemplateApi } from '../../wechat/official-account/template.js';
import type { TemplateWechat } from './deps.js';

export function templateWechat(api: WechatApiClient, tokens: { forAuthorizer(appid: string): TokenSource }): TemplateWechat {
  const t = createTemplateApi(api);
  return {
    list: (appid) => t.listTemplates(tokens.forAuthorizer(appid)),
    add: (appid, shortId, keywords) => t.addTemplate(tokens.forAuthorizer(appid), shortId, keywords),
    remove: (appid, id) => t.deleteTemplate(tokens.forAuthorizer(appid), id),
    send: (appid, message) => t.send(tokens.forAuthorizer(appid), message),
  };
}
