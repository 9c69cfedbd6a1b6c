/**
 * What the account callback asks: the passive reply to this push, from memory only (rule-cache.ts), or undefined.
 * Never throws. Never waits, except for a default reply limited to once per period, which is confirmed across
 * instances in the shared store first (default-once.ts: one storage round trip, only for that answer).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import type { Clock } from '../../kernel/clock.js';
import type { InboundMessage } from '../../wechat/index.js';
import type { Logger } from '../ports/logger.js';
import type { KeyValueStore } from '../ports/storage.js';
import { answerFor, DefaultReplyMemory, type AutoAnswer } from './answer.js';
import { claimDefaultReply, claimWithin, DEFAULT_CLAIM_TIMEOUT_MS } from './default-once.js';
import type { RuleIndex } from './match.js';

export interface PassiveReplies {
  /** A promise only for a default reply that is confirmed across instances; every other answer is immediate. */
  answer(appid: string, msg: InboundMessage, dedupeKey: string, logger: Logger): AutoAnswer | undefined | Promise<AutoAnswer | undefined>;
}

export interface SharedDefaults {
  /** The relay's shared store; without it the period is kept per instance. */
  kv: KeyValueStore;
  timeoutMs?: number;
}

export function passiveReplies(
  rules: { peek(appid: string): RuleIndex | undefined },
  clock: Clock,
  memory = new DefaultReplyMemory(),
  shared?: SharedDefaults,
): PassiveReplies {
  return {
    answer(appid, msg, dedupeKey, logger) {
      try {
        const index = rules.peek(appid);
        const now = clock.now();
        const found = index && answerFor(index, msg, dedupeKey, memory, now);
        if (!found?.periodic || !shared) return found;
        return confirmed(found, found.periodic, appid, dedupeKey, now, shared, memory, logger);
      } catch (err) {
        logger.warn('auto reply skipped: rule evaluation failed', { authorizerAppid: appid, error: err instanceof Error ? err.name : 'unknown' });
        return undefined;
      }
    },
  };
}

async function confirmed(
  found: AutoAnswer,
  periodic: { openid: string; periodMs: number },
  appid: string,
  dedupeKey: string,
  now: number,
  shared: SharedDefaults,
  memory: DefaultReplyMemory,
  logger: Logger,
): Promise<AutoAnswer | undefined> {
  const claim = await claimWithin(shared.timeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS, () =>
    claimDefaultReply(shared.kv, appid, periodic.openid, dedupeKey, periodic.periodMs, now),
  );
  if (!claim) {
    memory.forget(appid, periodic.openid, dedupeKey);
    logger.warn('default auto reply skipped: the shared store did not answer in time', { authorizerAppid: appid });
    return undefined;
  }
  // Another instance answered this follower within the period: remember it here, so the next push needs no call.
  if (!claim.allowed) memory.learn(appid, periodic.openid, claim.holder);
  return claim.allowed ? found : undefined;
}
