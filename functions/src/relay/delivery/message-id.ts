/**
 * The `wxm_wechatmsgid` of an inbound row: with the account, the alternate key that makes every retry and
 * replay of the same WeChat push land on the same row (a create-only upsert finds it and writes nothing).
 *
 * - Messages: WeChat's MsgId (64-bit, kept as the decimal text WeChat sent).
 * - Events (and anything without a usable MsgId): `evt-` + SHA-256 of the relay's dedupe key, base64url. The
 *   dedupe key is built from the event's content (account, follower, CreateTime, Event, EventKey, job MsgID), so
 *   the same event always hashes the same; hashing bounds the length (a VIEW EventKey is a URL) and the prefix
 *   keeps events apart from MsgIds, including the template/mass job MsgID that an outbound row may carry.
 *
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 */
import { createHash } from 'node:crypto';
import type { InboundMessage } from '../../wechat/index.js';

const SAFE_MSG_ID = /^[0-9A-Za-z_-]{1,64}$/;

export function wechatMessageId(msg: InboundMessage, dedupeKey: string): string {
  const own = msg.kind === 'event' ? undefined : msg.msgId;
  if (own !== undefined && SAFE_MSG_ID.test(own)) return own;
  return `evt-${createHash('sha256').update(dedupeKey, 'utf8').digest('base64url')}`;
}
