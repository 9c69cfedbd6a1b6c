import { describe, expect, it } from 'vitest';
import { Follower } from '@wxm/solution/schema';
import { WINDOW_COLUMNS, customerServiceSent, interactionsOf, windowOf, windowRefusal } from './follower-window.js';

const C = Follower.columns;
const at = (iso: string) => Date.parse(iso);

describe('follower-window', () => {
  it('selects the window columns by their logical names', () => {
    expect(WINDOW_COLUMNS).toEqual(['wxm_subscribed', 'wxm_lastmessageon', 'wxm_lasteventon', 'wxm_sentsincemessage', 'wxm_sentsinceevent']);
  });

  it('reads the interactions of a row; empty columns are no interaction and no send', () => {
    expect(interactionsOf({ [C.Subscribed]: true, [C.LastMessageOn]: '2026-12-04T10:00:00Z', [C.SentSinceMessage]: 2, [C.SentSinceEvent]: null })).toEqual({
      following: true,
      lastMessageAt: at('2026-12-04T10:00:00Z'),
      sentSinceMessage: 2,
      sentSinceEvent: 0,
    });
    expect(interactionsOf({ [C.Subscribed]: false })).toEqual({ following: false, sentSinceMessage: 0, sentSinceEvent: 0 });
  });

  it('the update after a send: one more on the allowance taken; nothing when the window is closed', () => {
    const row = { [C.Subscribed]: true, [C.LastMessageOn]: '2026-12-04T10:00:00Z', [C.LastEventOn]: '2026-12-04T11:00:00Z', [C.SentSinceMessage]: 1 };
    expect(customerServiceSent(row, at('2026-12-04T11:00:30Z'))).toEqual({ [C.SentSinceEvent]: 1 });
    expect(customerServiceSent(row, at('2026-12-04T11:01:00Z'))).toEqual({ [C.SentSinceMessage]: 2 });
    expect(customerServiceSent(row, at('2026-12-06T10:00:00Z'))).toEqual({});
  });

  it('refusals name the errcode, English line then Chinese', () => {
    const closed = windowOf({ [C.Subscribed]: true, [C.LastMessageOn]: '2026-12-01T10:00:00Z' }, at('2026-12-04T10:00:00Z'));
    expect(closed).toEqual({ open: false, reason: 'expired' });
    if (closed.open) throw new Error('open');
    const { errcode, text } = windowRefusal(closed);
    expect(errcode).toBe(45015);
    const [en, zh] = text.split('\n');
    expect(en).toMatch(/^Not sent \(45015\): the reply window is closed/);
    expect(zh).toMatch(/^未发送（45015）：回复窗口已关闭/);
    expect(windowRefusal({ open: false, reason: 'quota' }).errcode).toBe(45047);
  });
});
