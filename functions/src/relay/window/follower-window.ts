/**
 * The reply window on a wxm_follower row: which columns hold it, the Interactions they say, and the update after a
 * customer-service send. Delivery writes the openers (and resets their counts) with the follower's operation;
 * every customer-service sender (the reply path, active push) reads WINDOW_COLUMNS, checks replyWindow before it
 * calls WeChat, and writes customerServiceSent after WeChat accepted the message.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import { Follower } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';
import { afterSend, replyWindow, windowErrcode, type Interactions, type WindowState } from './reply-window.js';

const C = Follower.columns;

/** The follower columns the window is computed from (add them to a sender's $select). */
export const WINDOW_COLUMNS: readonly string[] = [C.Subscribed, C.LastMessageOn, C.LastEventOn, C.SentSinceMessage, C.SentSinceEvent];

const ms = (v: unknown): number | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
};
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

/** What a follower row says about its window. A row that does not say it unfollowed is following. */
export function interactionsOf(row: Row): Interactions {
  const lastMessageAt = ms(row[C.LastMessageOn]);
  const lastEventAt = ms(row[C.LastEventOn]);
  return {
    following: row[C.Subscribed] !== false,
    ...(lastMessageAt !== undefined && { lastMessageAt }),
    ...(lastEventAt !== undefined && { lastEventAt }),
    sentSinceMessage: count(row[C.SentSinceMessage]),
    sentSinceEvent: count(row[C.SentSinceEvent]),
  };
}

/** The window of a follower row now. */
export function windowOf(row: Row, now: number): WindowState {
  return replyWindow(interactionsOf(row), now);
}

/**
 * The follower update after WeChat accepted one customer-service message at `now`: one more on the allowance the
 * send took from. Written with the row's ETag (a concurrent delivery that reset the count wins and the sender
 * reads again). Empty when the window was not open (nothing was taken).
 */
export function customerServiceSent(row: Row, now: number = Date.now()): Row {
  const before = interactionsOf(row);
  const after = afterSend(before, now);
  const update: Row = {};
  if (after.sentSinceMessage !== before.sentSinceMessage) update[C.SentSinceMessage] = after.sentSinceMessage;
  if (after.sentSinceEvent !== before.sentSinceEvent) update[C.SentSinceEvent] = after.sentSinceEvent;
  return update;
}

/** English line, then Chinese: why a customer-service message was not sent, for a row's failure column. */
export function windowRefusal(state: Extract<WindowState, { open: false }>): { errcode: 45015 | 45047 | 43004; text: string } {
  const errcode = windowErrcode(state) as 45015 | 45047 | 43004;
  return { errcode, text: REFUSALS[state.reason] };
}

const REFUSALS: Record<Extract<WindowState, { open: false }>['reason'], string> = {
  never:
    'Not sent (45015): the follower has not written, followed, scanned or clicked a menu, so WeChat accepts no customer-service message. Use a template message instead.\n' +
    '未发送（45015）：该粉丝尚未发消息、关注、扫码或点击菜单，微信不接受客服消息。请改用模板消息。',
  expired:
    'Not sent (45015): the reply window is closed (48 hours after the follower last wrote, 1 minute after a follow, scan or menu click). Use a template message instead.\n' +
    '未发送（45015）：回复窗口已关闭（粉丝发消息后 48 小时、关注/扫码/点击菜单后 1 分钟）。请改用模板消息。',
  quota:
    'Not sent (45047): the messages allowed since the follower last interacted are used up (5 after a message, 3 after a follow, scan or click). Wait until the follower writes again, or use a template message.\n' +
    '未发送（45047）：自粉丝最近互动以来可发送的消息已用完（发消息后 5 条，关注/扫码/点击后 3 条）。请等待粉丝再次发消息，或改用模板消息。',
  unfollowed: 'Not sent (43004): this person no longer follows the Official Account.\n未发送（43004）：此用户已不再关注该公众号。',
};
