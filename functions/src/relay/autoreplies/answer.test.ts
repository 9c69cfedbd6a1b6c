import { describe, expect, it } from 'vitest';
import { parseInbound } from '../../wechat/index.js';
import { answerFor, DefaultReplyMemory } from './answer.js';
import { indexRules } from './match.js';
import { fillPlaceholders } from './placeholders.js';
import type { CompiledRule, RuleSet } from './rule-set.js';

const text = (content: string, from = 'oFollowerA') =>
  parseInbound(
    `<xml><ToUserName>gh_x</ToUserName><FromUserName>${from}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content><![CDATA[${content}]]></Content><MsgId>1</MsgId></xml>`,
  );
const event = (name: string, key = '') =>
  parseInbound(
    `<xml><ToUserName>gh_x</ToUserName><FromUserName>oFollowerA</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>${name}</Event><EventKey>${key}</EventKey></xml>`,
  );
const rule = (id: string, over: Partial<CompiledRule>): CompiledRule => ({
  id,
  name: id,
  kind: 'keyword',
  priority: 0,
  createdAt: 0,
  reply: { type: 'text', text: id },
  ...over,
});
const set = (rules: CompiledRule[]): RuleSet => ({ v: 1, appid: 'wxapp', accountName: 'Demo Shop', compiledAt: 1, rules });
const NOW = Date.UTC(2026, 11, 4, 10, 5); // 18:05 in Beijing
const reply = (s: RuleSet, msg: ReturnType<typeof text>, memory = new DefaultReplyMemory(), key = 'k1', now = NOW) =>
  answerFor(indexRules(s), msg, key, memory, now);

