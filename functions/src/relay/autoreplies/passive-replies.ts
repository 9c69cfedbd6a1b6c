/**
 * What the account callback asks: the passive reply to this push, from memory only (rule-cache.ts), or undefined.
 * Never throws and never waits: a rule problem costs the follower a reply, never the message.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import type { Clock } from '../../kernel/clock.js';
import type { InboundMessage } from '../../wechat/index.js';
import type { Logger } from '../ports/logger.js';
import { answerFor, DefaultReplyMemory, type AutoAnswer } from './answer.js';
import type { RuleIndex } from './match.js';

export interface PassiveReplies {
  answer(appid: string, msg: InboundMessage, dedupeKey: string, logger: Logger): AutoAnswer | undefined;
}

export function passiveReplies(rules: { peek(appid: string): RuleIndex | undefined }, clock: Clock, memory = new DefaultReplyMemory()): PassiveReplies {
  return {
    answer(appid, msg, dedupeKey, logger) {
      try {
        const index = rules.peek(appid);
        return index && answerFor(index, msg, dedupeKey, memory, clock.now());
      } catch (err) {
        logger.warn('auto reply skipped: rule evaluation failed', { authorizerAppid: appid, error: err instanceof Error ? err.name : 'unknown' });
        return undefined;
      }
    },
  };
}
