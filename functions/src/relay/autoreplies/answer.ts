/**
 * The passive reply to one push, from an account's rule index in memory: match, the default rule's once-per-period
 * memory of this instance (a default reply it may give is then confirmed across instances: default-once.ts),
 * placeholders. Pure apart from that memory; a few microseconds.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import type { InboundMessage, PassiveReply } from '../../wechat/index.js';
import { BoundedMap } from '../../support/bounded-map.js';
import type { MiniProgramCard } from '../ports/customer-service.js';
import { matchRule, type RuleIndex } from './match.js';
import { fillPlaceholders } from './placeholders.js';
import type { CompiledRule } from './rule-set.js';

/**
 * The passive reply, or a mini program card to send as a customer-service message after the callback. `periodic`:
 * a default reply given at most once per period per follower, which the caller confirms across instances first.
 */
export type AutoAnswer = ({ ruleId: string; reply: PassiveReply; card?: undefined } | { ruleId: string; card: MiniProgramCard; reply?: undefined }) & {
  periodic?: { openid: string; periodMs: number };
};

/** When each follower last got a default reply, per account (a retry of the same push answers again). */
export class DefaultReplyMemory {
  private readonly last = new BoundedMap<string, { at: number; key: string }>({ maxEntries: 100_000 });

  allows(appid: string, openid: string, dedupeKey: string, periodMs: number, now: number): boolean {
    // Also records this push as the one answered (a retry of it still answers).
    if (periodMs <= 0) return true;
    const id = `${appid}|${openid}`;
    const seen = this.last.get(id);
    if (seen && seen.key !== dedupeKey && now - seen.at < periodMs) return false;
    if (!seen || seen.key !== dedupeKey) this.last.set(id, { at: now, key: dedupeKey });
    return true;
  }

  /** This push was not answered after all (the shared store did not confirm it): the next push may try again. */
  forget(appid: string, openid: string, dedupeKey: string): void {
    const id = `${appid}|${openid}`;
    if (this.last.get(id)?.key === dedupeKey) this.last.delete(id);
  }

  /** What another instance answered (read from the shared store): this instance then needs no storage call for it. */
  learn(appid: string, openid: string, answered: { at: number; key: string }): void {
    this.last.set(`${appid}|${openid}`, answered);
  }
}

export function answerFor(index: RuleIndex, msg: InboundMessage, dedupeKey: string, memory: DefaultReplyMemory, now: number): AutoAnswer | undefined {
  const matched = matchRule(index, msg);
  if (!matched) return undefined;
  const { rule } = matched;
  if (matched.fallback && !memory.allows(index.set.appid, msg.fromUserName, dedupeKey, rule.periodMs ?? 0, now)) return undefined;
  const answer = replyOf(rule, matched.keyword, msg, index, now);
  const periodMs = rule.periodMs ?? 0;
  return matched.fallback && periodMs > 0 ? { ...answer, periodic: { openid: msg.fromUserName, periodMs } } : answer;
}

function replyOf(rule: CompiledRule, keyword: string | undefined, msg: InboundMessage, index: RuleIndex, now: number): AutoAnswer {
  switch (rule.reply.type) {
    case 'text': {
      const content = fillPlaceholders(rule.reply.text, {
        openid: msg.fromUserName,
        account: index.set.accountName,
        message: msg.kind === 'text' ? msg.content : '',
        keyword: keyword ?? '',
        now,
      });
      return { ruleId: rule.id, reply: { type: 'text', content } };
    }
    case 'image':
      return { ruleId: rule.id, reply: { type: 'image', mediaId: rule.reply.mediaId } };
    case 'news':
      return { ruleId: rule.id, reply: { type: 'news', articles: rule.reply.articles } };
    case 'miniprogram':
      return { ruleId: rule.id, card: rule.reply.card };
  }
}
