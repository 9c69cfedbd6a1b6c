/**
 * Sending a mass broadcast (群发) once: checked on the row before WeChat is called (account, content, audience,
 * monthly and daily limits), planned into wxm_broadcastsend rows (everyone or a tag: one sendall; a view or marketing
 * list: openids by mass/send in chunks of 10,000), then each chunk without a msg_id is sent with its own clientmsgid
 * (row id + chunk). A relay that stops mid-send resumes at the first unsent chunk; a chunk WeChat accepted before the
 * crash answers 45065 with its first msg_id and is recorded as that send. After the calls the row says Sending, or
 * Awaiting Confirmation when "API 群发保护" is on; MASSSENDJOBFINISH (job-finished.ts) writes the result.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { AudienceKind, Broadcast, BroadcastStatus, EntitySets, Follower } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { Row, WriteOperation } from '../../dataverse/types.js';
import { stringLiteral } from '../delivery/keys.js';
import { WechatApiError } from '../../wechat/index.js';
import type { MassAudience } from '../../wechat/official-account/mass.js';
import type { TagOrg } from '../tags/tag-deps.js';
import { accountLimits } from './account-limits.js';
import { ensureArticle } from './article.js';
import { massContent } from './content.js';
import { resolveAudience } from './audience.js';
import { iso, readBroadcast, recordFailed, writeBroadcast, type StoredBroadcast } from './broadcast-row.js';
import { chunksOfBroadcast, planChunks, recordChunkSent } from './chunks.js';
import { lease, release, type BroadcastDeps } from './deps.js';
import { applyEarlyResult } from './job-finished.js';
import { awaitMassSlot } from './mass-pace.js';
import { AWAITING_CONFIRMATION, explainRefusal, explainWechatError, reasonText, type Refusal } from './reasons.js';
import { beijingMonth, CHUNK_SIZE, chunksOf, isContentRefusal, massContentOf, massThisMonth, MONTHLY_MASS_PER_FOLLOWER } from './rules.js';

const B = Broadcast.columns;
const F = Follower.columns;

export type SendOutcome = 'sent' | 'refused' | 'failed' | 'busy' | 'skipped';

/** Checks and plans a broadcast, then sends its chunks. The row must be Draft, Scheduled or Failed (a fixed one). */
export async function startSend(access: TagOrg, b: StoredBroadcast, deps: BroadcastDeps): Promise<SendOutcome> {
  const key = `${access.organizationId}|${b.id}`;
  if (!(await lease(deps, key))) return 'busy';
  try {
    const refuse = async (r: Refusal): Promise<SendOutcome> => {
      // The request is spent: Send stamps a new one once the row is fixed.
      await recordFailed(access.org, b.id, explainRefusal(r), { [B.SendRequestedOn]: null });
      deps.logger.info('broadcast refused before WeChat was called', { organizationId: access.organizationId, reason: r.code });
      return 'refused';
    };
    const now = deps.clock.now();
    if (!b.accountId) return await refuse({ code: 'no-account' });
    const appid = await access.appidOf(b.accountId);
    if (!appid) return await refuse({ code: 'account-not-connected' });
    const limits = await accountLimits(access.org, b.accountId, now, b.id);
    if (!limits) return await refuse({ code: 'no-account' });
    if (limits.cannot.length > 0) return await refuse({ code: 'cannot-mass-send', why: limits.cannot });
    const first = massContentOf(b);
    if (isContentRefusal(first) && first.code !== 'no-article') return await refuse(first);
    const audience = await resolveAudience(access, b.accountId, b);
    if (audience.kind === 'refused')
      return await refuse(audience.refusal === 'audience-refused' ? { code: 'audience-refused', reason: audience.reason } : { code: audience.refusal });
    const rows = audience.rows;
    if (rows.length === 0) return await refuse({ code: 'empty-audience' });
    const byOpenid = b.audienceKind === AudienceKind.View || b.audienceKind === AudienceKind.MarketingList;
    if (byOpenid && limits.service === false) return await refuse({ code: 'openids-need-service' });
    if (limits.service !== false && rows.every((r) => massThisMonth(r[F.MassMonth], r[F.MassCount], now) >= MONTHLY_MASS_PER_FOLLOWER)) {
      return await refuse({ code: 'all-month-limited', followers: rows.length });
    }
    if (limits.service === false && limits.subscriptionSentToday) return await refuse({ code: 'subscription-sent-today' });
    const openidChunks = byOpenid
      ? chunksOf(
          rows.map((r) => String(r[F.OpenId])),
          Math.max(3, deps.chunkSize ?? CHUNK_SIZE),
        )
      : [];
    const needed = Math.max(1, openidChunks.length);
    if (needed > limits.callsLeftToday) return await refuse({ code: 'daily-calls', needed, left: limits.callsLeftToday });
    // mass/send takes at least 2 openids: a last chunk of one takes a follower from the chunk before it.
    const [prev, last] = [openidChunks.at(-2), openidChunks.at(-1)];
    if (prev && last?.length === 1) last.unshift(...prev.splice(-1));
    if (openidChunks.length === 1 && openidChunks[0]?.length === 1) return await refuse({ code: 'one-follower' });
    const made = await ensureArticle(access.org, b, appid, deps);
    if ('code' in made) return await refuse(made);

    await planChunks(access.org, b, b.accountId, openidChunks);
    await writeBroadcast(access.org, b.id, {
      [B.BroadcastStatus]: BroadcastStatus.Sending,
      [B.ChunkCount]: needed,
      [B.SentOn]: iso(now),
      [B.FailureReason]: null,
      [B.ReachCount]: rows.length,
    });
    return await sendChunks(access, { ...made, status: BroadcastStatus.Sending }, appid, limits.protection, deps, rows);
  } finally {
    await release(deps, key);
  }
}

