/**
 * Template messages (模板消息): the account's private templates (get_all_private_template, api_add_template from
 * the category library with template_id_short + keyword_name_list, del_private_template) and message/template/send.
 * As WeChat: verified service accounts only (48001), at most 25 templates (45026), a template id of another account
 * is 40037, a value that is not `{ value: string }` is 47003, a follower who does not follow is 43004, the daily
 * quota is the QuotaBook's `message/template/send` (45009). Since 2023-05-04 WeChat strips first/remark, colours,
 * emoji, line breaks and anything past 20 characters silently and still answers ok: the simulator does the same and
 * keeps what the follower was shown. The same client_msg_id for the same follower answers the first msgid again
 * and sends nothing. After each send TEMPLATESENDJOBFINISH is pushed: `success`, or `failed:user block` for a
 * follower marked as blocking the account's template messages.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { WechatApiError } from '../errors.js';
import { templateJobFinished } from '../push/job-events.js';
import { materialize } from '../state/follower-roster.js';
import type { SimState } from '../state/simulator-state.js';
import {
  MAX_PRIVATE_TEMPLATES,
  TEMPLATE_LIBRARY,
  templateBook,
  templateFromLibrary,
  type DeliveredTemplate,
  type SimTemplate,
  type TemplateBook,
} from '../state/templates.js';
import { requireCapability } from './capabilities.js';
import { OK, type ApiSpec } from './registry.js';

/** 25 templates already (api_add_template). */
export const TEMPLATE_LIMIT_REACHED = 45026;
/** A value WeChat cannot read (not `{ value: string }`). */
export const INVALID_TEMPLATE_DATA = 47003;
const MAX_VALUE_CHARACTERS = 20;
const MAX_KEYWORDS = 5;
const RETIRED = new Set(['first', 'remark']);
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3|\uFE0F/gu;

let msgSeq = 3_000_000_000;

/** What WeChat shows of a value since 2023-05-04. */
export function stripValue(value: string): string {
  return Array.from(value.replace(EMOJI, '').replace(/[\r\n\u2028\u2029]+/g, ''))
    .slice(0, MAX_VALUE_CHARACTERS)
    .join('');
}

function wire(t: SimTemplate): Record<string, string> {
  return {
    template_id: t.templateId,
    title: t.title,
    primary_industry: t.primaryIndustry,
    deputy_industry: t.deputyIndustry,
    content: t.content,
    example: t.example,
  };
}

/** Adds a library template to the account (the API and the sandbox's seeding share it). */
export function addLibraryTemplate(state: SimState, appid: string, shortId: unknown, keywordNames: unknown): SimTemplate {
  const book = templateBook(state, appid);
  const library = TEMPLATE_LIBRARY.find((t) => t.shortId === shortId);
  if (!library) throw new WechatApiError(40037, 'invalid template_id_short');
  if (!Array.isArray(keywordNames) || keywordNames.length === 0 || keywordNames.length > MAX_KEYWORDS || !keywordNames.every((k) => typeof k === 'string')) {
    throw new WechatApiError(INVALID_TEMPLATE_DATA, 'invalid keyword_name_list');
  }
  if (book.templates.size >= MAX_PRIVATE_TEMPLATES) throw new WechatApiError(TEMPLATE_LIMIT_REACHED, 'template num exceeds limit');
  book.added += 1;
  const template = templateFromLibrary(appid, library, keywordNames as string[], book.added);
  if (!template) throw new WechatApiError(INVALID_TEMPLATE_DATA, 'invalid keyword_name_list');
  book.templates.set(template.templateId, template);
  return template;
}

function shownValues(template: SimTemplate, data: Record<string, unknown>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [key, field] of Object.entries(data)) {
    if (typeof field !== 'object' || field === null || typeof (field as { value?: unknown }).value !== 'string') {
      throw new WechatApiError(INVALID_TEMPLATE_DATA, `argument invalid! data.${key}.value invalid`);
    }
    // Keys the template does not have, and the retired first/remark, are dropped; colours are never shown.
    if (RETIRED.has(key) || !template.content.includes(`{{${key}.DATA}}`)) continue;
    shown[key] = stripValue((field as { value: string }).value);
  }
  return shown;
}

function send(state: SimState, book: TemplateBook, appid: string, body: Record<string, unknown>): Record<string, unknown> {
  const template = typeof body.template_id === 'string' ? book.templates.get(body.template_id) : undefined;
  if (!template) throw new WechatApiError(40037);
  if (typeof body.data !== 'object' || body.data === null || Array.isArray(body.data)) throw new WechatApiError(47001);
  const shown = shownValues(template, body.data as Record<string, unknown>);
  const account = state.account(appid);
  const follower = typeof body.touser === 'string' ? materialize(account, body.touser) : undefined;
  if (!follower) throw new WechatApiError(40003);
  if (!follower.following) throw new WechatApiError(43004);
  const clientMsgId = typeof body.client_msg_id === 'string' && body.client_msg_id !== '' ? `${follower.openid}|${body.client_msg_id}` : undefined;
  const first = clientMsgId === undefined ? undefined : book.clientMsgIds.get(clientMsgId);
  if (first !== undefined) return { ...OK, msgid: first };
  msgSeq += 1;
  const msgid = msgSeq;
  if (clientMsgId) book.clientMsgIds.set(clientMsgId, msgid);
  const status = book.blocking.has(follower.openid) ? 'failed:user block' : 'success';
  const delivered: DeliveredTemplate = { openid: follower.openid, templateId: template.templateId, msgid, shown, status };
  if (typeof body.url === 'string' && body.url) delivered.url = body.url;
  const mini = body.miniprogram as { appid?: unknown; pagepath?: unknown } | undefined;
  if (mini && typeof mini.appid === 'string')
    delivered.miniprogram = { appid: mini.appid, ...(typeof mini.pagepath === 'string' ? { pagepath: mini.pagepath } : {}) };
  book.delivered.push(delivered);
  templateJobFinished(state, account, follower.openid, msgid, status);
  return { ...OK, msgid };
}

export const templateApis: ApiSpec[] = [
  {
    api: 'template/get_all_private_template',
    auth: 'authorizer',
    scope: 7,
    handle({ state, account }) {
      requireCapability(account, 'verified-service');
      return { template_list: [...templateBook(state, account.appid).templates.values()].map(wire) };
    },
  },
  {
    api: 'template/api_add_template',
    auth: 'authorizer',
    scope: 7,
    handle({ state, account, json }) {
      requireCapability(account, 'verified-service');
      const body = json();
      return { ...OK, template_id: addLibraryTemplate(state, account.appid, body.template_id_short, body.keyword_name_list).templateId };
    },
  },
  {
    api: 'template/del_private_template',
    auth: 'authorizer',
    scope: 7,
    handle({ state, account, json }) {
      requireCapability(account, 'verified-service');
      const id = json().template_id;
      const book = templateBook(state, account.appid);
      if (typeof id !== 'string' || !book.templates.delete(id)) throw new WechatApiError(40037);
      return { ...OK };
    },
  },
  {
    api: 'message/template/send',
    auth: 'authorizer',
    scope: 7,
    outbound: true,
    handle({ state, account, json }) {
      requireCapability(account, 'verified-service');
      return send(state, templateBook(state, account.appid), account.appid, json());
    },
  },
];
