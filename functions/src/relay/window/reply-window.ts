/**
 * The customer-service reply window (客服消息下发额度) as WeChat counts it since 2023-06-12:
 * - a follower's message allows 5 customer-service messages within 48 hours, counted again from each message;
 * - a follow, a QR code scan or a menu click that pushes an event (CLICK, scancode_push, scancode_waitmsg) allows
 *   3 within 1 minute, counted again from each such event.
 * Outside every allowance WeChat answers 45015; inside one whose count is used up, 45047.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 *
 * Pure and self-contained (no imports): the relay's senders, the WeChat simulator and the conversation view's
 * PCF control all run this one file, so the banner an operator reads and the refusal the relay writes agree.
 * When both allowances are open, a send takes from the one that closes first (the simulator does the same), so
 * nothing is wasted: the 1-minute allowance is spent before the 48-hour one.
 */

export interface Interactions {
  following: boolean;
  /** When the follower last wrote (epoch ms). */
  lastMessageAt?: number;
  /** When the follower last followed, scanned a QR code or clicked a menu button that pushes an event (epoch ms). */
  lastEventAt?: number;
  /** Customer-service messages sent since lastMessageAt (taken from the message allowance). */
  sentSinceMessage: number;
  /** Customer-service messages sent since lastEventAt (taken from the event allowance). */
  sentSinceEvent: number;
}

export type WindowState =
  | {
      open: true;
      /** When the last open allowance that still has messages closes (epoch ms). */
      closesAt: number;
      /** Messages that may still be sent now, across the open allowances. */
      remaining: number;
      /** The allowance the next send takes from. */
      openedBy: 'message' | 'event';
    }
  | { open: false; reason: 'never' | 'expired' | 'quota' | 'unfollowed' };

export type Opener = 'message' | 'event';

/** What each interaction allows: a count within a span. */
export const WINDOW_RULES: Readonly<Record<Opener, { count: number; ms: number }>> = {
  message: { count: 5, ms: 48 * 3600 * 1000 },
  event: { count: 3, ms: 60 * 1000 },
};

/** Events that open the short window; VIEW, LOCATION, unsubscribe and the like do not. */
export const WINDOW_OPENING_EVENTS: readonly string[] = ['subscribe', 'SCAN', 'CLICK', 'scancode_push', 'scancode_waitmsg'];

/** Whether an inbound item opens an allowance, and which: a message (not an event) or an opening event. */
export function openerOf(msgType: string, event?: string): Opener | undefined {
  if (msgType.toLowerCase() !== 'event') return 'message';
  if (event === undefined) return undefined;
  return WINDOW_OPENING_EVENTS.some((e) => e.toLowerCase() === event.toLowerCase()) ? 'event' : undefined;
}

interface Allowance {
  by: Opener;
  closesAt: number;
  left: number;
}

function allowances(i: Interactions): Allowance[] {
  const out: Allowance[] = [];
  if (i.lastMessageAt !== undefined)
    out.push({ by: 'message', closesAt: i.lastMessageAt + WINDOW_RULES.message.ms, left: Math.max(0, WINDOW_RULES.message.count - i.sentSinceMessage) });
  if (i.lastEventAt !== undefined)
    out.push({ by: 'event', closesAt: i.lastEventAt + WINDOW_RULES.event.ms, left: Math.max(0, WINDOW_RULES.event.count - i.sentSinceEvent) });
  return out;
}

/** The window now: open with what is left, or closed and why (the reasons map to 45015 and 45047). */
export function replyWindow(i: Interactions, now: number): WindowState {
  if (!i.following) return { open: false, reason: 'unfollowed' };
  const all = allowances(i);
  if (all.length === 0) return { open: false, reason: 'never' };
  const active = all.filter((a) => now < a.closesAt);
  if (active.length === 0) return { open: false, reason: 'expired' };
  const usable = active.filter((a) => a.left > 0).sort((a, b) => a.closesAt - b.closesAt);
  const first = usable[0];
  if (!first) return { open: false, reason: 'quota' };
  return {
    open: true,
    closesAt: Math.max(...usable.map((a) => a.closesAt)),
    remaining: usable.reduce((n, a) => n + a.left, 0),
    openedBy: first.by,
  };
}

/** The errcode WeChat answers a customer-service send in this state (0: it is accepted). */
export function windowErrcode(state: WindowState): 0 | 45015 | 45047 | 43004 {
  if (state.open) return 0;
  if (state.reason === 'quota') return 45047;
  if (state.reason === 'unfollowed') return 43004;
  return 45015;
}

/** The interactions after one accepted customer-service send (taken from the allowance that closes first). */
export function afterSend(i: Interactions, now: number): Interactions {
  const state = replyWindow(i, now);
  if (!state.open) return i;
  return state.openedBy === 'message' ? { ...i, sentSinceMessage: i.sentSinceMessage + 1 } : { ...i, sentSinceEvent: i.sentSinceEvent + 1 };
}

/** The interactions after the follower wrote or triggered an opening event at `at`; an older one changes nothing. */
export function afterInteraction(i: Interactions, by: Opener, at: number): Interactions {
  if (by === 'message') return i.lastMessageAt !== undefined && at <= i.lastMessageAt ? i : { ...i, lastMessageAt: at, sentSinceMessage: 0 };
  return i.lastEventAt !== undefined && at <= i.lastEventAt ? i : { ...i, lastEventAt: at, sentSinceEvent: 0 };
}
