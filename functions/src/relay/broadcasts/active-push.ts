/**
 * 48-hour active push: a broadcast of kind Active Push sends one customer-service message (message/custom/send) to
 * each follower of its audience whose reply window is open now (relay/window: 5 messages within 48 hours of the
 * follower's message, 3 within a minute of a follow, scan or menu click), within the follower's remaining count,
 * and records each send on the follower (customerServiceSent). Everyone else is skipped and the row's Skipped
 * Followers says who and why. Sends once: each follower is marked in the shared store before and after the call
 * (push-marks.ts), so a push interrupted mid-way is resumed by the timer (`resume`): followers marked sent count as
 * sent, a follower whose call was under way is reported as unknown and never called again, the rest are sent.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import { Broadcast, BroadcastContent, BroadcastStatus, EntitySets, Follower } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';
import { WechatApiError } from '../../wechat/index.js';
import type { CustomMessage } from '../../wechat/official-account/types.js';
import type { TagOrg } from '../tags/tag-deps.js';
import { customerServiceSent, windowOf, windowRefusal } from '../window/follower-window.js';
import { resolveAudience } from './audience.js';
import { iso, recordFailed, writeBroadcast, type StoredBroadcast } from './broadcast-row.js';
import { lease, release, type BroadcastDeps } from './deps.js';
import { PushMarks } from './push-marks.js';
import { explainRefusal, type Refusal } from './reasons.js';
import { MAX_TEXT_BYTES } from './rules.js';

const B = Broadcast.columns;
const F = Follower.columns;
/** Openids listed per reason in the report (the counts are always complete). */
const LISTED_PER_REASON = 500;

export type PushOutcome = 'pushed' | 'refused' | 'busy';

function messageOf(b: StoredBroadcast, touser: string): CustomMessage | Refusal {
  switch (b.contentType ?? BroadcastContent.Text) {
    case BroadcastContent.Text:
      if (b.content.trim() === '') return { code: 'empty-text' };
      if (Buffer.byteLength(b.content) > MAX_TEXT_BYTES) return { code: 'text-too-long', bytes: Buffer.byteLength(b.content) };
      return { touser, msgtype: 'text', text: { content: b.content } } as CustomMessage;
    case BroadcastContent.Image:
      return b.mediaId ? ({ touser, msgtype: 'image', image: { media_id: b.mediaId } } as CustomMessage) : { code: 'no-media' };
    case BroadcastContent.Voice:
      return b.mediaId ? ({ touser, msgtype: 'voice', voice: { media_id: b.mediaId } } as CustomMessage) : { code: 'no-media' };
    case BroadcastContent.Video:
      return b.mediaId ? ({ touser, msgtype: 'video', video: { media_id: b.mediaId, thumb_media_id: b.mediaId } } as CustomMessage) : { code: 'no-media' };
    default:
      return { code: 'push-content' };
  }
}

const isRefusal = (m: CustomMessage | Refusal): m is Refusal => 'code' in m;

const UNKNOWN_TEXT =
  'Not sent again: the relay stopped while WeChat was being called for them, so they may have it already.\n' +
  '未再次发送：中继在调用微信时中断，对方可能已收到。';

