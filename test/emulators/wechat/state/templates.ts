/**
 * What the simulated WeChat holds for template messages: each account's private templates (at most 25), the
 * category library they are added from (short id + keyword names), followers who block the account's template
 * messages, the client_msg_id of recent sends, and what each follower was shown after WeChat's silent stripping.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { createHash } from 'node:crypto';
import { accountBook } from './books.js';
import type { SimState } from './simulator-state.js';

export const MAX_PRIVATE_TEMPLATES = 25;

export interface SimTemplate {
  templateId: string;
  title: string;
  primaryIndustry: string;
  deputyIndustry: string;
  content: string;
  example: string;
}

/** A template of the category library: its keywords, each with the value type its key is named after. */
export interface LibraryTemplate {
  shortId: string;
  title: string;
  primaryIndustry: string;
  deputyIndustry: string;
  keywords: { name: string; type: 'thing' | 'character_string' | 'time' | 'amount' | 'phrase' | 'number' | 'phone_number'; example: string }[];
}

/** A small, realistic slice of the library (IT科技 / 互联网|电子商务 and 商业服务 / 客户服务). */
export const TEMPLATE_LIBRARY: readonly LibraryTemplate[] = [
  {
    shortId: 'OPENTM207498902',
    title: '订单发货通知',
    primaryIndustry: 'IT科技',
    deputyIndustry: '互联网|电子商务',
    keywords: [
      { name: '订单号', type: 'character_string', example: 'SO-2026-000123' },
      { name: '商品名称', type: 'thing', example: '微信营销年度服务' },
      { name: '快递公司', type: 'thing', example: '顺丰速运' },
      { name: '快递单号', type: 'character_string', example: 'SF1234567890' },
      { name: '发货时间', type: 'time', example: '2026-12-04 10:30' },
    ],
  },
  {
    shortId: 'OPENTM417958215',
    title: '服务工单处理结果通知',
    primaryIndustry: '商业服务',
    deputyIndustry: '客户服务',
    keywords: [
      { name: '工单编号', type: 'character_string', example: 'CAS-01234-A1B2C3' },
      { name: '问题描述', type: 'thing', example: '发票无法下载' },
      { name: '处理结果', type: 'thing', example: '已解决' },
      { name: '处理时间', type: 'time', example: '2026-12-04 16:00' },
      { name: '客服电话', type: 'phone_number', example: '400-820-0000' },
    ],
  },
  {
    shortId: 'OPENTM411147560',
    title: '预约成功通知',
    primaryIndustry: '商业服务',
    deputyIndustry: '客户服务',
    keywords: [
      { name: '预约项目', type: 'thing', example: '产品演示' },
      { name: '预约时间', type: 'time', example: '2026-12-08 14:00' },
      { name: '预约地点', type: 'thing', example: '上海市静安区南京西路 1266 号' },
      { name: '联系人', type: 'thing', example: '王经理' },
    ],
  },
  {
    shortId: 'OPENTM418053325',
    title: '付款成功通知',
    primaryIndustry: 'IT科技',
    deputyIndustry: '互联网|电子商务',
    keywords: [
      { name: '订单号', type: 'character_string', example: 'SO-2026-000123' },
      { name: '支付金额', type: 'amount', example: '¥1,999.00' },
      { name: '支付时间', type: 'time', example: '2026-12-04 09:12' },
    ],
  },
];

/** Templates a verified service account typically already holds (the sandbox's demo account starts with these). */
export const DEMO_TEMPLATES: readonly { shortId: string; keywords: string[] }[] = [
  { shortId: 'OPENTM417958215', keywords: ['工单编号', '问题描述', '处理结果', '处理时间'] },
  { shortId: 'OPENTM207498902', keywords: ['订单号', '商品名称', '快递公司', '快递单号'] },
  { shortId: 'OPENTM411147560', keywords: ['预约项目', '预约时间', '预约地点'] },
];

export interface DeliveredTemplate {
  openid: string;
  templateId: string;
  msgid: number;
  /** What the follower was shown, after WeChat dropped first/remark, colours, emoji, line breaks and overflow. */
  shown: Record<string, string>;
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  status: string;
}

export interface TemplateBook {
  templates: Map<string, SimTemplate>;
  blocking: Set<string>;
  /** openid|client_msg_id → the msgid of the first send. */
  clientMsgIds: Map<string, number>;
  delivered: DeliveredTemplate[];
  added: number;
}

export const templateBook: (state: SimState, appid: string) => TemplateBook = accountBook(() => ({
  templates: new Map(),
  blocking: new Set(),
  clientMsgIds: new Map(),
  delivered: [],
  added: 0,
}));

/** The content WeChat builds from the chosen keywords: `名称：{{type<n>.DATA}}`, one line each. */
export function templateFromLibrary(appid: string, library: LibraryTemplate, keywordNames: readonly string[], seq: number): SimTemplate | undefined {
  const chosen = keywordNames.map((name) => library.keywords.find((k) => k.name === name));
  if (chosen.some((k) => k === undefined)) return undefined;
  const keywords = chosen as LibraryTemplate['keywords'];
  const content = keywords.map((k, i) => `${k.name}：{{${k.type}${i + 1}.DATA}}`).join('\n');
  const example = keywords.map((k) => `${k.name}：${k.example}`).join('\n');
  // 43 characters of base64url, like WeChat's ids, distinct per account and addition.
  const templateId = createHash('sha256')
    .update(`${appid}|${library.shortId}|${keywordNames.join('|')}|${seq}`)
    .digest('base64url')
    .slice(0, 43);
  return { templateId, title: library.title, primaryIndustry: library.primaryIndustry, deputyIndustry: library.deputyIndustry, content, example };
}
