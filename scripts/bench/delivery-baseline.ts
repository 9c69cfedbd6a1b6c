/**
 * The one-request-per-row baseline: the same writes the relay's change sets carry (a follower row per new follower
 * and, as the relay does, the follower moved forward by each later message of it; the message row; a note per
 * photo; built by the relay's own row mappers), each sent as its own Web API request through the same gateway
 * (dynamics-web-api, same pacing and 429 handling) and the same limits, 16 envelopes at a time. Generous to the
 * baseline: WeChat calls and row building happen before the clock starts, and it never reads a follower back (it
 * knows every follower it wrote, as the relay's cache does). `followerUpdates: false` also skips the updates.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api#upsert-a-table-row
 */
import { EntitySets } from '@wxm/solution/schema';
import { DataverseError } from '../../functions/src/dataverse/errors.js';
import type { DataverseOrg, Row } from '../../functions/src/dataverse/types.js';
import { createTimeOf, followerOf } from '../../functions/src/relay/delivery/envelope-check.js';
import { followerChanges, newFollowerRow } from '../../functions/src/relay/delivery/follower-row.js';
import { advance, observe, type FollowerState } from '../../functions/src/relay/delivery/follower-state.js';
import { followerKey, messageKey } from '../../functions/src/relay/delivery/keys.js';
import { DEFAULT_MAX_NOTE_BYTES, downloadMedia, mediaOf, noteRows } from '../../functions/src/relay/delivery/media.js';
import { wechatMessageId } from '../../functions/src/relay/delivery/message-id.js';
import { inboundMessageRow } from '../../functions/src/relay/delivery/message-row.js';
import { Note } from '../../functions/src/relay/delivery/platform-tables.js';
import type { InboundEnvelope } from '../../functions/src/relay/envelope.js';
import { parseInbound } from '../../functions/src/wechat/index.js';
import type { WechatStandIn } from './delivery-wechat.js';

interface PreparedEnvelope {
  /** `appid|openid` */
  followerId: string;
  /** Only on the envelope that meets its follower first. */
  follower?: { key: string; row: Row };
  /** On the later envelopes of a follower: the columns the message moves forward. */
  followerUpdate?: { key: string; row: Row };
  message: { key: string; row: Row };
  notes: Row[];
}

/** Everything but the Dataverse requests, done up front. */
export async function prepareBaseline(
  envelopes: readonly InboundEnvelope[],
  accountIds: Map<string, string>,
  wechat: WechatStandIn['adapters'],
): Promise<PreparedEnvelope[]> {
  const states = new Map<string, FollowerState>();
  const out: PreparedEnvelope[] = [];
  for (const e of envelopes) {
    const accountId = accountIds.get(e.authorizerAppid) ?? '';
    const msg = parseInbound(e.xml);
    const createdAt = createTimeOf(msg, e.receivedAt);
    const openid = followerOf(msg) ?? '';
    const wechatMsgId = wechatMessageId(msg, e.dedupeKey);
    const id = `${e.authorizerAppid}|${openid}`;
    let follower: PreparedEnvelope['follower'];
    let followerUpdate: PreparedEnvelope['followerUpdate'];
    const known = states.get(id);
    if (!known) {
      const profile = await wechat.profiles.get(e.authorizerAppid, openid);
      const state = advance({}, observe(msg, createdAt), profile);
      states.set(id, state);
      follower = { key: followerKey(accountId, openid), row: newFollowerRow(accountId, openid, state) };
    } else {
      const state = advance(known, observe(msg, createdAt), undefined);
      states.set(id, state);
      const row = followerChanges(known, state);
      if (Object.keys(row).length > 0) followerUpdate = { key: followerKey(accountId, openid), row };
    }
    const attachments = await downloadMedia(e.authorizerAppid, mediaOf(msg), wechat.media);
    out.push({
      followerId: id,
      ...(follower && { follower }),
      ...(followerUpdate && { followerUpdate }),
      message: { key: messageKey(accountId, wechatMsgId), row: inboundMessageRow({ msg, accountId, wechatMsgId, createdAt, followerOpenid: openid }) },
      notes: noteRows(accountId, wechatMsgId, attachments, DEFAULT_MAX_NOTE_BYTES),
    });
  }
  return out;
}

export interface BaselineResult {
  rows: number;
  ms: number;
  /** Requests the baseline had to send again after the gateway gave up on a 429. */
  resent: number;
  /** Date.now() when each envelope's rows were all written. */
  times: number[];
}

/** Writes the prepared rows, one request each, `concurrency` envelopes at a time. */
export async function runBaseline(
  prepared: readonly PreparedEnvelope[],
  org: DataverseOrg,
  concurrency: number,
  followerUpdates = true,
): Promise<BaselineResult> {
  const followers = new Map<string, Promise<unknown>>();
  let resent = 0;
  let rows = 0;
  const times: number[] = [];
  // What the queue would do with a throttled or failed request: send it again once Dataverse allows.
  const persist = async (send: () => Promise<unknown>): Promise<void> => {
    for (;;) {
      try {
        await send();
        rows += 1;
        return;
      } catch (err) {
        if (!(err instanceof DataverseError) || (err.kind !== 'throttled' && err.kind !== 'transient')) throw err;
        resent += 1;
        await new Promise((r) => setTimeout(r, (err.retryAfterSeconds ?? 1) * 1000));
      }
    }
  };
  const queue = [...prepared];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const { follower, message, notes } = p;
        // Set before any await: a later envelope of the same follower (shifted after this one) finds the promise.
        if (follower)
          followers.set(
            p.followerId,
            persist(() => org.upsert(EntitySets.Follower, follower.key, follower.row, { ifNoneMatch: true })),
          );
        // The message binds its follower: wait for the follower row, written by whichever envelope met it first.
        await followers.get(p.followerId);
        const update = p.followerUpdate;
        if (update && followerUpdates) await persist(() => org.upsert(EntitySets.Follower, update.key, update.row));
        await persist(() => org.upsert(EntitySets.Message, message.key, message.row, { ifNoneMatch: true }));
        for (const note of notes) await persist(() => org.create(Note.entitySetName, note));
        times.push(Date.now());
      }
    }),
  );
  return { rows, ms: performance.now() - started, resent, times };
}
