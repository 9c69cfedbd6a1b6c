/**
 * 消息与事件接收URL (/api/wechat/accounts/{appid}/callback): verify → decrypt → check receive id → check the
 * push names this account (addressed-to.ts) → de-duplicate and durably queue with the callbacks that arrive
 * together (ingest-committer.ts: one queue message per group, the only storage write) → `success`, well inside
 * WeChat's 5 seconds (answer-budget.ts). Nothing is acknowledged before it is stored: a storage failure
 * surfaces as StorageUnavailable (5xx) so WeChat retries.
 *
 * Auto replies (relay/autoreplies): the passive reply is computed from rules held in memory (never a Dataverse
 * read; a storage call only to confirm a once-per-period default reply across instances), carried in the envelope so delivery stores it in the conversation, and answered, encrypted, only
 * once the envelope is durable (after ingest.submit resolved), exactly like `success`.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Passive_user_reply_message.html
 */
import { buildPassiveReply, dedupeKey, parseInbound, type InboundMessage, type WechatCrypto } from '../../wechat/index.js';
import type { Clock } from '../../kernel/clock.js';
import type { InboundEnvelope, RelayTask } from '../envelope.js';
import { CallbackRejected } from '../errors.js';
import { persist } from '../persist.js';
import type { AuthorizerRegistry, Queue } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import { misaddressed, requireAddressedTo, type PushAddress } from './addressed-to.js';
import { AnswerBudget, type BudgetOptions } from './answer-budget.js';
import type { IngestOutcome } from './ingest-group.js';
import { openEncryptedCallback, type EncryptedCallback, type OpenOptions } from './open-callback.js';
import { RELEASE_TEST_ORIGINAL_IDS, releaseTestAction } from './release-test.js';
import type { PassiveReplies } from '../autoreplies/passive-replies.js';

/** The process's IngestCommitter (or anything that stores an envelope with its group the same way). */
export interface Ingest {
  submit(envelope: InboundEnvelope, budget: AnswerBudget): Promise<IngestOutcome>;
}

export interface AccountCallbackDeps {
  open: OpenOptions;
  crypto: WechatCrypto;
  /** Ideally this instance's CachedAuthorizers (authorizer-cache.ts). */
  authorizers: AuthorizerRegistry;
  /** Group-commit ingest: the process's IngestCommitter. */
  ingest: Ingest;
  tasks: Queue<RelayTask>;
  clock: Clock;
  logger: Logger;
  /** Default: answer within 4.5 s, a storage step taking up to 1.5 s. */
  budget?: BudgetOptions;
  /** Auto-reply rules in memory (relay/autoreplies); without it every push is answered `success`. */
  autoReplies?: PassiveReplies;
}

export type AccountCallbackOutcome = 'queued' | 'duplicate' | 'not-authorized' | 'release-test';

export interface AccountCallbackResult {
  outcome: AccountCallbackOutcome;
  /** `success`, an empty string, or an encrypted passive reply (XML). */
  body: string;
  contentType: 'text/plain' | 'application/xml';
}

export async function handleAccountCallback(authorizerAppid: string, input: EncryptedCallback, deps: AccountCallbackDeps): Promise<AccountCallbackResult> {
  const budget = new AnswerBudget(deps.clock, deps.budget);
  const opened = openEncryptedCallback(input, deps.open);
  const message = parseMessage(opened.plaintext);
  const address: PushAddress = {
    decrypted: message.toUserName,
    outer: typeof opened.envelope.ToUserName === 'string' ? opened.envelope.ToUserName : undefined,
  };

  const release = releaseTestAction(authorizerAppid, message);
  if (release.kind !== 'none' && misaddressed(RELEASE_TEST_ORIGINAL_IDS.get(authorizerAppid), address)) {
    // Not the published original ID: only a record of ours (the test account authorized like any other) can vouch.
    const record = await persist('read authorizer', () => deps.authorizers.get(authorizerAppid));
    requireAddressedTo(authorizerAppid, record?.originalId, address);
  }
  if (release.kind === 'reply-text') {
    const reply = buildPassiveReply(
      { type: 'text', content: release.content },
      { toUser: message.fromUserName, fromUser: message.toUserName, createTime: nowSeconds(deps.clock) },
    );
    const body = deps.crypto.encryptReply(reply, String(nowSeconds(deps.clock)), opened.nonce);
    deps.logger.info('release test answered', { authorizerAppid });
    return { outcome: 'release-test', body, contentType: 'application/xml' };
  }
  if (release.kind === 'reply-later') {
    await persist('queue release-test task', () =>
      deps.tasks.enqueue({
        v: 1,
        type: 'release-test-api-reply',
        authorizerAppid,
        queryAuthCode: release.queryAuthCode,
        openid: message.fromUserName,
      }),
    );
    return { outcome: 'release-test', body: '', contentType: 'text/plain' };
  }

  const record = await persist('read authorizer', () => deps.authorizers.get(authorizerAppid));
  if (record) requireAddressedTo(authorizerAppid, record.originalId, address);
  if (!record || record.status !== 'authorized') {
    // WeChat would retry a non-200 forever for an account that revoked us: acknowledge, store nothing.
    deps.logger.warn('message for an account that is not authorized was dropped', {
      authorizerAppid,
      known: Boolean(record),
    });
    return { outcome: 'not-authorized', body: 'success', contentType: 'text/plain' };
  }

  const key = dedupeKey(authorizerAppid, message);
  const receivedAt = deps.clock.now();
  // Immediate, but for a default reply once per period, which is confirmed across instances first (one storage call).
  const found = deps.autoReplies?.answer(authorizerAppid, message, key, deps.logger);
  const answer = found instanceof Promise ? await found : found;
  const envelope: InboundEnvelope = {
    v: 1,
    authorizerAppid,
    dedupeKey: key,
    xml: opened.plaintext,
    receivedAt,
    ...(answer?.reply && { autoReply: { ruleId: answer.ruleId, reply: answer.reply, at: receivedAt } }),
    // A mini program card is no passive reply: delivery stores it Pending and the send path sends it (customer service).
    ...(answer?.card && { autoReply: { ruleId: answer.ruleId, card: answer.card, at: receivedAt } }),
  };
  // Durable first: the reply goes out only once the envelope (and the reply it carries) is stored.
  const outcome = await deps.ingest.submit(envelope, budget);
  // No trace per queued message: the host's request telemetry already records every callback (host.json keeps
  // Request out of sampling), and a line per message at a mass send's peak of replies would double what
  // Application Insights ingests while costing the answer path a formatted, scrubbed string each time.
  if (outcome === 'duplicate') deps.logger.info('duplicate delivery acknowledged', { authorizerAppid, msgType: message.msgType });
  if (!answer?.reply) return { outcome, body: 'success', contentType: 'text/plain' };
  const reply = buildPassiveReply(answer.reply, { toUser: message.fromUserName, fromUser: message.toUserName, createTime: nowSeconds(deps.clock) });
  return { outcome, body: deps.crypto.encryptReply(reply, String(nowSeconds(deps.clock)), opened.nonce), contentType: 'application/xml' };
}

function parseMessage(plaintext: string): InboundMessage {
  try {
    return parseInbound(plaintext);
  } catch (err) {
    throw new CallbackRejected('malformed-xml', err instanceof Error ? err.message : 'unparsable message');
  }
}

function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
