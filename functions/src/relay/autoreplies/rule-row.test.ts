import { describe, expect, it } from 'vitest';
import { AutoReply, AutoReplyKind, AutoReplyType, KeywordMatch } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';
import { articlesOf, compileRow, refusalText, triggersOf } from './rule-row.js';

const C = AutoReply.columns;
const ok = { account: { messages: true }, others: new Map<string, string>() };
const row = (over: Row): Row => ({
  [C.Id]: 'r1',
  [C.Name]: 'Hours',
  [C.Kind]: AutoReplyKind.Keyword,
  [C.Keywords]: 'Hours\n营业时间\n\n hours ',
  [C.MatchMode]: KeywordMatch.Exact,
  [C.Priority]: 3,
  [C.ReplyType]: AutoReplyType.Text,
  [C.ReplyText]: 'We open at 9.',
  [C.CreatedOn]: '2026-12-04T10:00:00Z',
  ...over,
});
const reasons = (r: ReturnType<typeof compileRow>) => ('refused' in r ? r.refused.map((x) => x.en) : []);

describe('compileRow', () => {
  it('compiles a keyword rule: keywords trimmed, lower-cased, once each', () => {
    expect(compileRow(row({}), ok)).toEqual({
      rule: {
        id: 'r1',
        name: 'Hours',
        kind: 'keyword',
        priority: 3,
        createdAt: Date.parse('2026-12-04T10:00:00Z'),
        reply: { type: 'text', text: 'We open at 9.' },
        keywords: ['hours', '营业时间'],
        match: 'exact',
      },
    });
  });

  it('refuses an empty reply of each type', () => {
    expect(reasons(compileRow(row({ [C.ReplyText]: '  ' }), ok))).toEqual(['The reply is empty: enter the reply text.']);
    expect(reasons(compileRow(row({ [C.ReplyType]: AutoReplyType.Image }), ok))).toEqual([
      'The reply is empty: enter the image media_id (a permanent image material).',
    ]);
    expect(reasons(compileRow(row({ [C.ReplyType]: AutoReplyType.News, [C.NewsJson]: '' }), ok))).toEqual([
      'The news reply is not usable: enter one article as JSON [{"title", "description", "picurl", "url"}].',
    ]);
    expect(reasons(compileRow(row({ [C.Keywords]: '\n \n' }), ok))).toEqual(['Enter at least one keyword (one per line).']);
  });

  it('refuses a keyword another active rule of the account answers, naming it, in both languages', () => {
    const others = new Map([['keyword:hours', 'Opening times']]);
    const result = compileRow(row({}), { ...ok, others });
    expect(reasons(result)).toEqual(['Another active rule of this account, "Opening times", already answers the keyword "hours".']);
    if (!('refused' in result)) throw new Error('compiled');
    expect(refusalText(result.refused)).toBe(
      'Another active rule of this account, "Opening times", already answers the keyword "hours".\n此公众号的另一条有效规则“Opening times”已回复关键词“hours”。',
    );
  });

  it('refuses what the account cannot send: no message permission, a mini program card from an unverified account', () => {
    expect(reasons(compileRow(row({}), { ...ok, account: { messages: false } }))[0]).toMatch(/^The account did not grant Wechat Marketing message management/);
    const card = {
      [C.ReplyType]: AutoReplyType.MiniProgram,
      [C.MiniProgramAppId]: 'wxmini',
      [C.MiniProgramPagePath]: 'pages/index',
      [C.MiniProgramTitle]: 'Shop',
      [C.MediaId]: 'THUMB',
    };
    expect(reasons(compileRow(row(card), { ...ok, account: { messages: true, customerService: false } }))).toEqual([
      'A mini program card is a customer-service message, which WeChat allows only verified accounts. Use a text reply with a mini program link instead.',
    ]);
    expect(reasons(compileRow(row({ ...card, [C.MediaId]: '' }), ok))[0]).toMatch(/^The mini program card is incomplete/);
    expect(compileRow(row(card), { ...ok, account: { messages: true, customerService: true } })).toMatchObject({
      rule: { reply: { type: 'miniprogram', card: { title: 'Shop', appid: 'wxmini', pagepath: 'pages/index', thumbMediaId: 'THUMB' } } },
    });
  });

  it('menu, follow and default rules, and their clash keys', () => {
    expect(compileRow(row({ [C.Kind]: AutoReplyKind.MenuClick, [C.MenuKey]: ' MENU_A ' }), ok)).toMatchObject({ rule: { kind: 'menu', menuKey: 'MENU_A' } });
    expect(reasons(compileRow(row({ [C.Kind]: AutoReplyKind.MenuClick }), ok))).toEqual(['Enter the menu key of the click button.']);
    expect(compileRow(row({ [C.Kind]: AutoReplyKind.Follow }), { ...ok, qrScene: 'expo' })).toMatchObject({ rule: { kind: 'follow', qrScene: 'expo' } });
    expect(compileRow(row({ [C.Kind]: AutoReplyKind.Default, [C.DefaultPeriodMinutes]: 30 }), ok)).toMatchObject({
      rule: { kind: 'default', periodMs: 1_800_000 },
    });
    expect(triggersOf(row({ [C.Kind]: AutoReplyKind.Follow }))).toEqual(['follow:']);
    expect(triggersOf(row({ [C.Kind]: AutoReplyKind.Follow }), 'expo')).toEqual(['follow:expo']);
    expect(triggersOf(row({ [C.Kind]: AutoReplyKind.Default }))).toEqual(['default']);
  });
});

describe('articlesOf', () => {
  it('reads one article or a list of up to 8, each with a title and a web url', () => {
    expect(articlesOf('{"title":"A","url":"https://x.cn/a","picurl":"https://x.cn/p.jpg","description":"d"}')).toEqual([
      { title: 'A', url: 'https://x.cn/a', picUrl: 'https://x.cn/p.jpg', description: 'd' },
    ]);
    expect(articlesOf('[{"title":"A","url":"javascript:alert(1)"}]')).toBe('every article needs a title and an https or http url.');
    expect(articlesOf(JSON.stringify(Array(9).fill({ title: 'A', url: 'https://x.cn' })))).toBe('at most 8 articles.');
  });
});