/** A broadcast left in Sending with chunks unsent (the relay stopped): send the rest, never one twice. */
export async function resumeSend(access: TagOrg, b: StoredBroadcast, deps: BroadcastDeps): Promise<SendOutcome> {
  const key = `${access.organizationId}|${b.id}`;
  if (!b.accountId || !(await lease(deps, key))) return 'busy';
  try {
    const appid = await access.appidOf(b.accountId);
    const limits = appid ? await accountLimits(access.org, b.accountId, deps.clock.now(), b.id) : undefined;
    if (!appid || !limits) return 'skipped';
    return await sendChunks(access, b, appid, limits.protection, deps, undefined);
  } finally {
    await release(deps, key);
  }
}

async function sendChunks(
  access: TagOrg,
  b: StoredBroadcast,
  appid: string,
  protection: boolean,
  deps: BroadcastDeps,
  audienceRows: Row[] | undefined,
): Promise<SendOutcome> {
  const content = await massContent(b, appid, deps);
  if ('code' in content) {
    await recordFailed(access.org, b.id, explainRefusal(content), { [B.SendRequestedOn]: null });
    return 'refused';
  }
  const chunks = await chunksOfBroadcast(access.org, b.id);
  const token = deps.wechat.token(appid);
  let sent = chunks.filter((c) => c.msgId !== '').length;
  let firstMsgId = chunks.find((c) => c.msgId !== '')?.msgId ?? '';
  let sentNow = 0;
  for (const chunk of chunks) {
    if (chunk.msgId) continue;
    // Every broadcast of the account, on every instance, shares its 60 calls a minute (mass-pace.ts).
    await awaitMassSlot(deps, appid);
    const audience = await massAudienceOf(access, b, chunk.openids);
    if (!audience) {
      await recordFailed(access.org, b.id, explainRefusal({ code: 'tag-not-in-wechat' }));
      return 'refused';
    }
    let result;
    try {
      result = await deps.wechat.mass.send(token, { audience, content, clientMsgId: chunk.clientMsgId });
    } catch (err) {
      // 45066 (the same clientmsgid within a minute), 45011 (the account's calls this minute, e.g. spent by another
      // tool) and the network: the chunk stays unsent and the queue or the timer tries again later.
      if (!(err instanceof WechatApiError) || err.errcode === 45066 || err.errcode === 45011 || err.kind === 'busy') throw err;
      const reason = explainWechatError(err);
      const progress =
        sent > 0 ? { en: ` ${sent} of ${chunks.length} sends had gone out.`, zh: `已发出 ${chunks.length} 批中的 ${sent} 批。` } : { en: '', zh: '' };
      await recordFailed(access.org, b.id, { en: reason.en + progress.en, zh: reason.zh + progress.zh }, { [B.ChunksSent]: sent });
      deps.logger.warn('mass send refused by WeChat', { authorizerAppid: appid, errcode: err.errcode, chunk: chunk.chunk });
      return 'failed';
    }
    const now = deps.clock.now();
    await recordChunkSent(access.org, chunk.id, result.msgId, result.msgDataId, now);
    sent += 1;
    sentNow += 1;
    if (!firstMsgId) firstMsgId = result.msgId;
    await writeBroadcast(access.org, b.id, { [B.ChunksSent]: sent, [B.WechatMsgId]: firstMsgId });
    if (!result.duplicate) await countMassMessages(access, chunk.openids.length > 0 ? chunk.openids : undefined, audienceRows, b.accountId ?? '', now);
    // MASSSENDJOBFINISH may have come before the msg_id was written.
    await applyEarlyResult(access, appid, b.accountId ?? '', result.msgId, deps);
    deps.logger.info('mass send chunk accepted', { authorizerAppid: appid, chunk: chunk.chunk, duplicate: result.duplicate });
  }
  const latest = await readBroadcast(access.org, b.id);
  // The result may already be on the row (an early MASSSENDJOBFINISH); only a row still Sending moves on.
  if (latest?.status === BroadcastStatus.Sending && protection) {
    await writeBroadcast(access.org, b.id, { [B.BroadcastStatus]: BroadcastStatus.AwaitingConfirmation, [B.FailureReason]: reasonText(AWAITING_CONFIRMATION) });
    return 'sent';
  }
  // A resume that found every chunk sent (waiting for MASSSENDJOBFINISH) did nothing.
  return sentNow > 0 ? 'sent' : 'skipped';
}

