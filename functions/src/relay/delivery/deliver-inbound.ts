/**
 * The delivery worker (queue `wechat-inbound`): one verified WeChat message or event → the customer's own
 * Dataverse, through the account's binding.
 *
 * 1. Not bound (yet): the envelope is parked, never dropped, and re-queued when the account gets bound.
 * 2. Media is downloaded from WeChat first (it keeps files for 3 days only).
 * 3. One change set per envelope: the follower (created, or moved forward by event time), the message
 *    (create-only by account + WeChat message id) and its notes. A retry or replay of the same envelope finds its
 *    message row and writes nothing; several envelopes of one org in this process share one `$batch`.
 * 4. Failures: transient and throttled errors are thrown (the queue retries, then poisons after 5 attempts:
 *    a Dataverse outage leaves messages waiting, never lost); permanent ones (invalid, forbidden, auth,
 *    not-found) are also written to the account's status for an admin, then thrown so the message ends in the
 *    poison queue, from where `npm run replay-poison` brings it back once fixed.
 *
 * Order per follower: see follower-state.ts (CreateTime on every row, state moves forward by event time) and
 * follower-cache.ts (one follower's messages take turns in a process; the row's ETag across processes).
 * Known followers cost no read (follower-cache.ts); writes ride in the gateway's `$batch` requests (`org.submit`).
 */
import { EntitySets, Message } from '@wxm/solution/schema';
import { DataverseError } from '../../dataverse/errors.js';
import type { DataverseErrorInfo, Row, WriteOperation, WriteOutcome } from '../../dataverse/types.js';
import { parseInbound, WechatMessageError, type InboundMessage } from '../../wechat/index.js';
import type { Clock } from '../../kernel/clock.js';
import type { AccountBindings, BoundAccount } from '../ports/bindings.js';
import type { Logger } from '../ports/logger.js';
import { clearAccountProblem, isPermanent, reportAccountProblem } from './account-status.js';
import { classify } from './change-set.js';
import { createTimeOf, followerOf, parseEnvelope } from './envelope-check.js';
import { FollowerContention, InvalidEnvelope } from './errors.js';
import { isBypassRefused, isKeyNotActive } from '../../dataverse/web-api-errors.js';
import type { PendingKeys } from './pending-keys.js';
import { planFollower, type FollowerMemo } from './follower-plan.js';
import { FOLLOWER_SELECT, readFollower, type StoredFollower } from './follower-row.js';
import { bindingSceneOf, channelEventOf, planAttribution } from './attribution.js';
import { bindByScan } from './binding-scan.js';
import { messageKey } from './keys.js';
import type { DeliveryMemory, OrgMemory } from './org-memory.js';
import { DEFAULT_MAX_NOTE_BYTES, downloadMedia, mediaOf, noteRows, type MediaAttachment } from './media.js';
import { wechatMessageId } from './message-id.js';
import { inboundMessageRow } from './message-row.js';
import { Note } from './platform-tables.js';
import type { FollowerProfiles, ParkedDeliveries, WechatMediaSource } from '../ports/delivery.js';
import type { Queue } from '../ports/storage.js';
import type { AutoReplyRecord, RelayTask } from '../envelope.js';
import { autoReplyOperation } from '../autoreplies/reply-row.js';
import { forwardedEventOf } from '../events/forwarded.js';