describe('answerFor', () => {
  it('keywords: exact by the whole message (trimmed, any case), contains by a part; one per line each', () => {
    const s = set([rule('hours', { keywords: ['hours', '营业时间'], match: 'exact' }), rule('price', { keywords: ['price', '价格'], match: 'contains' })]);
    expect(reply(s, text('  Hours '))?.ruleId).toBe('hours');
    expect(reply(s, text('营业时间'))?.ruleId).toBe('hours');
    expect(reply(s, text('opening hours?'))).toBeUndefined();
    expect(reply(s, text('what is the 价格 of this'))?.ruleId).toBe('price');
  });

  it('several matching rules: the highest priority, then an exact match, then the newest', () => {
    const s = set([
      rule('exact-low', { keywords: ['sale'], match: 'exact', priority: 1 }),
      rule('contains-high', { keywords: ['sale'], match: 'contains', priority: 5 }),
      rule('contains-new', { keywords: ['winter'], match: 'contains', priority: 5, createdAt: 10 }),
    ]);
    expect(reply(s, text('sale'))?.ruleId).toBe('contains-high');
    expect(reply(s, text('winter sale'))?.ruleId).toBe('contains-new');
    const tie = set([
      rule('exact', { keywords: ['sale'], match: 'exact', priority: 5 }),
      rule('contains', { keywords: ['sale'], match: 'contains', priority: 5 }),
    ]);
    expect(reply(tie, text('sale'))?.ruleId).toBe('exact');
  });

  it('follow rules per QR channel first, then the general one; menu rules by CLICK key; no answer to other events', () => {
    const s = set([
      rule('welcome', { kind: 'follow' }),
      rule('expo', { kind: 'follow', qrScene: 'expo2026' }),
      rule('prices-menu', { kind: 'menu', menuKey: 'MENU_PRICES' }),
    ]);
    expect(reply(s, event('subscribe'))?.ruleId).toBe('welcome');
    expect(reply(s, event('subscribe', 'qrscene_expo2026'))?.ruleId).toBe('expo');
    expect(reply(s, event('subscribe', 'qrscene_other'))?.ruleId).toBe('welcome');
    expect(reply(s, event('CLICK', 'MENU_PRICES'))?.ruleId).toBe('prices-menu');
    expect(reply(s, event('CLICK', 'MENU_OTHER'))).toBeUndefined();
    expect(reply(s, event('VIEW', 'https://example.com'))).toBeUndefined();
    expect(reply(s, event('unsubscribe'))).toBeUndefined();
  });

  it('the default rule answers a message nothing else matched, once per follower per period (a retry answers again)', () => {
    const s = set([rule('kw', { keywords: ['hi'], match: 'exact' }), rule('fallback', { kind: 'default', periodMs: 60 * 60_000 })]);
    const memory = new DefaultReplyMemory();
    expect(reply(s, text('hi'), memory)?.ruleId).toBe('kw');
    expect(reply(s, text('anything'), memory, 'k1')?.ruleId).toBe('fallback');
    expect(reply(s, text('anything'), memory, 'k1', NOW + 1000)?.ruleId).toBe('fallback'); // WeChat's retry of the same push
    expect(reply(s, text('more'), memory, 'k2', NOW + 1000)).toBeUndefined();
    expect(reply(s, text('more', 'oFollowerB'), memory, 'k3', NOW + 1000)?.ruleId).toBe('fallback');
    expect(reply(s, text('later'), memory, 'k4', NOW + 60 * 60_000)?.ruleId).toBe('fallback');
    expect(reply(s, event('LOCATION'), memory, 'k5', NOW + 2 * 60 * 60_000)).toBeUndefined();
  });

  it('fills placeholders in text replies; image and news replies as set', () => {
    const s = set([
      rule('t', {
        keywords: ['hello'],
        match: 'contains',
        reply: { type: 'text', text: '{account}: hi {openid}, you said "{message}" ({keyword}) at {date} {time} {unknown}' },
      }),
      rule('img', { keywords: ['pic'], match: 'exact', reply: { type: 'image', mediaId: 'MEDIA1' } }),
      rule('news', { keywords: ['news'], match: 'exact', reply: { type: 'news', articles: [{ title: 'T', url: 'https://example.com/a' }] } }),
    ]);
    expect(reply(s, text('hello there'))?.reply).toEqual({
      type: 'text',
      content: 'Demo Shop: hi oFollowerA, you said "hello there" (hello) at 2026-12-04 18:05 {unknown}',
    });
    expect(reply(s, text('pic'))?.reply).toEqual({ type: 'image', mediaId: 'MEDIA1' });
    expect(reply(s, text('news'))?.reply).toEqual({ type: 'news', articles: [{ title: 'T', url: 'https://example.com/a' }] });
    const card = { title: 'Shop', appid: 'wxmini', pagepath: 'pages/index', thumbMediaId: 'THUMB' };
    const mini = set([rule('mini', { kind: 'menu', menuKey: 'SHOP', reply: { type: 'miniprogram', card } })]);
    expect(reply(mini, event('CLICK', 'SHOP'))).toEqual({ ruleId: 'mini', card });
  });

  it('a reply takes a few microseconds with 500 rules', () => {
    const rules = Array.from({ length: 500 }, (_, i) =>
      rule(`r${i}`, { keywords: [`word${i}`, `词${i}`], match: i % 2 ? 'contains' : 'exact', priority: i % 7 }),
    );
    const index = indexRules(set([...rules, rule('d', { kind: 'default' })]));
    const memory = new DefaultReplyMemory();
    const msg = text('nothing matches this message at all');
    const start = performance.now();
    for (let i = 0; i < 2000; i++) answerFor(index, msg, `k${i}`, memory, NOW);
    const perReplyMs = (performance.now() - start) / 2000;
    expect(perReplyMs).toBeLessThan(1);
  });
});

describe('fillPlaceholders', () => {
  it('leaves text without braces alone and cuts {message} to 100 characters', () => {
    expect(fillPlaceholders('plain', { openid: 'o', account: 'a', message: 'm', keyword: '', now: 0 })).toBe('plain');
    expect(fillPlaceholders('{message}', { openid: 'o', account: 'a', message: 'x'.repeat(150), keyword: '', now: 0 })).toBe('x'.repeat(100));
  });
});
