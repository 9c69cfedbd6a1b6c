/**
 * Subscription notifications (公众号订阅通知, set 89) and Mini Program subscribe messages (订阅消息): the template
 * library and templates under /wxaapi/newtmpl/ (getcategory, getpubtemplatetitles, getpubtemplatekeywords,
 * addtemplate with 2–5 keywords, gettemplate, deltemplate), bizsend for an Official Account and subscribe/send for a
 * Mini Program. Values are judged per type as WeChat's table says (47003 naming the field: "argument invalid!
 * data.thing1.value invalid"); a user without consent gets 43101; each send pushes subscribe_msg_sent_event.
 * The value checks here are the simulator's own reading of the table, written apart from the relay's rules.ts.
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 */
import { randomBytes } from 'node:crypto';
import { WechatApiError } from '../errors.js';
import { sentLater } from '../push/subscribe-events.js';
import type { SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';
import { consentKey, LIBRARY_CATEGORIES, LIBRARY_TITLES, subscriptionBook, templatesOf, type SimTemplate } from '../state/subscriptions.js';
import { requireFollower } from './capabilities.js';
import { OK, type ApiContext, type ApiSpec } from './registry.js';

export const NO_CONSENT = 43101;
export const BAD_DATA = 47003;
export const MAX_TEMPLATES = 50;
/** addtemplate: 200012 too many templates, 200014 unknown tid, 200020 bad kidList. */
export const TOO_MANY_TEMPLATES = 200012;
export const BAD_TID = 200014;
export const BAD_KID_LIST = 200020;

const HAN = /^\p{Script=Han}+$/u;
const DATE = String.raw`(\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})`;
const CLOCK = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`;
const spanOf = (point: RegExp) => (v: string) => v.split('~').every((p) => point.test(p.trim()));

/** The table of 参数值内容限制说明, one test per type. */
const VALUE_TYPES: Record<string, (v: string) => boolean> = {
  thing: (v) => [...v].length <= 20,
  number: (v) => /^\d{1,32}(\.\d+)?$/.test(v) && v.length <= 32,
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => /^[^\p{L}\p{N}\s]{1,5}$/u.test(v),
  character_string: (v) => /^[\x21-\x7e]{1,32}$/.test(v),
  time: spanOf(new RegExp(`^(${DATE}\\s*)?${CLOCK}$`)),
  date: spanOf(new RegExp(`^${DATE}(\\s*${CLOCK})?$`)),
  amount: (v) => /^[¥￥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => /^[\d\p{P}\p{S}]{1,17}$/u.test(v),
  car_number: (v) => [...v].length <= 8 && /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9]?$/u.test(v),
  name: (v) => (/\p{Script=Han}/u.test(v) ? /^[\p{Script=Han}A-Za-z·]{1,10}$/u.test(v) : /^[A-Za-z\p{P}\p{S} ]{1,20}$/u.test(v)),
  phrase: (v) => HAN.test(v) && [...v].length <= 5,
};

function checkData(template: SimTemplate, data: unknown): void {
  if (typeof data !== 'object' || data === null) throw new WechatApiError(BAD_DATA, 'argument invalid! data is empty');
  const given = data as Record<string, unknown>;
  for (const [key, rule] of template.rules) {
    const entry = given[key];
    const value = typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined;
    if (typeof value !== 'string' || value === '') throw new WechatApiError(BAD_DATA, `argument invalid! data.${key}.value is empty`);
    const ok = VALUE_TYPES[rule];
    if (/[\r\n]/.test(value) || (ok && !ok(value))) throw new WechatApiError(BAD_DATA, `argument invalid! data.${key}.value invalid`);
  }
}

function templateFor(account: SimAccount, state: SimState, id: unknown): SimTemplate {
  const t = typeof id === 'string' ? templatesOf(state, account.appid).get(id) : undefined;
  if (!t) throw new WechatApiError(40037);
  return t;
}

/** The consent check and its use: an Official Account's lasts, a Mini Program's accept allows one message. */
function useConsent(state: SimState, account: SimAccount, openid: string, templateId: string): void {
  const consent = subscriptionBook(state).consents.get(consentKey(account.appid, openid, templateId));
  if (!consent || consent.status !== 'accept' || (account.isMiniProgram && consent.remaining < 1)) {
    throw new WechatApiError(NO_CONSENT, 'user refuse to accept the msg');
  }
  if (account.isMiniProgram) consent.remaining -= 1;
}

function send(ctx: ApiContext, miniProgram: boolean): Record<string, unknown> {
  const { state, account } = ctx;
  if (account.isMiniProgram !== miniProgram) throw new WechatApiError(48001);
  const body = ctx.json();
  const template = templateFor(account, state, body.template_id);
  const openid = body.touser;
  if (typeof openid !== 'string' || openid === '') throw new WechatApiError(40003);
  if (!miniProgram) requireFollower(account, openid);
  checkData(template, body.data);
  if (miniProgram && body.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(String(body.miniprogram_state))) {
    throw new WechatApiError(BAD_DATA, 'argument invalid! miniprogram_state invalid');
  }
  useConsent(state, account, openid, template.priTmplId);
  const book = subscriptionBook(state);
  book.nextMsgId += 1n;
  const msgid = String(book.nextMsgId);
  sentLater(state, account, openid, template.priTmplId, msgid);
  // WeChat answers msgid as a JSON number (64 bits: a JavaScript client reads it rounded); the receipt event carries its exact digits.
  return { ...OK, msgid: Number(msgid) };
}

const intList = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.every((k) => Number.isInteger(typeof k === 'string' ? Number(k) : k)) ? v.map(Number) : undefined;

export const subscribeApis: ApiSpec[] = [
  {
    api: 'wxaapi/newtmpl/getcategory',
    auth: 'authorizer',
    handle: () => ({ ...OK, data: LIBRARY_CATEGORIES.map((c) => ({ id: c.id, name: c.name })) }),
  },
  {
    api: 'wxaapi/newtmpl/getpubtemplatetitles',
    auth: 'authorizer',
    handle({ query }) {
      const ids = (query.get('ids') ?? '').split(',').filter(Boolean).map(Number);
      const start = Number(query.get('start') ?? 0);
      const limit = Number(query.get('limit') ?? 30);
      if (ids.length === 0 || !Number.isInteger(start) || start < 0 || !Number.isInteger(limit) || limit < 1 || limit > 30) throw new WechatApiError(47001);
      const titles = LIBRARY_TITLES.filter((t) => ids.includes(t.categoryId));
      return {
        ...OK,
        count: titles.length,
        data: titles.slice(start, start + limit).map((t) => ({ tid: t.tid, title: t.title, type: t.type, categoryId: String(t.categoryId) })),
      };
    },
  },
  {
    api: 'wxaapi/newtmpl/getpubtemplatekeywords',
    auth: 'authorizer',
    handle({ query }) {
      const title = LIBRARY_TITLES.find((t) => t.tid === Number(query.get('tid')));
      if (!title) throw new WechatApiError(BAD_TID, 'invalid tid');
      return { ...OK, count: title.keywords.length, data: title.keywords.map((k) => ({ kid: k.kid, name: k.name, example: k.example, rule: k.rule })) };
    },
  },
  {
    api: 'wxaapi/newtmpl/addtemplate',
    auth: 'authorizer',
    handle({ state, account, json }) {
      const body = json();
      const title = LIBRARY_TITLES.find((t) => t.tid === Number(body.tid));
      if (!title) throw new WechatApiError(BAD_TID, 'invalid tid');
      const kids = intList(body.kidList);
      if (!kids || kids.length < 2 || kids.length > 5 || new Set(kids).size !== kids.length) throw new WechatApiError(BAD_KID_LIST, 'invalid kidList');
      const keywords = kids.map((kid) => title.keywords.find((k) => k.kid === kid));
      if (keywords.some((k) => k === undefined)) throw new WechatApiError(BAD_KID_LIST, 'invalid kidList');
      const mine = templatesOf(state, account.appid);
      if (mine.size >= MAX_TEMPLATES) throw new WechatApiError(TOO_MANY_TEMPLATES, 'template count limit reached');
      const priTmplId = randomBytes(32).toString('base64url').slice(0, 43);
      const rules = new Map<string, string>();
      const lines: string[] = [];
      const examples: string[] = [];
      for (const k of keywords as NonNullable<(typeof keywords)[number]>[]) {
        const key = `${k.rule}${k.kid}`;
        rules.set(key, k.rule);
        lines.push(`${k.name}:{{${key}.DATA}}`);
        examples.push(`${k.name}:${k.example}`);
      }
      mine.set(priTmplId, { priTmplId, tid: title.tid, title: title.title, type: title.type, content: lines.join('\n'), example: examples.join('\n'), rules });
      return { ...OK, priTmplId };
    },
  },
  {
    api: 'wxaapi/newtmpl/gettemplate',
    auth: 'authorizer',
    handle: ({ state, account }) => ({
      ...OK,
      data: [...templatesOf(state, account.appid).values()].map((t) => ({
        priTmplId: t.priTmplId,
        title: t.title,
        content: t.content,
        example: t.example,
        type: t.type,
      })),
    }),
  },
  {
    api: 'wxaapi/newtmpl/deltemplate',
    auth: 'authorizer',
    handle({ state, account, json }) {
      const id = json().priTmplId;
      if (typeof id !== 'string' || !templatesOf(state, account.appid).delete(id)) throw new WechatApiError(40037);
      return { ...OK };
    },
  },
  // 订阅通知: permission set 89 (48001 without it), an Official Account only.
  { api: 'message/subscribe/bizsend', auth: 'authorizer', scope: 89, outbound: true, handle: (ctx) => send(ctx, false) },
  // 订阅消息: a Mini Program only.
  { api: 'message/subscribe/send', auth: 'authorizer', outbound: true, handle: (ctx) => send(ctx, true) },
];
