/**
 * Mass sends (群发) as WeChat judges them: sendall (everyone or a tag) and send (2-10,000 openids, service accounts),
 * preview, get and delete. What the relay must get right is enforced: clientmsgid (45067 over 64 bytes; 45066 when
 * reused within a minute; 45065 afterwards, answering the first send's msg_id), 48003 until the account accepted the
 * mass-send agreement, a subscription account's one send a day (45028), a follower's 4 mass messages a calendar
 * month (later sends are filtered for them: FilterCount), 60 sendall / send calls a minute (45011), "API 群发保护" (the job waits for POST /sim/mass/confirm,
 * failing after 30 minutes), and MASSSENDJOBFINISH pushed to the relay with the counts and originality check.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { WechatApiError } from '../errors.js';
import type { SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';
import { beijingDay } from '../state/quota.js';
import { massBook, type MassJob } from '../state/mass.js';
import { materialsOf } from '../state/material.js';
import { massJobFinished } from '../push/job-events.js';
import { requireCapability } from './capabilities.js';
import { tagMembers } from './tags.js';
import { followerAt, generatedFollower, generatedIndex, generatedOpenid, rosterSize } from '../state/follower-roster.js';
import { OK, type ApiContext, type ApiSpec } from './registry.js';

const MASS_TYPES = new Set(['mpnews', 'text', 'voice', 'image', 'mpvideo', 'wxcard']);
const MAX_TEXT_BYTES = 2048;
export const MONTHLY_MASS_PER_FOLLOWER = 4;
export const CONFIRM_WINDOW_MS = 30 * 60_000;
const CLIENT_MSG_ID_RETRY_MS = 60_000;
/** sendall and send together, per account, in any 60 seconds (wechat-marketing.md §4). */
export const MASS_CALLS_PER_MINUTE = 60;

/** The 61st mass-send call of an account within a minute is refused (45011); a refused call is not counted. */
function countCall(state: SimState, account: SimAccount): void {
  const mass = massBook(state).of(account.appid);
  const now = state.clock.now();
  mass.callTimes = mass.callTimes.filter((t) => now - t < 60_000);
  if (mass.callTimes.length >= MASS_CALLS_PER_MINUTE) throw new WechatApiError(45011, 'api minute-quota reach limit mustslower retry next minute');
  mass.callTimes.push(now);
}

/** The `<msgtype>` payload: present; media from this account (uploaded media, or a draft for mpnews). */
function checkPayload(state: SimState, account: SimAccount, body: Record<string, unknown>): { msgtype: string; articles: number } {
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || !MASS_TYPES.has(msgtype)) throw new WechatApiError(40008, 'invalid message type');
  const payload = body[msgtype];
  if (typeof payload !== 'object' || payload === null) throw new WechatApiError(47001);
  const fields = payload as Record<string, unknown>;
  if (msgtype === 'text') {
    if (typeof fields.content !== 'string' || fields.content === '') throw new WechatApiError(47001);
    if (Buffer.byteLength(fields.content) > MAX_TEXT_BYTES) throw new WechatApiError(45002, 'content size out of limit');
    return { msgtype, articles: 0 };
  }
  if (msgtype === 'mpnews') {
    const draft = typeof fields.media_id === 'string' ? massBook(state).drafts.get(fields.media_id) : undefined;
    if (!draft || draft.appid !== account.appid) throw new WechatApiError(40007);
    return { msgtype, articles: draft.articles.length };
  }
  if (msgtype === 'wxcard') return { msgtype, articles: 0 };
  // Permanent material, or temporary media of this account.
  const mediaId = fields.media_id;
  if (typeof mediaId !== 'string' || !(materialsOf(state).get(account.appid, mediaId) ?? state.media.get(account.appid, mediaId)))
    throw new WechatApiError(40007);
  return { msgtype, articles: 0 };
}

