import { describe, expect, it } from 'vitest';
import { afterInteraction, afterSend, openerOf, replyWindow, windowErrcode, type Interactions } from './reply-window.js';

const H = 3600 * 1000;
const M = 60 * 1000;
const none: Interactions = { following: true, sentSinceMessage: 0, sentSinceEvent: 0 };

describe('replyWindow', () => {
  it('a message opens 5 within 48 hours', () => {
    const i = { ...none, lastMessageAt: 0 };
    expect(replyWindow(i, 48 * H - 1)).toEqual({ open: true, closesAt: 48 * H, remaining: 5, openedBy: 'message' });
    expect(replyWindow(i, 48 * H)).toEqual({ open: false, reason: 'expired' });
    expect(replyWindow({ ...i, sentSinceMessage: 4 }, 10)).toMatchObject({ open: true, remaining: 1 });
    expect(replyWindow({ ...i, sentSinceMessage: 5 }, 10)).toEqual({ open: false, reason: 'quota' });
  });

  it('a follow, scan or click opens 3 within 1 minute', () => {
    const i = { ...none, lastEventAt: 1000 };
    expect(replyWindow(i, 1000 + M - 1)).toEqual({ open: true, closesAt: 1000 + M, remaining: 3, openedBy: 'event' });
    expect(replyWindow(i, 1000 + M)).toEqual({ open: false, reason: 'expired' });
    expect(replyWindow({ ...i, sentSinceEvent: 3 }, 2000)).toEqual({ open: false, reason: 'quota' });
  });

  it('both open: the 1-minute allowance is taken first, the remaining counts add up, the window closes with the later one', () => {
    const i = { ...none, lastMessageAt: 0, lastEventAt: 10 * M, sentSinceMessage: 1 };
    expect(replyWindow(i, 10 * M + 1)).toEqual({ open: true, closesAt: 48 * H, remaining: 7, openedBy: 'event' });
    expect(replyWindow({ ...i, sentSinceEvent: 3 }, 10 * M + 1)).toEqual({ open: true, closesAt: 48 * H, remaining: 4, openedBy: 'message' });
    // The message allowance used up, the event one open: still open, closing with the minute.
    expect(replyWindow({ ...i, sentSinceMessage: 5 }, 10 * M + 1)).toEqual({ open: true, closesAt: 11 * M, remaining: 3, openedBy: 'event' });
  });

  it('never, unfollowed', () => {
    expect(replyWindow(none, 0)).toEqual({ open: false, reason: 'never' });
    expect(replyWindow({ ...none, following: false, lastMessageAt: 0 }, 1)).toEqual({ open: false, reason: 'unfollowed' });
  });

  it('errcodes as WeChat answers them', () => {
    expect(windowErrcode(replyWindow(none, 0))).toBe(45015);
    expect(windowErrcode(replyWindow({ ...none, lastMessageAt: 0 }, 48 * H))).toBe(45015);
    expect(windowErrcode(replyWindow({ ...none, lastMessageAt: 0, sentSinceMessage: 5 }, 1))).toBe(45047);
    expect(windowErrcode(replyWindow({ ...none, following: false }, 1))).toBe(43004);
    expect(windowErrcode(replyWindow({ ...none, lastMessageAt: 0 }, 1))).toBe(0);
  });
});

describe('afterSend and afterInteraction', () => {
  it('a send takes from the allowance that closes first; nothing when closed', () => {
    const i = { ...none, lastMessageAt: 0, lastEventAt: 0 };
    const one = afterSend(i, 1);
    expect(one).toMatchObject({ sentSinceEvent: 1, sentSinceMessage: 0 });
    const four = afterSend(afterSend(afterSend(one, 2), 3), 4);
    expect(four).toMatchObject({ sentSinceEvent: 3, sentSinceMessage: 1 });
    expect(afterSend(none, 5)).toBe(none);
  });

  it('a newer interaction resets its count; an older or equal one (redelivered, out of order) changes nothing', () => {
    const i = { ...none, lastMessageAt: 100, sentSinceMessage: 5, lastEventAt: 100, sentSinceEvent: 3 };
    expect(afterInteraction(i, 'message', 200)).toEqual({ ...i, lastMessageAt: 200, sentSinceMessage: 0 });
    expect(afterInteraction(i, 'event', 200)).toEqual({ ...i, lastEventAt: 200, sentSinceEvent: 0 });
    expect(afterInteraction(i, 'message', 100)).toBe(i);
    expect(afterInteraction(i, 'event', 50)).toBe(i);
  });

  it('which inbound items open an allowance', () => {
    expect(openerOf('text')).toBe('message');
    expect(openerOf('image')).toBe('message');
    expect(['subscribe', 'SCAN', 'CLICK', 'scancode_push', 'scancode_waitmsg'].map((e) => openerOf('event', e))).toEqual(Array(5).fill('event'));
    expect(['VIEW', 'LOCATION', 'unsubscribe', 'MASSSENDJOBFINISH'].map((e) => openerOf('event', e))).toEqual(Array(4).fill(undefined));
  });
});
