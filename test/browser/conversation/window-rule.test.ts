/**
 * The conversation view's reply window is the relay's rule (functions/src/relay/window/reply-window.ts, bundled by
 * the control): a follow, scan or menu click opens 3 within 1 minute; the follower row's recorded interactions
 * count; automatic passive replies use nothing.
 */
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../pcf-controls/ConversationView/ConversationView/conversation/message.js';
import { interactionsOf, replyWindow } from '../../../pcf-controls/ConversationView/ConversationView/conversation/reply-window.js';
import { replyWindow as relayRule } from '../../../functions/src/relay/window/reply-window.js';

const M = 60_000;
const H = 60 * M;
const message = (over: Partial<ChatMessage>): ChatMessage => ({
  id: 'x',
  direction: 'inbound',
  kind: 'text',
  content: '',
  title: '',
  mediaUrl: '',
  event: '',
  eventKey: '',
  at: 0,
  createdOn: 0,
  modifiedOn: 0,
  status: 'received',
  errorDetail: '',
  ...over,
});

describe('the conversation view uses the relay rule', () => {
  it('a follow opens 3 messages for 1 minute, shown as the short window', () => {
    const follow = message({ kind: 'event', event: 'subscribe', at: 0 });
    expect(replyWindow({ messages: [follow], now: 30_000, following: true })).toEqual({
      open: true,
      closesAt: M,
      msLeft: 30_000,
      messagesLeft: 3,
      short: true,
    });
    expect(replyWindow({ messages: [follow], now: M, following: true })).toEqual({ open: false, reason: 'expired' });
    const sent = [1, 2, 3].map((at) => message({ direction: 'outbound', at, status: 'sent' }));
    expect(replyWindow({ messages: [follow, ...sent], now: 10, following: true })).toEqual({ open: false, reason: 'quota' });
    // VIEW and LOCATION open nothing.
    expect(replyWindow({ messages: [message({ kind: 'event', event: 'VIEW' })], now: 1, following: true })).toEqual({ open: false, reason: 'never' });
  });

  it('automatic passive replies are not counted', () => {
    const wrote = message({ at: 0 });
    const autos = [1, 2, 3, 4, 5].map((at) => message({ direction: 'outbound', at, status: 'sent', automatic: true }));
    expect(replyWindow({ messages: [wrote, ...autos], now: 10, following: true })).toMatchObject({ open: true, messagesLeft: 5 });
  });

  it("the follower row's recorded counts win when the loaded messages show less (a send not in the view: active push)", () => {
    const recorded = { following: true, lastMessageAt: 0, sentSinceMessage: 4, sentSinceEvent: 0 };
    expect(replyWindow({ recorded, messages: [message({ at: 0 })], now: H, following: true })).toMatchObject({ open: true, messagesLeft: 1 });
    // A newer message in the view starts the allowance again.
    expect(replyWindow({ recorded, messages: [message({ at: 2 * H })], now: 3 * H, following: true })).toMatchObject({ open: true, messagesLeft: 5 });
  });

  it('gives the relay rule exactly what the row and messages say', () => {
    const recorded = { following: true, lastMessageAt: 0, lastEventAt: 10 * M, sentSinceMessage: 1, sentSinceEvent: 1 };
    const input = { recorded, messages: [], now: 10 * M + 1, following: true };
    const view = replyWindow(input);
    const relay = relayRule(interactionsOf(input), input.now);
    expect(relay).toEqual({ open: true, closesAt: 48 * H, remaining: 6, openedBy: 'event' });
    expect(view).toEqual({ open: true, closesAt: 48 * H, msLeft: 48 * H - input.now, messagesLeft: 6, short: true });
  });
});
