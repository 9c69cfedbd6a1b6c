/**
 * What the simulated WeChat keeps for subscription notifications (公众号订阅通知) and Mini Program subscribe messages
 * (订阅消息): a small public template library in Chinese (two service categories, five titles and their keywords),
 * each account's templates chosen from it, and each user's consent per template. An Official Account's consent lasts
 * until the follower rejects it (长期订阅 as the account's notification settings keep it); a Mini Program's accept
 * allows one message (一次性订阅: accepts add up, each send uses one).
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 * https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/subscribe-message.html
 */
import { accountBook, stateBook } from './books.js';
import type { SimState } from './simulator-state.js';

export interface LibraryKeyword {
  kid: number;
  name: string;
  example: string;
  rule: string;
}

export interface LibraryTitle {
  tid: number;
  title: string;
  /** 2 one-time, 3 long-term. */
  type: number;
  categoryId: number;
  keywords: LibraryKeyword[];
}

export const LIBRARY_CATEGORIES: ReadonlyArray<{ id: number; name: string }> = [
  { id: 616, name: '教育培训' },
  { id: 307, name: '电商平台' },
];

const kw = (kid: number, name: string, rule: string, example: string): LibraryKeyword => ({ kid, name, rule, example });

export const LIBRARY_TITLES: readonly LibraryTitle[] = [
  {
    tid: 1001,
    title: '课程开课提醒',
    type: 2,
    categoryId: 616,
    keywords: [
      kw(1, '课程名称', 'thing', '高等数学'),
      kw(2, '上课时间', 'time', '2026年12月5日 15:00'),
      kw(3, '上课地点', 'thing', '第一教学楼 201'),
      kw(4, '授课老师', 'name', '王老师'),
      kw(5, '温馨提示', 'thing', '请提前十分钟到达教室'),
    ],
  },
  {
    tid: 1002,
    title: '预约成功通知',
    type: 2,
    categoryId: 616,
    keywords: [
      kw(1, '预约项目', 'thing', '试听课'),
      kw(2, '预约时间', 'time', '2026-12-05 10:00'),
      kw(3, '预约人', 'name', '张三'),
      kw(4, '联系电话', 'phone_number', '+86-021-66888866'),
      kw(5, '预约状态', 'phrase', '已确认'),
    ],
  },
  {
    tid: 2001,
    title: '订单发货通知',
    type: 2,
    categoryId: 307,
    keywords: [
      kw(1, '订单编号', 'character_string', 'SO20261204001'),
      kw(2, '商品名称', 'thing', '保温杯'),
      kw(3, '快递公司', 'thing', '顺丰速运'),
      kw(4, '快递单号', 'character_string', 'SF1234567890'),
      kw(5, '发货时间', 'date', '2026年12月4日'),
    ],
  },
  {
    tid: 2002,
    title: '支付成功通知',
    type: 2,
    categoryId: 307,
    keywords: [
      kw(1, '订单号', 'character_string', 'SO20261204001'),
      kw(2, '支付金额', 'amount', '¥99.00'),
      kw(3, '支付时间', 'time', '2026-12-04 18:00'),
      kw(4, '商品名称', 'thing', '保温杯'),
    ],
  },
  {
    tid: 2003,
    title: '会员积分变动提醒',
    type: 3,
    categoryId: 307,
    keywords: [
      kw(1, '变动积分', 'number', '100'),
      kw(2, '当前积分', 'number', '1200'),
      kw(3, '变动原因', 'thing', '购物奖励'),
      kw(4, '变动时间', 'date', '2026年12月4日 18:00'),
    ],
  },
];

export interface SimTemplate {
  priTmplId: string;
  tid: number;
  title: string;
  type: number;
  /** `课程名称:{{thing1.DATA}}\n…`, keys = rule + kid as WeChat numbers them. */
  content: string;
  example: string;
  /** key (thing1) → rule (thing). */
  rules: Map<string, string>;
}

export interface SimConsent {
  status: 'accept' | 'reject';
  /** Mini Programs: sends left from accepts (one each). */
  remaining: number;
  at: number;
}

export interface SubscriptionBook {
  /** consentKey(appid, openid, template id) → the user's answer. */
  consents: Map<string, SimConsent>;
  nextMsgId: bigint;
}

export const subscriptionBook: (state: SimState) => SubscriptionBook = stateBook(() => ({ consents: new Map(), nextMsgId: 3_075_458_461_245_000_000n }));

/** An account's templates chosen from the library, by template id. */
export const templatesOf: (state: SimState, appid: string) => Map<string, SimTemplate> = accountBook(() => new Map());

export const consentKey = (appid: string, openid: string, templateId: string): string => `${appid}|${openid}|${templateId}`;

/** A user's answer to the popup: an accept adds one send (Mini Program) or keeps the subscription (Official Account). */
export function recordConsent(state: SimState, appid: string, openid: string, templateId: string, accept: boolean): SimConsent {
  const book = subscriptionBook(state);
  const key = consentKey(appid, openid, templateId);
  const before = book.consents.get(key);
  const consent: SimConsent = accept
    ? { status: 'accept', remaining: (before?.status === 'accept' ? before.remaining : 0) + 1, at: state.clock.now() }
    : { status: 'reject', remaining: 0, at: state.clock.now() };
  book.consents.set(key, consent);
  return consent;
}
