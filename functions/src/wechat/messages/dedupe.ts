/**
 * The de-duplication key of an inbound push. WeChat retries a push up to 3 times when it gets no answer within
 * 5 s, with identical content, so the key is built from content only.
 *
 * - Messages (they carry MsgId): authorizerAppid | msg | MsgId.
 * - Events: authorizerAppid | event | FromUserName | CreateTime | Event | EventKey. FromUserName + CreateTime
 *   alone collide (a menu CLICK and a LOCATION report in the same second), hence Event and EventKey.
 *   TEMPLATESENDJOBFINISH / MASSSENDJOBFINISH also append their MsgID: two template sends to one follower
 *   can finish in the same second and differ only by it.
 * - Unknown types: a MsgId/MsgID when present (message rule), otherwise the event rule with the raw MsgType
 *   and Event (empty when absent).
 *
 * Each part is percent-encoded (encodeURIComponent) so `|` never occurs inside a part and the key holds no
 * `/ \ # ?` (safe as an Azure Table RowKey; hash it if you need a bounded length: a VIEW EventKey is a URL).
 *
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Passive_user_reply_message.html
 */
import type { InboundMessage } from './types.js';

export function dedupeKey(authorizerAppid: string, msg: InboundMessage): string {
  if (msg.kind === 'event') {
    const eventKey = 'eventKey' in msg ? (msg.eventKey ?? '') : '';
    const parts = [authorizerAppid, 'event', msg.fromUserName, msg.createTime, msg.event, eventKey];
    if (msg.event === 'TEMPLATESENDJOBFINISH' || msg.event === 'MASSSENDJOBFINISH') parts.push(msg.msgId);
    return join(parts);
  }
  if (msg.kind === 'unknown') {
    if (msg.msgId) return join([authorizerAppid, 'msg', msg.msgId]);
    return join([authorizerAppid, 'event', msg.fromUserName, msg.createTime, msg.event ?? msg.msgType, msg.eventKey ?? '']);
  }
  if (msg.msgId) return join([authorizerAppid, 'msg', msg.msgId]);
  // A message without MsgId should not happen; fall back to what identifies it best.
  return join([authorizerAppid, 'event', msg.fromUserName, msg.createTime, msg.msgType, '']);
}

function join(parts: readonly string[]): string {
  return parts.map((p) => encodeURIComponent(p)).join('|');
}
