/**
 * Subscription notifications of an Official Account (订阅通知, permission set 89), called by the platform with the
 * authorizer's token: the public template library (/wxaapi/newtmpl: categories, titles of a category, keywords of a
 * title), the account's own templates (add 2–5 keywords of a library title, list, delete) and bizsend to a follower
 * who consented. The library and template APIs are shared with Mini Programs (the same paths, the Mini Program's token).
 * Errors surface as WechatApiError with WeChat's errcode: 43101 (the follower did not consent or withdrew it),
 * 47003 (a value breaks its rule; errmsg names the field), 40037 (template id not of this account), 200011/200012
 * (template library limits), 48001 (set 89 not granted).
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';

/** addtemplate takes 2 to 5 keyword ids of the library title. */
export const MIN_TEMPLATE_KEYWORDS = 2;
export const MAX_TEMPLATE_KEYWORDS = 5;

export interface LibraryCategory {
  id: number;
  name: string;
}

export interface LibraryTitle {
  tid: number;
  title: string;
  /** 2: one-time (一次性订阅); 3: long-term (长期订阅). */
  type: number;
  categoryId: string;
}

export interface LibraryKeyword {
  kid: number;
  name: string;
  example: string;
  /** The value type: thing, number, time, phrase, … (rules.ts). */
  rule: string;
}

export interface AccountTemplate {
  /** priTmplId: the template_id bizsend and subscribe/send take. */
  templateId: string;
  title: string;
  content: string;
  example: string;
  type: number;
  /** enum fields: keywordCode (enum1.DATA) → values. */
  enumValues: Record<string, string[]>;
}

export type SubscriptionData = Record<string, { value: string }>;

export interface BizSendRequest {
  touser: string;
  templateId: string;
  data: SubscriptionData;
  /** A web page the notification opens. */
  page?: string;
  /** Or a Mini Program page (wins over page). */
  miniprogram?: { appid: string; pagepath: string };
}

export interface SubscribeApi {
  categories(token: TokenSource): Promise<LibraryCategory[]>;
  titles(token: TokenSource, categoryIds: readonly number[], start?: number, limit?: number): Promise<{ count: number; titles: LibraryTitle[] }>;
  keywords(token: TokenSource, tid: number): Promise<LibraryKeyword[]>;
  addTemplate(token: TokenSource, tid: number, kidList: readonly number[], sceneDesc?: string): Promise<string>;
  templates(token: TokenSource): Promise<AccountTemplate[]>;
  deleteTemplate(token: TokenSource, templateId: string): Promise<void>;
  bizsend(token: TokenSource, request: BizSendRequest): Promise<{ msgid?: string }>;
}

type Json = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as Json[]) : []);

export function checkKeywordCount(kidList: readonly number[]): void {
  if (kidList.length < MIN_TEMPLATE_KEYWORDS || kidList.length > MAX_TEMPLATE_KEYWORDS || !kidList.every((k) => Number.isInteger(k) && k > 0)) {
    throw new RangeError(`a template takes ${MIN_TEMPLATE_KEYWORDS}–${MAX_TEMPLATE_KEYWORDS} keyword ids (got ${kidList.length})`);
  }
}

/** msgid as WeChat answers it (a 64-bit number: kept as text when it comes as a string; large numbers lose digits as JSON numbers). */
export const msgidOf = (r: Json): string | undefined => (r.msgid === undefined || r.msgid === null ? undefined : str(r.msgid) || undefined);

export function createSubscribeApi(client: WechatApiClient): SubscribeApi {
  const get = (path: string, token: TokenSource, query?: Record<string, string | number>) => client.request<Json>({ method: 'GET', path, token, query });
  const post = (path: string, body: Json, token: TokenSource) => client.request<Json>({ method: 'POST', path, body, token });
  return {
    /** getCategory 获取类目: the account's service categories (the library is per category). */
    async categories(token) {
      return list((await get('/wxaapi/newtmpl/getcategory', token)).data).map((c) => ({ id: num(c.id), name: str(c.name) }));
    },

    /** getPubTemplateTitleList 获取模板标题列表: titles of the categories, paged (limit ≤ 30). */
    async titles(token, categoryIds, start = 0, limit = 30) {
      const r = await get('/wxaapi/newtmpl/getpubtemplatetitles', token, { ids: categoryIds.join(','), start, limit });
      return {
        count: num(r.count),
        titles: list(r.data).map((t) => ({ tid: num(t.tid), title: str(t.title), type: num(t.type), categoryId: str(t.categoryId) })),
      };
    },

    /** getPubTemplateKeyWordsById 获取模板关键词列表. */
    async keywords(token, tid) {
      const r = await get('/wxaapi/newtmpl/getpubtemplatekeywords', token, { tid });
      return list(r.data).map((k) => ({ kid: num(k.kid), name: str(k.name), example: str(k.example), rule: str(k.rule) }));
    },

    /** addTemplate 选用模板: 2–5 keywords of a library title, in the order the notification shows them. */
    async addTemplate(token, tid, kidList, sceneDesc) {
      checkKeywordCount(kidList);
      const r = await post('/wxaapi/newtmpl/addtemplate', { tid: String(tid), kidList: [...kidList], ...(sceneDesc ? { sceneDesc } : {}) }, token);
      const id = str(r.priTmplId);
      if (!id) throw new TypeError('addtemplate answered without priTmplId');
      return id;
    },

    /** getTemplateList 获取私有模板列表. */
    async templates(token) {
      return list((await get('/wxaapi/newtmpl/gettemplate', token)).data).map((t) => {
        const enumValues: Record<string, string[]> = {};
        for (const e of list(t.keywordEnumValueList)) {
          const code = str(e.keywordCode).replace(/\.DATA$/, '');
          if (code) enumValues[code] = Array.isArray(e.enumValueList) ? e.enumValueList.map(str) : [];
        }
        return { templateId: str(t.priTmplId), title: str(t.title), content: str(t.content), example: str(t.example), type: num(t.type), enumValues };
      });
    },

    /** deleteTemplate 删除模板. */
    async deleteTemplate(token, templateId) {
      await post('/wxaapi/newtmpl/deltemplate', { priTmplId: templateId }, token);
    },

    /** bizsend 发送订阅通知: only to a follower who accepted this template (43101 otherwise). */
    async bizsend(token, request) {
      const body: Json = { touser: request.touser, template_id: request.templateId, data: request.data };
      if (request.page) body.page = request.page;
      if (request.miniprogram) body.miniprogram = { appid: request.miniprogram.appid, pagepath: request.miniprogram.pagepath };
      const msgid = msgidOf(await post('/cgi-bin/message/subscribe/bizsend', body, token));
      return msgid ? { msgid } : {};
    },
  };
}