export interface DeliveryOptions {
  /** Larger media is not attached (the note says why). Default: Dataverse's default 5 MB. */
  maxNoteBytes: number;
  /** A follower without Contact is matched again after this long. Default 1 hour. */
  contactRecheckMs: number;
  /** Read-and-write rounds when other writers keep getting there first (412). Default 5. */
  maxAttempts: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = { maxNoteBytes: DEFAULT_MAX_NOTE_BYTES, contactRecheckMs: 60 * 60 * 1000, maxAttempts: 5 };

export interface DeliverInboundDeps {
  bindings: AccountBindings;
  parked: ParkedDeliveries;
  media: WechatMediaSource;
  profiles: FollowerProfiles;
  /** Process-wide, per org: follower rows, per-follower turns, contact checks and reported problems. */
  memory: DeliveryMemory;
  clock: Clock;
  logger: Logger;
  options?: Partial<DeliveryOptions>;
  /** Process-wide: alternate keys met not active, for /api/health. */
  pendingKeys?: PendingKeys;
  /** The relay-tasks queue: FORWARDED_EVENTS (relay/events) go on as `wechat-event` tasks once their row exists. */
  tasks?: Queue<RelayTask>;
}

export type DeliveryOutcome =
  | { status: 'delivered'; wechatMsgId: string; followerCreated: boolean }
  /** Delivered before (a retry or replay): nothing written. */
  | { status: 'duplicate'; wechatMsgId: string }
  /** The account has no binding: kept until it gets one. */
  | { status: 'parked' };

/** `message` is what the queue trigger received (checked here). */
export async function deliverInbound(message: unknown, deps: DeliverInboundDeps, options: { logEach: boolean } = { logEach: true }): Promise<DeliveryOutcome> {
  const envelope = parseEnvelope(message);
  const appid = envelope.authorizerAppid;
  const bound = await deps.bindings.resolve(appid);
  if (!bound) {
    await deps.parked.park(envelope);
    deps.logger.warn('account not bound to a Signed Service; message parked', { authorizerAppid: appid });
    return { status: 'parked' };
  }
  const msg = parse(envelope.xml);
  const memory = deps.memory.of(bound.organizationId, bound.org);
  const delivery: Delivery = {
    msg,
    bound,
    memory,
    wechatMsgId: wechatMessageId(msg, envelope.dedupeKey),
    createdAt: createTimeOf(msg, envelope.receivedAt),
    openid: followerOf(msg),
    attachments: await downloadMedia(appid, mediaOf(msg), deps.media),
    options: { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options },
    ...(envelope.autoReply && { autoReply: envelope.autoReply }),
  };
  try {
    // Scans of one code take turns too (inside the follower's turn, never around it): its counts are one row.
    const channel = channelEventOf(msg);
    const write = channel
      ? () => memory.followers.turn(bound.officialAccountId, `qr|${channel.scene}`, () => writeDelivery(delivery, deps))
      : () => writeDelivery(delivery, deps);
    const outcome = delivery.openid ? await memory.followers.turn(bound.officialAccountId, delivery.openid, write) : await write();
    // A binding code binds once the follower row exists; after a redelivery too (the binding's own key keeps it once).
    const bindingScene = delivery.openid ? bindingSceneOf(msg) : undefined;
    if (bindingScene && delivery.openid) {
      const scan = { accountId: bound.officialAccountId, openid: delivery.openid, scene: bindingScene, at: new Date(delivery.createdAt * 1000) };
      await bindByScan(memory.org, scan, deps.logger);
    }
    // After the row, found written too: a failed enqueue throws, so the queue redelivers and enqueues again.
    const forwarded = deps.tasks ? forwardedEventOf(msg) : undefined;
    if (forwarded && deps.tasks) {
      await deps.tasks.enqueue({ v: 1, type: 'wechat-event', appid, event: forwarded, raw: envelope.xml, receivedAt: envelope.receivedAt });
    }
    // Inside a batch the batch logs one line for all (inbound-batch.ts).
    if (options.logEach) {
      const fields = { authorizerAppid: appid, wechatMsgId: delivery.wechatMsgId, msgType: msg.msgType };
      if (outcome.status === 'duplicate') deps.logger.info('already delivered; nothing written', fields);
      else deps.logger.info('message delivered to Dataverse', { ...fields, followerCreated: outcome.followerCreated, notes: delivery.attachments.length });
    }
    await clearAccountProblem(memory, bound.officialAccountId, deps.logger);
    deps.pendingKeys?.delivered(bound.organizationId);
    return outcome;
  } catch (err) {
    if (err instanceof DataverseError) {
      if (isKeyNotActive(err)) deps.pendingKeys?.met(bound.organizationId, err.message);
      const fields = { authorizerAppid: appid, kind: err.kind, status: err.status, code: err.code };
      if (isPermanent(err.kind)) {
        deps.logger.error('delivery refused by Dataverse; an admin must act (message will go to poison)', fields);
        await reportAccountProblem(memory, bound.officialAccountId, err, deps.clock, deps.logger, { blocking: true });
      } else {
        deps.logger.warn('Dataverse unavailable; the queue will retry', fields);
      }
    }
    throw err;
  }
}

interface Delivery {
  msg: InboundMessage;
  bound: BoundAccount;
  memory: OrgMemory;
  wechatMsgId: string;
  createdAt: number;
  openid: string | undefined;
  attachments: MediaAttachment[];
  options: DeliveryOptions;
  autoReply?: AutoReplyRecord;
}

type Written = Exclude<DeliveryOutcome, { status: 'parked' }>;

async function writeDelivery(d: Delivery, deps: DeliverInboundDeps): Promise<Written> {
  const accountId = d.bound.officialAccountId;
  const memo: FollowerMemo = {};
  const followers = d.memory.followers;
  const planDeps = {
    memory: d.memory,
    bound: d.bound,
    profiles: deps.profiles,
    clock: deps.clock,
    logger: deps.logger,
    contactRecheckMs: d.options.contactRecheckMs,
  };
  const inboundOp: Extract<WriteOperation, { kind: 'upsert' }> = {
    kind: 'upsert',
    entitySet: EntitySets.Message,
    key: messageKey(accountId, d.wechatMsgId),
    data: inboundMessageRow({
      msg: d.msg,
      accountId,
      wechatMsgId: d.wechatMsgId,
      createdAt: d.createdAt,
      ...(d.openid !== undefined && { followerOpenid: d.openid }),
    }),
    ifNoneMatch: true,
  };
  const noteOps: WriteOperation[] = noteRows(accountId, d.wechatMsgId, d.attachments, d.options.maxNoteBytes).map((data) => ({
    kind: 'create',
    entitySet: Note.entitySetName,
    data,
  }));

  // The passive reply the callback answered with (relay/autoreplies), stored in the same change set.
  const autoOps = d.autoReply && d.openid ? [autoReplyOperation(accountId, d.openid, d.wechatMsgId, d.autoReply)] : [];

  // The inbound row skips the relay's own wxm_message Create webhook step (own-steps.ts). Refused, it is written again
  // without (the refused change set wrote nothing) and the org writes without for a while. A 400/403 of the message
  // row in words the relay does not know as a bypass refusal is tried again without too, and counts as one only when
  // that write then goes through (else it was not the header, and fails as it would have).
  let refusedBypass = false;
  let suspect: DataverseErrorInfo | undefined;
  for (let attempt = 1; attempt <= d.options.maxAttempts; attempt++) {
    const skip = refusedBypass ? undefined : await d.memory.ownSteps?.ids(d.memory.org, deps.logger);
    const messageOp: WriteOperation = skip ? { ...inboundOp, bypassSteps: skip } : inboundOp;
    const stored = d.openid ? await followers.read(accountId, d.openid) : undefined;
    const follower = d.openid ? await planFollower(d.msg, d.openid, d.createdAt, stored, memo, planDeps) : undefined;
    // Scans and follows through the account's codes: counted in this change set, so a redelivery counts nothing.
    const attribution = follower
      ? await planAttribution({
          org: d.memory.org,
          accountId,
          msg: d.msg,
          at: d.createdAt,
          stored,
          next: follower.next,
          missingCodes: { memory: d.memory.missingCodes, now: deps.clock.now() },
        })
      : undefined;
    // The follower write answers with the row and its new ETag: the next message of this follower needs no read.
    const followerOp = withAttribution(follower?.op, stored, attribution?.follower);
    const ops = [...(followerOp ? [followerOp] : []), messageOp, ...noteOps, ...(attribution?.ops ?? []), ...autoOps];
    const outcomes = await d.memory.org.submit(ops);
    const result = classify(outcomes, ops.indexOf(messageOp));
    if (attribution?.referrerOpenid) followers.forget(accountId, attribution.referrerOpenid);
    const refusal = skip ? bypassRefusal(outcomes[ops.indexOf(messageOp)]) : undefined;
    if (refusal) {
      if (isBypassRefused(refusal)) d.memory.ownSteps?.refused(refusal, deps.logger);
      else suspect = refusal;
      refusedBypass = true;
      if (d.openid) followers.forget(accountId, d.openid);
      attempt--;
      continue;
    }
    if (result.kind !== 'failed') {
      if (suspect) d.memory.ownSteps?.refused(suspect, deps.logger);
      else if (skip) d.memory.ownSteps?.accepted();
      suspect = undefined;
    }
    if (result.kind === 'committed') {
      const written = followerOp ? outcomes[0] : undefined;
      if (d.openid && written?.ok && 'row' in written && written.row) followers.remember(accountId, readFollower(written.row));
      return { status: 'delivered', wechatMsgId: d.wechatMsgId, followerCreated: follower?.created ?? false };
    }
    if (d.openid) followers.forget(accountId, d.openid);
    if (result.kind === 'duplicate') return { status: 'duplicate', wechatMsgId: d.wechatMsgId };
    if (result.kind === 'failed') throw DataverseError.from(result.error);
    // 412/409 (or a row gone, once): either this message is already there, or someone changed the follower
    // between our read and our write. Find out which, and redo the round from a fresh read if needed.
    if (result.kind === 'not-found' && attempt > 1) throw DataverseError.from(result.error);
    if (await messageExists(d.memory, accountId, d.wechatMsgId)) return { status: 'duplicate', wechatMsgId: d.wechatMsgId };
  }
  throw new FollowerContention(d.options.maxAttempts);
}

/** The message row's own failure (not a rollback caused by another operation) when it may be the header's: 400 or 403. */
function bypassRefusal(outcome: WriteOutcome | undefined): DataverseErrorInfo | undefined {
  if (!outcome || outcome.ok || outcome.error.code === 'RolledBack') return undefined;
  return isBypassRefused(outcome.error) || outcome.error.status === 400 || outcome.error.status === 403 ? outcome.error : undefined;
}

/** The follower's own operation with the attribution columns; an update of its own when nothing else changed. */
function withAttribution(op: WriteOperation | undefined, stored: StoredFollower | undefined, columns: Row | undefined): WriteOperation | undefined {
  const extra = columns && Object.keys(columns).length > 0 ? columns : undefined;
  const base: WriteOperation | undefined =
    op ?? (extra && stored ? { kind: 'upsert', entitySet: EntitySets.Follower, key: stored.id, data: {}, ifMatch: stored.etag ?? '*' } : undefined);
  if (!base || base.kind !== 'upsert') return base;
  return { ...base, data: { ...base.data, ...extra }, select: FOLLOWER_SELECT };
}

async function messageExists(memory: OrgMemory, accountId: string, wechatMsgId: string): Promise<boolean> {
  return (await memory.org.retrieve(EntitySets.Message, messageKey(accountId, wechatMsgId), [Message.columns.Id])) !== undefined;
}

function parse(xml: string): InboundMessage {
  try {
    return parseInbound(xml);
  } catch (err) {
    throw new InvalidEnvelope(`XML: ${err instanceof WechatMessageError ? err.message : err instanceof Error ? err.name : 'unreadable'}`);
  }
}
