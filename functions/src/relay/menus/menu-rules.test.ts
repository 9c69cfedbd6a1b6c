import { describe, expect, it } from 'vitest';
import { BUTTON_TYPES, byteLength, checkMenu, parseDefinition, problemsText, redirectDomains, toWechatButtons, type MenuButtonDef } from './menu-rules.js';

const plain = { conditional: false };
const codes = (buttons: unknown, ctx = plain) => checkMenu(buttons, ctx).map((p) => [p.top, p.sub, p.field, p.errcode]);
const click = (name: string, key = 'k'): MenuButtonDef => ({ type: 'click', name, key });

describe('menu rules', () => {
  it('counts bytes as WeChat does (UTF-8: a Chinese character is 3, an emoji 4)', () => {
    expect([byteLength('Menu'), byteLength('菜单'), byteLength('é'), byteLength('😀')]).toEqual([4, 6, 2, 4]);
  });

  it('takes 1–3 top buttons and 1–5 sub-buttons', () => {
    expect(codes([])).toEqual([[undefined, undefined, 'menu', 40016]]);
    expect(codes([click('a'), click('b'), click('c'), click('d')])).toEqual([[undefined, undefined, 'menu', 40016]]);
    expect(codes([click('a'), click('b'), click('c')])).toEqual([]);
    expect(codes([{ name: 'more', sub_button: Array.from({ length: 6 }, (_, i) => click(`s${i}`)) }])).toEqual([[1, undefined, 'sub_button', 40023]]);
    expect(codes([{ name: 'more', sub_button: Array.from({ length: 5 }, (_, i) => click(`s${i}`)) }])).toEqual([]);
  });

  it('names: at most 16 bytes on top (6 Chinese characters fail, 5 pass), 60 on a sub-button, never empty', () => {
    expect(codes([click('六个汉字啊啊')])).toEqual([[1, undefined, 'name', 40018]]);
    expect(codes([click('五个汉字啊')])).toEqual([]);
    expect(codes([{ name: 'm', sub_button: [click('二'.repeat(21))] }])).toEqual([[1, 1, 'name', 40025]]);
    expect(codes([{ name: 'm', sub_button: [click('二'.repeat(20))] }])).toEqual([]);
    expect(codes([click('  ')])).toEqual([[1, undefined, 'name', 40018]]);
    const [problem] = checkMenu([click('六个汉字啊啊')], plain);
    expect(problem?.reason).toEqual({
      en: 'Button 1: "六个汉字啊啊" is 18 bytes; WeChat takes at most 16 (a Chinese character is 3).',
      zh: '第 1 个菜单：“六个汉字啊啊”为 18 个字节，微信最多 16 个字节（一个汉字占 3 个字节）。',
    });
  });

  it('every type needs its fields; keys ≤ 128 bytes, urls ≤ 1,024 bytes and http(s)', () => {
    expect(BUTTON_TYPES.map((t) => t.type)).toEqual([
      'click',
      'view',
      'miniprogram',
      'scancode_push',
      'scancode_waitmsg',
      'pic_sysphoto',
      'pic_photo_or_album',
      'pic_weixin',
      'location_select',
      'media_id',
      'article_id',
      'article_view_limited',
      'view_limited',
    ]);
    expect(codes([{ name: 'a', type: 'fax' }])).toEqual([[1, undefined, 'type', 40017]]);
    expect(codes([{ name: 'a', type: 'click' }])).toEqual([[1, undefined, 'key', 40019]]);
    expect(codes([click('a', 'k'.repeat(129))])).toEqual([[1, undefined, 'key', 40019]]);
    expect(codes([click('a', 'k'.repeat(128))])).toEqual([]);
    expect(codes([{ name: 'm', sub_button: [{ name: 'v', type: 'view' }] }])).toEqual([[1, 1, 'url', 40027]]);
    expect(codes([{ name: 'v', type: 'view', url: `https://a.cn/${'x'.repeat(1012)}` }])).toEqual([[1, undefined, 'url', 40020]]);
    expect(codes([{ name: 'v', type: 'view', url: `https://a.cn/${'x'.repeat(1011)}` }])).toEqual([]);
    expect(codes([{ name: 'v', type: 'view', url: 'example.com' }])).toEqual([[1, undefined, 'url', 40055]]);
    expect(codes([{ name: 'mp', type: 'miniprogram', url: 'https://a.cn/', appid: 'wx123', pagepath: '' }])).toEqual([
      [1, undefined, 'appid', undefined],
      [1, undefined, 'pagepath', undefined],
    ]);
    expect(codes([{ name: 'mp', type: 'miniprogram', url: 'https://a.cn/', appid: 'wx1234567890abcdef', pagepath: 'pages/index' }])).toEqual([]);
    expect(
      codes([
        { name: 'm', type: 'media_id' },
        { name: 'a', type: 'article_id' },
        { name: 'l', type: 'article_view_limited', article_id: 'A' },
      ]),
    ).toEqual([
      [1, undefined, 'media_id', undefined],
      [2, undefined, 'article_id', undefined],
    ]);
  });

  it('console-only buttons (imported) are explained, not sent', () => {
    const [problem] = checkMenu([{ name: '营业时间', type: 'text', value: '9-18' }], plain);
    expect(problem?.field).toBe('type');
    expect(problem?.reason.en).toBe(
      'Button 1 is a text reply made in the MP console, which the API cannot publish: make it a Click button and answer its key with an auto-reply rule.',
    );
  });

  it('conditional: a tag, a default menu live, at most 3 redirect domains', () => {
    const views = ['a.cn', 'b.cn', 'c.cn', 'd.cn'].map((d, i) => ({ name: `v${i}`, type: 'view', url: `https://${d}/p` }));
    const menu = [{ name: 'm', sub_button: views }];
    expect(redirectDomains(menu)).toEqual(['a.cn', 'b.cn', 'c.cn', 'd.cn']);
    expect(checkMenu(menu, { conditional: false })).toEqual([]);
    const problems = checkMenu(menu, { conditional: true, tagId: undefined, defaultLive: false });
    expect(problems.map((p) => p.errcode)).toEqual([undefined, 65303, undefined]);
    expect(problems[2]?.reason.en).toBe('A conditional menu may open pages of at most 3 domains; this one opens 4: a.cn, b.cn, c.cn, d.cn.');
    expect(checkMenu([{ name: 'm', sub_button: views.slice(0, 3) }], { conditional: true, tagId: 101, defaultLive: true })).toEqual([]);
    // Not known (the designer): no complaint about the default menu.
    expect(checkMenu([click('a')], { conditional: true, tagId: '101' })).toEqual([]);
  });

  it('parses the definition (array or {button}) and writes reasons English first, then Chinese', () => {
    expect(parseDefinition('')).toEqual({ buttons: [] });
    expect(parseDefinition('{"button":[{"name":"a"}]}')).toEqual({ buttons: [{ name: 'a' }] });
    expect('problem' in parseDefinition('{oops')).toBe(true);
    expect(problemsText(checkMenu([{ name: '', type: 'click', key: 'k' }], plain))).toBe('Button 1 needs a name.\n第 1 个菜单缺少名称。');
  });

  it('sends only the fields of each type', () => {
    expect(
      toWechatButtons([
        { name: ' a ', type: 'click', key: 'k', url: 'https://x.cn/' },
        { name: 'm', sub_button: [{ name: 'v', type: 'view', url: 'https://x.cn/ ', key: 'stale' }] },
      ]),
    ).toEqual([
      { name: 'a', type: 'click', key: 'k' },
      { name: 'm', sub_button: [{ name: 'v', type: 'view', url: 'https://x.cn/' }] },
    ]);
  });
});
