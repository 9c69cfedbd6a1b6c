/**
 * What the relay puts on its queues. Kept JSON-friendly (the queue stores base64 JSON, as the Functions host
 * expects) and versioned so a worker can refuse a shape it does not know instead of guessing.
 */

import type { DataverseHint } from './webhook/hint.js';
import type { PassiveReply } from '../wechat/index.js';
import type { MiniProgramCard } from './ports/customer-service.js';

/** A verified, decrypted message or event from a follower of an authorized account. */
export interface InboundEnvelope {
  v: 1;
  /** The authorized account the message was sent to ($APPID$ in the callback URL). */
  authorizerAppid: string;
  /** De-duplication key (authorizer appid + MsgId, or the event key). */
  dedupeKey: string;
  /** The decrypted plaintext XML exactly as WeChat sent it (nothing dropped, MsgId stays a string). */
  xml: string;
  /** When the relay received it (epoch ms). */
  receivedAt: number;
  /** How many times delivery was postponed because Dataverse was unavailable (see delivery/retry-later.ts). */
  retries?: number;
  /**
   * The passive reply the callback answered with (relay/autoreplies): delivery stores it in the conversation as an
   * outbound message marked automatic, in the same change set as the inbound one.
   */
  autoReply?: AutoReplyRecord;
}

/**
 * An auto reply as answered: the rule, the passive reply as sent (or the mini program card delivery sends as a
 * customer-service message), when (epoch ms).
 */
export type AutoReplyRecord = { ruleId: string; at: number } & ({ reply: PassiveReply; card?: undefined } | { card: MiniProgramCard; reply?: undefined });

/**
 * Several envelopes in one queue message (group-commit ingest: callbacks that arrive together share one write).
 * Its base64 JSON fits MAX_QUEUE_MESSAGE_CHARS (kernel/limits.ts). The worker takes it apart; each envelope is
 * delivered, re-queued or poisoned on its own (as a v1 message), so one bad envelope never holds back the others.
 */
export interface InboundBatch {
  v: 2;
  envelopes: InboundEnvelope[];
}

/** Work that must happen after WeChat has its `success`, retried by the queue until done. */
export type RelayTask =
  | {
      v: 1;
      type: 'exchange-authorization-code';
      /** From an authorized / updateauthorized event. */
      authorizerAppid: string;
      authorizationCode: string;
      infoType: 'authorized' | 'updateauthorized';
    }
  | {
      v: 1;
      type: 'release-test-api-reply';
      /** 全网发布: answer QUERY_AUTH_CODE:<code> with a customer-service message "<code>_from_api". */
      authorizerAppid: string;
      queryAuthCode: string;
      openid: string;
    }
  | {
      v: 1;
      type: 'dataverse-hint';
      /** A webhook said a Signed Service or an outbound message changed; the worker re-reads it. */
      hint: DataverseHint;
    }
  | {
      v: 1;
      type: 'follower-sync-step';
      /** One user/get page of an account's follower sync (relay/followers/sync-step.ts); the last step enqueues the next. */
      appid: string;
      /** The run the step belongs to, and its place in the chain: a stale or duplicated step does nothing. */
      runId: string;
      step: number;
    }
  | {
      v: 1;
      type: 'account-authorized-again';
      /** A bound account authorized once more (relay/authorization/refresh-bound.ts): import the MP console's auto
       * replies and live menu added since (relay/autoreplies/import-console.ts, relay/menus/import-live.ts). */
      organizationId: string;
      officialAccountId: string;
    }
  | {
      v: 1;
      type: 'account-removal-step';
      /** The next step of removing an account (relay/lifecycle/remove-account.ts); the row is read again each step. */
      organizationId: string;
      accountId: string;
    }
  | WechatEventTask;

/**
 * A WeChat event the relay acts on after delivery wrote its message row (relay/events: FORWARDED_EVENTS lists
 * them, EVENT_HANDLERS acts on them). Enqueued once the row is written or found written, so it may come twice:
 * handlers are idempotent and re-resolve the org from `appid`.
 */
export interface WechatEventTask {
  v: 1;
  type: 'wechat-event';
  /** The authorized account the event was pushed for. */
  appid: string;
  /** The Event as WeChat spells it (MASSSENDJOBFINISH, subscribe_msg_popup_event, …). */
  event: string;
  /** The decrypted XML exactly as WeChat sent it. */
  raw: string;
  /** When the relay received it (epoch ms). */
  receivedAt: number;
}

export const QUEUES = {
  inbound: 'wechat-inbound',
  tasks: 'relay-tasks',
} as const;
