/**
 * Outbound messages: customer service (客服消息) (template messages: apis/template.ts; mass sends: apis/mass.ts). All are
 * recorded for /sim/sent.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import { WechatApiError } from '../errors.js';
import type { SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';
import { requireCapability, requireFollower } from './capabilities.js';
import { OK, type ApiSpec } from './registry.js';

const CUSTOM_TYPES = new Set(['text', 'image', 'voice', 'video', 'music', 'news', 'mpnews', 'mpnewsarticle', 'msgmenu', 'wxcard', 'miniprogrampage']);
/** Text content limit of a customer-service message, in bytes. */
const MAX_TEXT_BYTES = 2048;

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
];
