/**
 * The WeChat events that do more than land in the conversation: after delivery has written (or found) their
 * wxm_message row, a `wechat-event` task carries them to relay/events/dispatch.ts. Kept to the events some part of
 * the relay acts on, so ordinary traffic (text, follows, scans) costs nothing more than before.
 *
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 */
import type { InboundMessage } from '../../wechat/index.js';

export const FORWARDED_EVENTS: ReadonlySet<string> = new Set([
  'MASSSENDJOBFINISH',
  'TEMPLATESENDJOBFINISH',
  'subscribe_msg_popup_event',
  'subscribe_msg_change_event',
  'subscribe_msg_sent_event',
]);

/** The Event of a parsed push (known or not), or undefined for a message. */
export function eventNameOf(msg: InboundMessage): string | undefined {
  if (msg.kind === 'event') return msg.event;
  if (msg.kind === 'unknown') return msg.event ?? (msg.msgType === 'event' ? msg.fields['Event'] : undefined);
  return undefined;
}

/** The forwarded event this push is, if any. */
export function forwardedEventOf(msg: InboundMessage): string | undefined {
  const name = eventNameOf(msg);
  return name !== undefined && FORWARDED_EVENTS.has(name) ? name : undefined;
}