export async function runActivePush(access: TagOrg, b: StoredBroadcast, deps: BroadcastDeps, options: { resume?: boolean } = {}): Promise<PushOutcome> {
  const key = `${access.organizationId}|${b.id}`;
  if (!(await lease(deps, key, 1800))) return 'busy';
  try {
    const refuse = async (r: Refusal): Promise<PushOutcome> => {
      await recordFailed(access.org, b.id, explainRefusal(r), { [B.SendRequestedOn]: null });
      return 'refused';
    };
    if (!b.accountId) return await refuse({ code: 'no-account' });
    const appid = await access.appidOf(b.accountId);
    if (!appid) return await refuse({ code: 'account-not-connected' });
    const probe = messageOf(b, '');
    if (isRefusal(probe)) return await refuse(probe);
    const audience = await resolveAudience(access, b.accountId, b);
    if (audience.kind === 'refused')
      return await refuse(audience.refusal === 'audience-refused' ? { code: 'audience-refused', reason: audience.reason } : { code: audience.refusal });
    if (audience.rows.length === 0) return await refuse({ code: 'empty-audience' });
    const started = deps.clock.now();
    await writeBroadcast(access.org, b.id, { [B.BroadcastStatus]: BroadcastStatus.Sending, [B.SentOn]: iso(started), [B.FailureReason]: null });

    const skipped = new Map<string, { text: string; openids: string[] }>();
    const skip = (code: string, text: string, openid: string) => {
      const entry = skipped.get(code) ?? { text, openids: [] };
      entry.openids.push(openid);
      skipped.set(code, entry);
    };
    let sent = 0;
    let open = 0;
    let errors = 0;
    const token = deps.wechat.token(appid);
    const marks = new PushMarks(deps.kv, key, () => deps.clock.now());
    const unknown = (openid: string) => skip('unknown', UNKNOWN_TEXT, openid);
    for (const row of audience.rows) {
      const openid = String(row[F.OpenId]);
      // Resuming: what the stopped run did (its sends count; a call it had under way is never made again).
      const earlier = options.resume ? await marks.of(openid) : undefined;
      if (earlier === 'sent') {
        open += 1;
        sent += 1;
        continue;
      }
      if (earlier === 'unknown') {
        unknown(openid);
        continue;
      }
      const now = deps.clock.now();
      const state = windowOf(row, now);
      if (!state.open) {
        const refusal = windowRefusal(state);
        skip(String(refusal.errcode), refusal.text, openid);
        continue;
      }
      open += 1;
      if (!(await marks.claim(openid))) {
        // Another run of this push has this follower (or had: its outcome is its own to report).
        unknown(openid);
        continue;
      }
      try {
        await deps.wechat.sendCustom(token, messageOf(b, openid) as CustomMessage);
      } catch (err) {
        // The network: WeChat may have delivered it; the claim stays, so nobody calls for this follower again.
        if (!(err instanceof WechatApiError)) throw err;
        await marks.refused(openid);
        // WeChat counted differently (another sender got there first): skipped with WeChat's own code.
        if ([45015, 45047, 43004].includes(err.errcode))
          skip(String(err.errcode), `WeChat refused (${err.errcode}): ${err.en}\n微信拒绝（${err.errcode}）：${err.zh}`, openid);
        else {
          errors += 1;
          skip(`error-${err.errcode}`, `WeChat refused (${err.errcode}): ${err.en}\n微信拒绝（${err.errcode}）：${err.zh}`, openid);
        }
        continue;
      }
      sent += 1;
      await marks.sent(openid);
      await recordSend(access, row, now);
    }
    const skippedCount = [...skipped.values()].reduce((n, e) => n + e.openids.length, 0);
    await writeBroadcast(access.org, b.id, {
      [B.BroadcastStatus]: sent > 0 || skippedCount > 0 ? BroadcastStatus.Sent : BroadcastStatus.Failed,
      [B.TotalCount]: audience.rows.length,
      [B.FilterCount]: open,
      [B.SentCount]: sent,
      [B.ErrorCount]: errors,
      [B.ResultStatus]: `active push: ${sent} sent, ${skippedCount} skipped`,
      [B.SkippedReport]: report(skipped, sent, audience.rows.length),
    });
    deps.logger.info('active push done', { authorizerAppid: appid, sent, skipped: skippedCount });
    return 'pushed';
  } finally {
    await release(deps, key);
  }
}

/** One more customer-service message on the follower's allowance (a delivery that changed the row first wins). */
async function recordSend(access: TagOrg, row: Row, now: number): Promise<void> {
  const update = customerServiceSent(row, now);
  if (Object.keys(update).length === 0) return;
  const etag = typeof row['@odata.etag'] === 'string' ? row['@odata.etag'] : '*';
  await access.org.update(EntitySets.Follower, String(row[F.Id]), update, etag);
}

function report(skipped: Map<string, { text: string; openids: string[] }>, sent: number, total: number): string {
  const skippedCount = [...skipped.values()].reduce((n, e) => n + e.openids.length, 0);
  const lines = [`Sent ${sent} of ${total}; skipped ${skippedCount}.`, `已发送 ${sent}/${total}；跳过 ${skippedCount}。`];
  for (const [, e] of skipped) {
    const listed = e.openids.slice(0, LISTED_PER_REASON);
    const more = e.openids.length - listed.length;
    lines.push('', `${e.openids.length} × ${e.text}`, listed.join(', ') + (more > 0 ? ` … (+${more})` : ''));
  }
  return lines.join('\n').slice(0, 100_000);
}
