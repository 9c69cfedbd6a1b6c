/**
 * A wxm_autoreply row → a compiled rule, or the reasons it is refused (English line, then Chinese). Checked when the
 * row is saved (rule-sync.ts) and again whenever the account's set is compiled, so a rule never answers in a shape
 * WeChat would refuse: an empty reply, a keyword or key another active rule of the account already answers, a reply
 * the account cannot send (no message permission; mini program cards, which a passive reply cannot carry).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import { AutoReply, AutoReplyKind, AutoReplyType, KeywordMatch } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';
import { lookupKey } from '../../dataverse/keys.js';
import type { NewsArticle } from '../../wechat/index.js';
import { normalizeKeyword, type CompiledRule, type RuleKind, type RuleReply } from './rule-set.js';

const C = AutoReply.columns;

/** The columns a rule is read with. */
export const RULE_COLUMNS: string[] = [
  C.Id,
  C.Name,
  C.Kind,
  C.Keywords,
  C.MatchMode,
  C.Priority,
  C.MenuKey,
  lookupKey(C.QrCodeId),
  C.ReplyType,
  C.ReplyText,
  C.MediaId,
  C.NewsJson,
  C.MiniProgramAppId,
  C.MiniProgramPagePath,
  C.MiniProgramTitle,
  C.DefaultPeriodMinutes,
  C.State,
  C.FailureReason,
  C.StateCode,
  C.CreatedOn,
  lookupKey(C.OfficialAccountId),
];

/** WeChat's limits as the MP console applies them: keywords of at most 30 characters, text of at most 2,048 bytes. */
export const MAX_KEYWORD_CHARS = 30;
export const MAX_TEXT_BYTES = 2048;
export const MAX_MENU_KEY_BYTES = 128;

export interface Refusal {
  en: string;
  zh: string;
}

export interface AccountCapabilities {
  /** Permission set 1 (消息管理) granted: the relay may answer for the account at all. */
  messages: boolean;
  /** A verified account: customer-service messages (a mini program card is one) are available. */
  customerService?: boolean;
}