async function massAudienceOf(access: TagOrg, b: StoredBroadcast, openids: string[]): Promise<MassAudience | undefined> {
  if (openids.length > 0) return { kind: 'openids', openids };
  if (b.audienceKind !== AudienceKind.Tag) return { kind: 'all' };
  const resolved = b.accountId ? await resolveAudience(access, b.accountId, { ...b, audienceKind: AudienceKind.Tag }) : undefined;
  return resolved?.kind === 'followers' && resolved.wechatTagId !== undefined ? { kind: 'tag', tagId: resolved.wechatTagId } : undefined;
}

/**
 * One more mass message this month on each follower the call addressed (WeChat delivers at most 4 a month; the
 * estimate reads these). Counted once per accepted call: a 45065 answer (already sent) counts nothing again.
 */
async function countMassMessages(access: TagOrg, openids: string[] | undefined, rows: Row[] | undefined, accountId: string, now: number): Promise<void> {
  const month = beijingMonth(now);
  let targets: Row[] = rows ?? [];
  if (openids) {
    // The chunk's followers: from the audience read for this send, or (a resumed send) read again 50 openids at a time.
    const known = new Map((rows ?? []).map((r) => [String(r[F.OpenId]), r]));
    const missing = openids.filter((o) => !known.has(o));
    for (let i = 0; i < missing.length; i += 50) {
      const part = missing.slice(i, i + 50);
      const found = await access.org.retrieveMultiple(EntitySets.Follower, {
        select: [F.Id, F.OpenId, F.MassMonth, F.MassCount],
        filter: `${lookupKey(F.OfficialAccountId)} eq ${accountId} and (${part.map((o) => `${F.OpenId} eq ${stringLiteral(o)}`).join(' or ')})`,
      });
      for (const r of found) known.set(String(r[F.OpenId]), r);
    }
    targets = openids.flatMap((o) => (known.has(o) ? [known.get(o)!] : []));
  }
  const ops: WriteOperation[] = targets.map((r) => ({
    kind: 'upsert',
    entitySet: EntitySets.Follower,
    key: String(r[F.Id]),
    ifMatch: '*',
    data: { [F.MassMonth]: month, [F.MassCount]: massThisMonth(r[F.MassMonth], r[F.MassCount], now) + 1 },
  }));
  for (let i = 0; i < ops.length; i += 500) await access.org.submit(ops.slice(i, i + 500));
}