/** Everyone following, generated followers (state/follower-roster.ts) included, in user/get's order. */
function* following(account: SimAccount): Generator<string> {
  const size = rosterSize(account);
  for (let i = 0; i < size; i++) {
    const openid = generatedOpenid(account, i);
    if ((account.followers.get(openid) ?? generatedFollower(account, i)).following) yield openid;
  }
  for (const f of account.followers.values()) if (generatedIndex(account, f.openid) === undefined && f.following) yield f.openid;
}

function addressedByFilter(account: SimAccount, filter: unknown): string[] {
  if (typeof filter !== 'object' || filter === null) throw new WechatApiError(47001);
  const { is_to_all: toAll, tag_id: tagId } = filter as Record<string, unknown>;
  if (toAll === true) return [...following(account)];
  if (typeof tagId !== 'number' || !account.tags.has(tagId)) throw new WechatApiError(40050, 'invalid group id');
  return [...tagMembers(account, tagId)];
}

/** clientmsgid rules; a reuse after a minute answers the first send (the caller returns it as is). */
function clientMsgIdCheck(state: SimState, account: SimAccount, body: Record<string, unknown>): Record<string, unknown> | undefined {
  const id = body.clientmsgid;
  if (id === undefined) return undefined;
  if (typeof id !== 'string') throw new WechatApiError(47001);
  if (Buffer.byteLength(id) > 64) throw new WechatApiError(45067, 'clientmsgid size out of limit');
  const used = massBook(state).of(account.appid).clientMsgIds.get(id);
  if (!used) return undefined;
  if (state.clock.now() - used.at < CLIENT_MSG_ID_RETRY_MS) throw new WechatApiError(45066, 'same clientmsgid retry too fast');
  return { errcode: 45065, errmsg: 'clientmsgid exist', msg_id: used.msgId };
}

function submit(ctx: ApiContext, addressed: string[]): Record<string, unknown> {
  const { state, account, json } = ctx;
  const body = json();
  const book = massBook(state);
  const mass = book.of(account.appid);
  if (!mass.agreementAccepted) throw new WechatApiError(48003, 'user not agree mass-send protocol');
  const { msgtype, articles } = checkPayload(state, account, body);
  const reused = clientMsgIdCheck(state, account, body);
  if (reused) return reused;
  const now = state.clock.now();
  if (account.serviceType !== 2) {
    // A subscription account sends once a (Beijing) day.
    const day = beijingDay(now);
    if (mass.sentDays.has(day)) throw new WechatApiError(45028, 'has no masssend quota');
    mass.sentDays.add(day);
  }
  const msgId = book.nextMsgId();
  if (typeof body.clientmsgid === 'string') mass.clientMsgIds.set(body.clientmsgid, { msgId, at: now });
  const job: MassJob = { msgId, appid: account.appid, msgtype, addressed, status: 'SENDING', articles };
  book.jobs.set(msgId, job);
  ctx.recipients = addressed;
  if (mass.protection) {
    // API 群发保护: the job waits for an administrator (POST /sim/mass/confirm); unconfirmed after 30 minutes it fails.
    job.awaitingSince = now;
    state.later(() => expireUnconfirmed(state, account, job), CONFIRM_WINDOW_MS);
  } else {
    finishJob(state, account, job, true);
  }
  return { errcode: 0, errmsg: 'send job submission success', msg_id: msgId, ...(msgtype === 'mpnews' && { msg_data_id: msgId * 10 + 1 }) };
}

