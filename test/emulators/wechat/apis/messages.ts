/**
 * Outbound messages: customer service (客服消息), mass sends (template messages: apis/template.ts). All are recorded for /sim/sent.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { WechatApiError } from '../errors.js';
import type { SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';
import { massJobFinished } from '../push/job-events.js';
import { requireCapability, requireFollower } from './capabilities.js';
import { OK, type ApiSpec } from './registry.js';

const CUSTOM_TYPES = new Set(['text', 'image', 'voice', 'video', 'music', 'news', 'mpnews', 'mpnewsarticle', 'msgmenu', 'wxcard', 'miniprogrampage']);
const MASS_TYPES = new Set(['mpnews', 'text', 'voice', 'image', 'mpvideo', 'wxcard']);
/** Text content limit of a customer-service message, in bytes. */
const MAX_TEXT_BYTES = 2048;

let jobSeq = 1_000_000_000;
function nextJobId(): number {
  jobSeq += 1;
  return jobSeq;
}

/** The `<msgtype>` payload: present, and its media_id (image/voice/video) uploaded by this account. */
function checkPayload(state: SimState, account: SimAccount, body: Record<string, unknown>, allowed: Set<string>): void {
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || !allowed.has(msgtype)) throw new WechatApiError(40008, 'invalid message type');
  const payload = body[msgtype];
  if (typeof payload !== 'object' || payload === null) throw new WechatApiError(47001);
  const fields = payload as Record<string, unknown>;
  if (msgtype === 'text') {
    if (typeof fields.content !== 'string' || fields.content === '') throw new WechatApiError(47001);
    if (Buffer.byteLength(fields.content) > MAX_TEXT_BYTES) throw new WechatApiError(45002, 'content size out of limit');
  }
  if (msgtype === 'image' || msgtype === 'voice' || msgtype === 'video') {
    if (typeof fields.media_id !== 'string' || !state.media.get(account.appid, fields.media_id)) throw new WechatApiError(40007);
  }
}

function recipientsOfFilter(account: SimAccount, filter: unknown): string[] {
  if (typeof filter !== 'object' || filter === null) throw new WechatApiError(47001);
  const { is_to_all: toAll, tag_id: tagId } = filter as Record<string, unknown>;
  const following = [...account.followers.values()].filter((f) => f.following);
  if (toAll === true) return following.map((f) => f.openid);
  if (typeof tagId !== 'number' || !account.tags.has(tagId)) throw new WechatApiError(40050, 'invalid group id');
  return following.filter((f) => f.tagIds.includes(tagId)).map((f) => f.openid);
}

export const messageApis: ApiSpec[] = [
  {
    api: 'message/custom/send',
    auth: 'authorizer',
    scope: 1,
    outbound: true,
    handle({ state, account, json }) {
      requireCapability(account, 'verified');
      const body = json();
      checkPayload(state, account, body, CUSTOM_TYPES);
      const follower = requireFollower(account, body.touser);
      if (!follower.following) throw new WechatApiError(43004);
      const verdict = follower.window.consume(state.clock.now());
      if (verdict !== 0) throw new WechatApiError(verdict);
      return { ...OK };
    },
  },
  {
    api: 'message/mass/sendall',
    auth: 'authorizer',
    scope: 7,
    outbound: true,
    handle(ctx) {
      const { state, account, json } = ctx;
      requireCapability(account, 'verified');
      const body = json();
      checkPayload(state, account, body, MASS_TYPES);
      const recipients = recipientsOfFilter(account, body.filter);
      ctx.recipients = recipients;
      return massAnswer(state, account, recipients, 0);
    },
  },
  {
    api: 'message/mass/send',
    auth: 'authorizer',
    scope: 7,
    outbound: true,
    handle(ctx) {
      const { state, account, json } = ctx;
      requireCapability(account, 'verified-service');
      const body = json();
      const touser = body.touser;
      if (!Array.isArray(touser) || !touser.every((o) => typeof o === 'string')) throw new WechatApiError(47001);
      if (touser.length < 2) throw new WechatApiError(40130);
      if (touser.length > 10_000) throw new WechatApiError(40032);
      checkPayload(state, account, body, MASS_TYPES);
      const reached = (touser as string[]).filter((o) => account.followers.get(o)?.following === true);
      ctx.recipients = reached;
      return massAnswer(state, account, reached, touser.length - reached.length);
    },
  },
];

function massAnswer(state: SimState, account: SimAccount, reached: string[], errors: number): Record<string, unknown> {
  const msgId = nextJobId();
  const reporter = reached[0] ?? [...account.followers.keys()][0] ?? account.originalId;
  massJobFinished(state, account, reporter, { msgId, total: reached.length + errors, sent: reached.length, errors });
  return { errcode: 0, errmsg: 'send job submission success', msg_id: msgId, msg_data_id: msgId + 1 };
}
