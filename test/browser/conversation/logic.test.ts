/**
 * The control's pure parts, from Node: the reply window rule, .NET date patterns in the user's zone, links in
 * text, event lines, failure reasons by language, and the windowing arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../../pcf-controls/ConversationView/ConversationView/conversation/events.js';
import { reasonInLanguage, toChatMessage, type ChatMessage } from '../../../pcf-controls/ConversationView/ConversationView/conversation/message.js';
import { replyRecord } from '../../../pcf-controls/ConversationView/ConversationView/conversation/queries.js';
import { replyWindow } from '../../../pcf-controls/ConversationView/ConversationView/conversation/reply-window.js';
import { fillPlaceholders } from '../../../pcf-controls/ConversationView/ConversationView/conversation/strings.js';
import { textParts } from '../../../pcf-controls/ConversationView/ConversationView/conversation/text-parts.js';
import { formatPattern } from '../../../pcf-controls/ConversationView/ConversationView/conversation/time-format.js';
import { indexAt, offsetsOf, visibleRange } from '../../../pcf-controls/ConversationView/ConversationView/conversation/windowing.js';
import { failureDetail } from '../../../functions/src/relay/outbound/failure-reasons.js';
import { dateFormattingInfo } from './harness/page/user-settings.js';

const H = 3600_000;
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

describe('reply window (WeChat: 48 hours, 5 messages since the last interaction)', () => {
  const base = { lastInteractionAt: 0, following: true };
  it('is open until exactly 48 hours after the interaction', () => {
    expect(replyWindow({ ...base, messages: [], now: 48 * H - 1 })).toEqual({ open: true, closesAt: 48 * H, msLeft: 1, messagesLeft: 5 });
    expect(replyWindow({ ...base, messages: [], now: 48 * H })).toEqual({ open: false, reason: 'expired' });
  });
  it('counts replies after the interaction, not refused ones and not earlier ones', () => {
    const replies = [-1, 1, 2, 3, 4].map((at) => message({ direction: 'outbound', at, status: 'sent' }));
    expect(replyWindow({ ...base, messages: replies, now: 10 })).toMatchObject({ open: true, messagesLeft: 1 });
    const five = [...replies, message({ direction: 'outbound', at: 5, status: 'pending' }), message({ direction: 'outbound', at: 6, status: 'failed' })];
    expect(replyWindow({ ...base, messages: five, now: 10 })).toEqual({ open: false, reason: 'quota' });
  });
  it('is closed when nothing opened it, or the follower left', () => {
    expect(replyWindow({ following: true, messages: [], now: 0 })).toEqual({ open: false, reason: 'never' });
    expect(replyWindow({ ...base, following: false, messages: [], now: 1 })).toEqual({ open: false, reason: 'unfollowed' });
  });
});

describe('.NET date patterns in the user’s time zone', () => {
  const at = Date.UTC(2026, 0, 5, 4, 7, 9); // Monday 2026-01-05 04:07:09 UTC
  it('formats en-US and zh-CN short times and long dates with the user’s offset', () => {
    const en = dateFormattingInfo(1033);
    const zh = dateFormattingInfo(2052);
    expect(formatPattern(at, en.shortTimePattern, en, -300)).toBe('11:07 PM');
    expect(formatPattern(at, en.longDatePattern, en, -300)).toBe('Sunday, January 4, 2026');
    expect(formatPattern(at, zh.shortTimePattern, zh, 480)).toBe('12:07');
    expect(formatPattern(at, zh.longDatePattern, zh, 480)).toBe('2026年1月5日');
    expect(formatPattern(at, 'h:mm tt', en, -244)).toBe('12:03 AM');
    expect(formatPattern(at, "HH:mm:ss 'o''clock'", en, 0)).toBe('04:07:09 oclock');
  });
});

describe('text, events and reasons', () => {
  it('turns web links into links, keeps emoji and CJK punctuation out of the URL', () => {
    expect(textParts('See https://example.com/a?b=1. 好的👍https://例子.cn/x，谢谢')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', href: 'https://example.com/a?b=1', text: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. 好的👍' },
      { kind: 'link', href: 'https://例子.cn/x', text: 'https://例子.cn/x' },
      { kind: 'text', text: '，谢谢' },
    ]);
    expect(textParts('javascript:alert(1) <b>hi</b>')).toEqual([{ kind: 'text', text: 'javascript:alert(1) <b>hi</b>' }]);
  });

  it('describes each event as a system line', () => {
    const event = (e: string, key = '', extra: Partial<ChatMessage> = {}) => describeEvent(message({ kind: 'event', event: e, eventKey: key, ...extra }));
    expect([
      event('subscribe', 'qrscene_booth'),
      event('subscribe'),
      event('unsubscribe'),
      event('SCAN', 'booth'),
      event('CLICK', 'MENU_1'),
      event('VIEW', 'https://x.cn'),
      event('LOCATION', '', { latitude: 31.2, longitude: 121.5 }),
      event('TEMPLATESENDJOBFINISH', '', { content: 'success' }),
      event('kf_close_session'),
    ]).toEqual([
      { key: 'Event_SubscribeQr', args: ['booth'] },
      { key: 'Event_Subscribe', args: [] },
      { key: 'Event_Unsubscribe', args: [] },
      { key: 'Event_Scan', args: ['booth'] },
      { key: 'Event_Click', args: ['MENU_1'] },
      { key: 'Event_View', args: ['https://x.cn'] },
      { key: 'Event_Location', args: ['31.2', '121.5'] },
      { key: 'Event_TemplateFinished', args: ['success'] },
      { key: 'Event_Other', args: ['kf_close_session'] },
    ]);
  });

  it('shows the relay’s two-language failure reason in the user’s language', () => {
    const detail = failureDetail(45015);
    expect(reasonInLanguage(detail, 1033)).toMatch(/^Not sent: the follower has not written .* Use a template message instead\.$/);
    expect(reasonInLanguage(detail, 2052)).toMatch(/^未发送：该粉丝在最近 48 小时内没有与公众号互动/);
    expect(reasonInLanguage('Gateway timeout', 2052)).toBe('Gateway timeout');
  });

  it('fills placeholders, and refuses a row that is not a message', () => {
    expect(fillPlaceholders('{0} of {1}, {2}', [3, 5])).toBe('3 of 5, {2}');
    expect(() => toChatMessage({ wxm_content: 'no id' })).toThrow(TypeError);
  });
});

describe('the reply row', () => {
  const ids = { followerId: '11111111-1111-1111-1111-111111111111', accountId: '22222222-2222-2222-2222-222222222222', uuid: 'u-1' };
  it('deep-inserts an image note through the collection Dataverse names wxm_message_Annotations (case-sensitive)', () => {
    const record = replyRecord({ ...ids, reply: { kind: 'image', fileName: 'a.png', mimeType: 'image/png', base64: 'AAEC' } });
    const collections = Object.keys(record).filter((key) => Array.isArray(record[key]));
    expect(collections).toEqual(['wxm_message_Annotations']);
    expect(record['wxm_message_Annotations']).toEqual([{ subject: 'WeChat image reply', filename: 'a.png', mimetype: 'image/png', documentbody: 'AAEC' }]);
    expect(record['wxm_FollowerId@odata.bind']).toBe('/wxm_followers(11111111-1111-1111-1111-111111111111)');
  });
});

describe('windowing arithmetic', () => {
  it('finds the rows around the visible part', () => {
    const offsets = offsetsOf([10, 20, 30, 40]);
    expect(offsets).toEqual([0, 10, 30, 60, 100]);
    expect([indexAt(offsets, 0), indexAt(offsets, 29.5), indexAt(offsets, 30), indexAt(offsets, 1000)]).toEqual([0, 1, 2, 3]);
    expect(visibleRange(offsets, 35, 10, 0)).toEqual({ start: 2, end: 3 });
    expect(visibleRange(offsets, 35, 10, 20)).toEqual({ start: 1, end: 4 });
    expect(visibleRange(offsetsOf([]), 0, 100, 10)).toEqual({ start: 0, end: 0 });
  });
});