/** Runs the job: the followers at their monthly 4 are filtered, the rest receive it; MASSSENDJOBFINISH follows. */
export function finishJob(state: SimState, account: SimAccount, job: MassJob, confirmed: boolean): void {
  delete job.awaitingSince;
  const book = massBook(state);
  const now = state.clock.now();
  const reporter = job.addressed[0] ?? account.originalId;
  if (!confirmed) {
    job.status = 'SEND_FAIL';
    massJobFinished(state, account, reporter, {
      msgId: job.msgId,
      status: 'send fail',
      total: job.addressed.length,
      filter: 0,
      sent: 0,
      errors: 0,
      articles: job.articles,
    });
    return;
  }
  const monthlyLimit = account.serviceType === 2;
  const eligible = job.addressed.filter((o) => !monthlyLimit || book.receivedThisMonth(account.appid, o, now) < MONTHLY_MASS_PER_FOLLOWER);
  const reached = eligible.filter((o) => followerAt(account, o)?.following === true);
  for (const openid of reached) book.received(account.appid, openid, now);
  job.status = 'SEND_SUCCESS';
  massJobFinished(state, account, reporter, {
    msgId: job.msgId,
    status: 'send success',
    total: job.addressed.length,
    filter: eligible.length,
    sent: reached.length,
    errors: eligible.length - reached.length,
    articles: job.articles,
  });
}

function expireUnconfirmed(state: SimState, account: SimAccount, job: MassJob): void {
  if (job.awaitingSince === undefined) return;
  finishJob(state, account, job, false);
}

/** A held send past its 30 minutes fails (checked when it is looked at, as the timer may not have run on a test clock). */
export function expireIfLate(state: SimState, account: SimAccount, job: MassJob): void {
  if (job.awaitingSince !== undefined && state.clock.now() - job.awaitingSince >= CONFIRM_WINDOW_MS) expireUnconfirmed(state, account, job);
}

export const massApis: ApiSpec[] = [
  {
    api: 'message/mass/sendall',
    auth: 'authorizer',
    scope: 7,
    outbound: true,
    handle(ctx) {
      requireCapability(ctx.account, 'verified');
      countCall(ctx.state, ctx.account);
      return submit(ctx, addressedByFilter(ctx.account, ctx.json().filter));
    },
  },
  {
    api: 'message/mass/send',
    auth: 'authorizer',
    scope: 7,
    outbound: true,
    handle(ctx) {
      requireCapability(ctx.account, 'verified-service');
      countCall(ctx.state, ctx.account);
      const touser = ctx.json().touser;
      if (!Array.isArray(touser) || !touser.every((o) => typeof o === 'string')) throw new WechatApiError(47001);
      if (touser.length < 2) throw new WechatApiError(40130);
      if (touser.length > 10_000) throw new WechatApiError(40032);
      return submit(ctx, [...new Set(touser as string[])]);
    },
  },
  {
    api: 'message/mass/preview',
    auth: 'authorizer',
    scope: 7,
    outbound: true,
    handle(ctx) {
      const { state, account, json } = ctx;
      requireCapability(account, 'verified');
      const body = json();
      if (!massBook(state).of(account.appid).agreementAccepted) throw new WechatApiError(48003, 'user not agree mass-send protocol');
      checkPayload(state, account, body);
      const follower = typeof body.touser === 'string' ? followerAt(account, body.touser) : undefined;
      if (!follower) throw new WechatApiError(40003);
      if (!follower.following) throw new WechatApiError(43004);
      ctx.recipients = [follower.openid];
      return { ...OK, msg_id: massBook(state).nextMsgId() };
    },
  },
  {
    api: 'message/mass/get',
    auth: 'authorizer',
    scope: 7,
    handle({ state, account, json }) {
      const job = massBook(state).jobs.get(Number(json().msg_id));
      if (!job || job.appid !== account.appid) throw new WechatApiError(40007, 'invalid msg_id');
      expireIfLate(state, account, job);
      return { msg_id: job.msgId, msg_status: job.status };
    },
  },
  {
    api: 'message/mass/delete',
    auth: 'authorizer',
    scope: 7,
    outbound: true,
    handle({ state, account, json }) {
      const body = json();
      const job = massBook(state).jobs.get(Number(body.msg_id));
      if (!job || job.appid !== account.appid) throw new WechatApiError(40007, 'invalid msg_id');
      // Only articles and videos can be deleted once sent.
      if (job.msgtype !== 'mpnews' && job.msgtype !== 'mpvideo') throw new WechatApiError(40008, 'invalid message type');
      job.status = 'DELETE';
      return { ...OK };
    },
  },
];
