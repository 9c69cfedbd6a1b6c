/**
 * The customer-service reply window (客服消息下发额度), with the rule WeChat applies since 2023-06-12:
 * - a follower's message allows 5 customer-service messages within 48 hours;
 * - following, scanning a QR code or a menu click (CLICK / scancode_push / scancode_waitmsg) allows 3 within 1 minute.
 * No active allowance → 45015; allowances exist but are used up → 45047.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 * Announcement: https://mp.weixin.qq.com/cgi-bin/announce?action=getannouncement&announce_id=116853659399Heuo
 */

export type InteractionKind = 'message' | 'event';

export const REPLY_ALLOWANCE: Readonly<Record<InteractionKind, { count: number; seconds: number }>> = {
  message: { count: 5, seconds: 48 * 3600 },
  event: { count: 3, seconds: 60 },
};

/** Events that open a (short) window; LOCATION, VIEW, unsubscribe and the like do not. */
export const WINDOW_OPENING_EVENTS: ReadonlySet<string> = new Set(['subscribe', 'SCAN', 'CLICK', 'scancode_push', 'scancode_waitmsg']);

export interface ReplyAllowance {
  kind: InteractionKind;
  openedAt: number;
  expiresAt: number;
  remaining: number;
}

export class ServiceWindow {
  /** At most one allowance per kind: a new interaction of a kind replaces (resets) the previous one. */
  private readonly allowances = new Map<InteractionKind, ReplyAllowance>();

  open(kind: InteractionKind, now: number, alreadyUsed = 0): void {
    const rule = REPLY_ALLOWANCE[kind];
    this.allowances.set(kind, {
      kind,
      openedAt: now,
      expiresAt: now + rule.seconds * 1000,
      remaining: Math.max(0, rule.count - alreadyUsed),
    });
  }

  close(): void {
    this.allowances.clear();
  }

  /** Takes one message from the allowance that expires first; returns 0 or the errcode WeChat answers. */
  consume(now: number): 0 | 45015 | 45047 {
    const active = [...this.allowances.values()].filter((a) => now < a.expiresAt).sort((a, b) => a.expiresAt - b.expiresAt);
    if (active.length === 0) return 45015;
    const usable = active.find((a) => a.remaining > 0);
    if (!usable) return 45047;
    usable.remaining -= 1;
    return 0;
  }

  /** Last time the follower wrote (for user/info-like diagnostics), or undefined. */
  lastMessageAt(): number | undefined {
    return this.allowances.get('message')?.openedAt;
  }

  snapshot(): ReplyAllowance[] {
    return [...this.allowances.values()].map((a) => ({ ...a }));
  }
}