const KINDS: Record<number, RuleKind> = {
  [AutoReplyKind.Follow]: 'follow',
  [AutoReplyKind.Keyword]: 'keyword',
  [AutoReplyKind.MenuClick]: 'menu',
  [AutoReplyKind.Default]: 'default',
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const bytes = (s: string) => new TextEncoder().encode(s).length;

export function keywordsOf(row: Row): string[] {
  return [...new Set(str(row[C.Keywords]).split(/\r?\n/).map(normalizeKeyword).filter(Boolean))];
}

/** The rule's trigger as a clash key: two active rules of one account may not share one. */
export function triggersOf(row: Row, qrScene?: string): string[] {
  switch (KINDS[Number(row[C.Kind])]) {
    case 'keyword':
      return keywordsOf(row).map((k) => `keyword:${k}`);
    case 'menu':
      return str(row[C.MenuKey]).trim() ? [`menu:${str(row[C.MenuKey]).trim()}`] : [];
    case 'follow':
      return [`follow:${qrScene ?? ''}`];
    case 'default':
      return ['default'];
    default:
      return [];
  }
}

function describeTrigger(trigger: string): Refusal {
  const [kind, value = ''] = trigger.split(/:(.*)/s);
  if (kind === 'keyword') return { en: `the keyword "${value}"`, zh: `关键词“${value}”` };
  if (kind === 'menu') return { en: `the menu key "${value}"`, zh: `菜单 KEY“${value}”` };
  if (kind === 'follow') return value ? { en: 'follows from this QR channel', zh: '此二维码渠道的关注' } : { en: 'every follow', zh: '所有关注' };
  return { en: 'the default reply', zh: '默认回复' };
}

/**
 * The rule, or why it is refused. `others` are the account's other active rules' triggers with their names
 * (a clash names the rule it clashes with).
 */
export function compileRow(
  row: Row,
  context: { qrScene?: string; account: AccountCapabilities; others: Map<string, string> },
): { rule: CompiledRule } | { refused: Refusal[] } {
  const refused: Refusal[] = [];
  const kind = KINDS[Number(row[C.Kind])];
  if (!kind)
    refused.push({
      en: 'Choose when the rule answers (follow, keyword, menu click or default).',
      zh: '请选择规则的触发方式（关注、关键词、菜单点击或默认）。',
    });
  if (!context.account.messages)
    refused.push({
      en: 'The account did not grant Wechat Marketing message management (permission set 1): no reply can be sent. Authorize again from Start To Use.',
      zh: '公众号未授予微信营销消息管理权限（权限集 1），无法发送任何回复。请通过“开通服务”重新授权。',
    });

  const keywords = keywordsOf(row);
  if (kind === 'keyword') {
    if (keywords.length === 0) refused.push({ en: 'Enter at least one keyword (one per line).', zh: '请至少输入一个关键词（每行一个）。' });
    for (const k of keywords.filter((k) => k.length > MAX_KEYWORD_CHARS))
      refused.push({ en: `The keyword "${k}" is longer than ${MAX_KEYWORD_CHARS} characters.`, zh: `关键词“${k}”超过 ${MAX_KEYWORD_CHARS} 个字符。` });
  }
  const menuKey = str(row[C.MenuKey]).trim();
  if (kind === 'menu') {
    if (!menuKey) refused.push({ en: 'Enter the menu key of the click button.', zh: '请输入点击按钮的菜单 KEY。' });
    else if (bytes(menuKey) > MAX_MENU_KEY_BYTES)
      refused.push({ en: `The menu key is longer than ${MAX_MENU_KEY_BYTES} bytes.`, zh: `菜单 KEY 超过 ${MAX_MENU_KEY_BYTES} 字节。` });
  }
  if (kind === 'follow' && row[lookupKey(C.QrCodeId)] && !context.qrScene)
    refused.push({ en: 'The QR channel has no scene yet: save the QR code first.', zh: '该二维码渠道尚无场景值：请先保存二维码。' });

  for (const trigger of triggersOf(row, context.qrScene)) {
    const other = context.others.get(trigger);
    if (other === undefined) continue;
    const what = describeTrigger(trigger);
    refused.push({
      en: `Another active rule of this account, "${other}", already answers ${what.en}.`,
      zh: `此公众号的另一条有效规则“${other}”已回复${what.zh}。`,
    });
  }

  const reply = replyOf(row, refused, context.account);
  if (refused.length > 0 || !kind || !reply) return { refused };
  const minutes = Number(row[C.DefaultPeriodMinutes] ?? 0);
  const rule: CompiledRule = {
    id: str(row[C.Id]),
    name: str(row[C.Name]),
    kind,
    priority: Number(row[C.Priority] ?? 0) || 0,
    createdAt: Date.parse(str(row[C.CreatedOn])) || 0,
    reply,
    ...(kind === 'keyword' && { keywords, match: row[C.MatchMode] === KeywordMatch.Contains ? ('contains' as const) : ('exact' as const) }),
    ...(kind === 'menu' && { menuKey }),
    ...(kind === 'follow' && context.qrScene && { qrScene: context.qrScene }),
    ...(kind === 'default' && { periodMs: Math.max(0, minutes) * 60_000 }),
  };
  return { rule };
}

function replyOf(row: Row, refused: Refusal[], account: AccountCapabilities): RuleReply | undefined {
  switch (row[C.ReplyType]) {
    case AutoReplyType.Text: {
      const text = str(row[C.ReplyText]);
      if (!text.trim()) refused.push({ en: 'The reply is empty: enter the reply text.', zh: '回复为空：请输入回复文字。' });
      else if (bytes(text) > MAX_TEXT_BYTES)
        refused.push({ en: `The reply text is longer than ${MAX_TEXT_BYTES} bytes.`, zh: `回复文字超过 ${MAX_TEXT_BYTES} 字节。` });
      else return { type: 'text', text };
      return undefined;
    }
    case AutoReplyType.Image: {
      const mediaId = str(row[C.MediaId]).trim();
      if (mediaId) return { type: 'image', mediaId };
      refused.push({
        en: 'The reply is empty: enter the image media_id (a permanent image material).',
        zh: '回复为空：请输入图片的 media_id（永久图片素材）。',
      });
      return undefined;
    }
    case AutoReplyType.News: {
      const articles = articlesOf(str(row[C.NewsJson]));
      if (typeof articles === 'string')
        refused.push({ en: `The news reply is not usable: ${articles}`, zh: `图文回复不可用：${NEWS_ZH[articles] ?? articles}` });
      else return { type: 'news', articles };
      return undefined;
    }
    case AutoReplyType.MiniProgram: {
      // Not a passive reply (WeChat accepts text, image, voice, video, music and news there): a customer-service
      // message sent right after the callback, inside the window the follower's message or click opened.
      const card = {
        title: str(row[C.MiniProgramTitle]).trim(),
        appid: str(row[C.MiniProgramAppId]).trim(),
        pagepath: str(row[C.MiniProgramPagePath]).trim(),
        thumbMediaId: str(row[C.MediaId]).trim(),
      };
      if (account.customerService === false)
        refused.push({
          en: 'A mini program card is a customer-service message, which WeChat allows only verified accounts. Use a text reply with a mini program link instead.',
          zh: '小程序卡片属于客服消息，微信仅允许已认证的公众号发送。请改用带小程序链接的文字回复。',
        });
      if (!card.title || !card.appid || !card.pagepath || !card.thumbMediaId) {
        refused.push({
          en: 'The mini program card is incomplete: enter the mini program AppID, the page, the card title and the thumbnail media_id.',
          zh: '小程序卡片不完整：请输入小程序 AppID、页面路径、卡片标题和封面图 media_id。',
        });
        return undefined;
      }
      return account.customerService === false ? undefined : { type: 'miniprogram', card };
    }
    default:
      refused.push({ en: 'Choose the reply type.', zh: '请选择回复类型。' });
      return undefined;
  }
}

const NEWS_ZH: Record<string, string> = {
  'enter one article as JSON [{"title", "description", "picurl", "url"}].': '请以 JSON 输入一篇图文 [{"title", "description", "picurl", "url"}]。',
  'every article needs a title and an https or http url.': '每篇图文都需要标题和 https 或 http 链接。',
  'at most 8 articles.': '最多 8 篇图文。',
};

/** The news JSON as articles, or what is wrong with it (one of NEWS_ZH's keys). */
export function articlesOf(json: string): NewsArticle[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return 'enter one article as JSON [{"title", "description", "picurl", "url"}].';
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0 || list.some((a) => typeof a !== 'object' || a === null))
    return 'enter one article as JSON [{"title", "description", "picurl", "url"}].';
  if (list.length > 8) return 'at most 8 articles.';
  const web = (v: unknown) => typeof v === 'string' && /^https?:\/\//.test(v);
  const articles: NewsArticle[] = [];
  for (const a of list as Array<Record<string, unknown>>) {
    if (typeof a.title !== 'string' || !a.title.trim() || !web(a.url)) return 'every article needs a title and an https or http url.';
    articles.push({
      title: a.title,
      ...(typeof a.description === 'string' && { description: a.description }),
      ...(web(a.picurl) && { picUrl: a.picurl as string }),
      url: a.url as string,
    });
  }
  return articles;
}

export function refusalText(refused: Refusal[]): string {
  return `${refused.map((r) => r.en).join(' ')}\n${refused.map((r) => r.zh).join('')}`;
}
