/**
 * WeChat's customer-service reply window: after a follower interacts with the account (writes, clicks a menu
 * that pushes an event, follows, scans a QR code), the account may send them up to 5 customer-service messages
 * within 48 hours. Outside it WeChat answers 45015 (time out) or 45047 (out of response count), and only template
 * messages reach the follower.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import type { ChatMessage } from './message';

export const WINDOW_MS = 48 * 3600 * 1000;
export const MESSAGES_PER_WINDOW = 5;

/** Events that open the window (the doc's list: menu clicks that push an event, follow, scan). VIEW and LOCATION do not. */
const OPENING_EVENTS = ['subscribe', 'SCAN', 'CLICK', 'scancode_push', 'scancode_waitmsg'] as const;

export type ReplyWindow =
  { open: true; closesAt: number; msLeft: number; messagesLeft: number } | { open: false; reason: 'never' | 'expired' | 'quota' | 'unfollowed' };

/** Whether this message opens (or reopens) the window. */
export function opensWindow(message: ChatMessage): boolean {
  if (message.direction !== 'inbound') return false;
  if (message.kind !== 'event') return true;
  return (OPENING_EVENTS as readonly string[]).includes(message.event);
}

/** The OData condition matching `opensWindow`, for finding the last interaction on the server. */
export function opensWindowFilter(columns: { direction: string; messageType: string; event: string }, values: { inbound: number; event: number }): string {
  const events = OPENING_EVENTS.map((e) => `${columns.event} eq '${e}'`).join(' or ');
  return `${columns.direction} eq ${values.inbound} and (${columns.messageType} ne ${values.event} or ${events})`;
}

/**
 * The window now. `lastInteractionAt` is the latest opening interaction known (loaded or queried); replies that
 * WeChat refused (Failed) do not use up the quota.
 */
export function replyWindow(input: { lastInteractionAt?: number; messages: readonly ChatMessage[]; now: number; following: boolean }): ReplyWindow {
  if (!input.following) return { open: false, reason: 'unfollowed' };
  const since = input.lastInteractionAt;
  if (since === undefined) return { open: false, reason: 'never' };
  const closesAt = since + WINDOW_MS;
  if (input.now >= closesAt) return { open: false, reason: 'expired' };
  const used = input.messages.filter((m) => m.direction === 'outbound' && m.status !== 'failed' && m.at > since).length;
  const messagesLeft = Math.max(0, MESSAGES_PER_WINDOW - used);
  if (messagesLeft === 0) return { open: false, reason: 'quota' };
  return { open: true, closesAt, msLeft: closesAt - input.now, messagesLeft };
}

/** The latest opening interaction among these messages. */
export function lastInteraction(messages: readonly ChatMessage[]): number | undefined {
  let latest: number | undefined;
  for (const m of messages) if (opensWindow(m) && (latest === undefined || m.at > latest)) latest = m.at;
  return latest;
}
