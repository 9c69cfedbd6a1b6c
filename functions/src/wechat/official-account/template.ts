/**
 * Template messages (模板消息) of a verified service account, called with the authorizer's token: the account's
 * private templates (list, add from the category library, delete) and the send. Errors surface as WechatApiError
 * with WeChat's errcode: 40037 (template id not of this account), 47003 (a value WeChat refuses), 43004 (the
 * follower does not follow), 45026 (25 templates already), 40036 (no such library template), 45009 (daily quota).
 * The relay checks the 2023-05-04 rules before sending (relay/templates/rules.ts): WeChat strips what breaks them
 * silently and still answers ok.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';

/** A template the account holds (get_all_private_template). */
export interface PrivateTemplate {
  templateId: string;
  title: string;
  primaryIndustry: string;
  deputyIndustry: string;
  /** With `{{key.DATA}}` placeholders. */
  content: string;
  example: string;
}

export interface TemplateSend {
  touser: string;
  templateId: string;
  /** `{ key: value }`: sent as WeChat's `{ key: { value } }`, never with a colour (WeChat drops colours since 2023). */
  data: Readonly<Record<string, string>>;
  url?: string;
  /** With both url and miniprogram, WeChat opens the mini program (the url is the fallback on old clients). */
  miniprogram?: { appid: string; pagepath?: string };
  /** WeChat's idempotency key for the send (at most 64 characters): derive it from the row, never reuse it. */
  clientMsgId?: string;
}

export interface TemplateApi {
  listTemplates(token: TokenSource): Promise<PrivateTemplate[]>;
  addTemplate(token: TokenSource, shortId: string, keywordNames: readonly string[]): Promise<string>;
  deleteTemplate(token: TokenSource, templateId: string): Promise<void>;
  /** The msgid WeChat answers; TEMPLATESENDJOBFINISH later reports it with the delivery's Status. */
  send(token: TokenSource, message: TemplateSend): Promise<string>;
}

/** client_msg_id is at most this long (WeChat's document). */
export const MAX_CLIENT_MSG_ID = 64;

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function createTemplateApi(client: WechatApiClient): TemplateApi {
  const post = (path: string, body: Json, token: TokenSource) => client.request<Json>({ method: 'POST', path, body, token });
  return {
    /** 获取模板列表: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#获取模板列表 */
    async listTemplates(token) {
      const r = await client.request<Json>({ method: 'GET', path: '/cgi-bin/template/get_all_private_template', token });
      const list = Array.isArray(r.template_list) ? (r.template_list as Json[]) : [];
      return list.map((t) => ({
        templateId: str(t.template_id),
        title: str(t.title),
        primaryIndustry: str(t.primary_industry),
        deputyIndustry: str(t.deputy_industry),
        content: str(t.content),
        example: str(t.example),
      }));
    },

    /** 获得模板ID (api_add_template: template_id_short + keyword_name_list, the 2023 form that picks the keywords). */
    async addTemplate(token, shortId, keywordNames) {
      if (!shortId.trim()) throw new RangeError('a library template needs its short id (template_id_short)');
      const r = await post('/cgi-bin/template/api_add_template', { template_id_short: shortId.trim(), keyword_name_list: [...keywordNames] }, token);
      const id = str(r.template_id);
      if (!id) throw new RangeError('api_add_template answered without a template_id');
      return id;
    },

    /** 删除模板: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#删除模板 */
    async deleteTemplate(token, templateId) {
      await post('/cgi-bin/template/del_private_template', { template_id: templateId }, token);
    },

    /** 发送模板消息: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html#发送模板消息 */
    async send(token, m) {
      if (m.clientMsgId !== undefined && (m.clientMsgId.length === 0 || m.clientMsgId.length > MAX_CLIENT_MSG_ID)) {
        throw new RangeError(`client_msg_id has 1–${MAX_CLIENT_MSG_ID} characters (got ${m.clientMsgId.length})`);
      }
      const body: Json = {
        touser: m.touser,
        template_id: m.templateId,
        data: Object.fromEntries(Object.entries(m.data).map(([k, value]) => [k, { value }])),
      };
      if (m.url) body.url = m.url;
      if (m.miniprogram) body.miniprogram = { appid: m.miniprogram.appid, ...(m.miniprogram.pagepath ? { pagepath: m.miniprogram.pagepath } : {}) };
      if (m.clientMsgId) body.client_msg_id = m.clientMsgId;
      const r = await post('/cgi-bin/message/template/send', body, token);
      return str(r.msgid);
    },
  };
}
