/**
 * An account's auto-reply rules as the relay keeps them: compiled from the active wxm_autoreply rows (rule-row.ts),
 * stored per account in the relay's storage (rule-store.ts) and held by every instance in memory (rule-cache.ts).
 * JSON-friendly and versioned; the matching index is built from it in memory (match.ts).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import type { NewsArticle } from '../../wechat/index.js';
import type { MiniProgramCard } from '../ports/customer-service.js';

export type RuleKind = 'follow' | 'keyword' | 'menu' | 'default';

/** What a rule answers with; placeholders in text are filled when it answers (placeholders.ts). */
export type RuleReply =
  | { type: 'text'; text: string }
  | { type: 'image'; mediaId: string }
  | { type: 'news'; articles: NewsArticle[] }
  /** Not a passive reply: sent right after the callback as a customer-service message (miniprogrampage). */
  | { type: 'miniprogram'; card: MiniProgramCard };

export interface CompiledRule {
  /** The wxm_autoreply row id. */
  id: string;
  name: string;
  kind: RuleKind;
  priority: number;
  /** Newer rules win ties: the row's creation time (epoch ms). */
  createdAt: number;
  reply: RuleReply;
  /** Keyword rules: the keywords, trimmed and lower-cased, and how they are compared. */
  keywords?: string[];
  match?: 'exact' | 'contains';
  /** Menu rules: the CLICK key. */
  menuKey?: string;
  /** Follow rules for one QR channel: the code's scene (the follow's EventKey is qrscene_<scene>). */
  qrScene?: string;
  /** Default rules: at most one answer per follower within this many ms (0: every time). */
  periodMs?: number;
}

export interface RuleSet {
  v: 1;
  appid: string;
  /** The account's name, for the {account} placeholder. */
  accountName: string;
  /** When the set was compiled (epoch ms): a newer set replaces an older one in memory. */
  compiledAt: number;
  rules: CompiledRule[];
}

export function isRuleSet(value: unknown): value is RuleSet {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RuleSet>;
  return v.v === 1 && typeof v.appid === 'string' && typeof v.compiledAt === 'number' && Array.isArray(v.rules);
}

/** Keywords are compared trimmed and case-insensitively (as the MP console does for Latin letters). */
export function normalizeKeyword(keyword: string): string {
  return keyword.trim().toLowerCase();
}
