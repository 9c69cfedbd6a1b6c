/** Custom and conditional menus on the simulated WeChat, called over HTTP as the relay calls them. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim)).accessToken;
  for (const openid of ['oA', 'oB', 'oC']) await h.sim.push({ appid: DEMO.appid, openid, msgType: 'event', event: 'subscribe' });
});
afterEach(async () => {
  await h.close();
});

const api = (path: string, body?: unknown) => callApi(h.sim, path, { access_token: token }, body);
const control = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
  const res = await fetch(`${h.sim.url}${path}`, method === 'GET' ? {} : { method, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const DEFAULT = [
  { type: 'click', name: '今日', key: 'today' },
  { name: '更多', sub_button: [{ type: 'view', name: '官网', url: 'https://www.example.com/' }] },
];
const VIP = [{ type: 'view', name: 'VIP', url: 'https://vip.example.com/' }];
const GOLD = [{ type: 'click', name: 'Gold', key: 'gold' }];

async function tag(name: string, openids: string[]): Promise<number> {
  const { tag } = await api('tags/create', { tag: { name } });
  await api('tags/members/batchtagging', { openid_list: openids, tagid: tag.id });
  return tag.id as number;
}

describe('conditional menus', () => {
  it('need a default menu (65303), take tag_id only (65320 for sex/region/language), and are listed by menu/get', async () => {
    const vip = await tag('VIP', ['oA']);
    expect((await api('menu/addconditional', { button: VIP, matchrule: { tag_id: String(vip) } })).errcode).toBe(65303);
    expect(await api('menu/create', { button: DEFAULT })).toEqual({ errcode: 0, errmsg: 'ok' });
    for (const matchrule of [{ sex: '1' }, { country: '中国', province: '广东' }, { language: 'zh_CN' }, { tag_id: String(vip), client_platform_type: '1' }]) {
      expect((await api('menu/addconditional', { button: VIP, matchrule })).errcode).toBe(65320);
    }
    expect((await api('menu/addconditional', { button: VIP, matchrule: {} })).errcode).toBe(65304);
    expect((await api('menu/addconditional', { button: VIP, matchrule: { tag_id: '999' } })).errcode).toBe(45159);
    expect((await api('menu/addconditional', { button: [{ name: 'x', type: 'fax' }], matchrule: { tag_id: String(vip) } })).errcode).toBe(40017);
    const { menuid } = await api('menu/addconditional', { button: VIP, matchrule: { tag_id: String(vip) } });
    expect(menuid).toMatch(/^\d+$/);
    const got = await api('menu/get');
    expect(got.conditionalmenu).toEqual([{ button: VIP, matchrule: { tag_id: String(vip) }, menuid: Number(menuid) }]);
    expect(got.menu.button).toEqual(DEFAULT);
  });

  it('at most 3 redirect domains (65316)', async () => {
    await api('menu/create', { button: DEFAULT });
    const vip = await tag('VIP', ['oA']);
    const four = [{ name: 'm', sub_button: ['a', 'b', 'c', 'd'].map((d) => ({ type: 'view', name: d, url: `https://${d}.example.com/` })) }];
    expect((await api('menu/addconditional', { button: four, matchrule: { tag_id: String(vip) } })).errcode).toBe(65316);
    expect(
      (await api('menu/addconditional', { button: [{ name: 'm', sub_button: four[0]!.sub_button.slice(0, 3) }], matchrule: { tag_id: String(vip) } })).menuid,
    ).toBeDefined();
  });

  it('trymatch and GET /sim/menu: the last tag wins, others get the default menu, strangers 65302', async () => {
    await api('menu/create', { button: DEFAULT });
    const vip = await tag('VIP', ['oA', 'oB']);
    const gold = await tag('Gold', ['oB']);
    await api('menu/addconditional', { button: VIP, matchrule: { tag_id: String(vip) } });
    const { menuid } = await api('menu/addconditional', { button: GOLD, matchrule: { tag_id: String(gold) } });
    expect(await api('menu/trymatch', { user_id: 'oA' })).toEqual({ button: VIP });
    // oB was tagged VIP, then Gold: Gold (the last tag) wins.
    expect(await api('menu/trymatch', { user_id: 'oB' })).toEqual({ button: GOLD });
    expect(await api('menu/trymatch', { user_id: 'oC' })).toEqual({ button: DEFAULT });
    expect((await api('menu/trymatch', { user_id: 'oNobody' })).errcode).toBe(65302);
    expect(await control('GET', `/sim/menu?appid=${DEMO.appid}&openid=oB`)).toEqual({
      status: 200,
      body: { openid: 'oB', source: 'conditional', menuid, tagId: gold, button: GOLD },
    });
    expect((await control('GET', `/sim/menu?appid=${DEMO.appid}&openid=oC`)).body.source).toBe('default');
    expect((await control('GET', `/sim/menu?appid=${DEMO.appid}&openid=oNobody`)).status).toBe(404);
    // Deleting the conditional menu: oB falls back to VIP.
    expect(await api('menu/delconditional', { menuid })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await api('menu/delconditional', { menuid })).errcode).toBe(65301);
    expect(await api('menu/trymatch', { user_id: 'oB' })).toEqual({ button: VIP });
  });

  it('deleting the default menu deletes every conditional menu', async () => {
    await api('menu/create', { button: DEFAULT });
    const vip = await tag('VIP', ['oA']);
    await api('menu/addconditional', { button: VIP, matchrule: { tag_id: String(vip) } });
    await api('menu/delete');
    expect((await api('menu/get')).errcode).toBe(46003);
    expect((await api('menu/trymatch', { user_id: 'oA' })).errcode).toBe(46003);
    expect((await control('GET', `/sim/menu?appid=${DEMO.appid}`)).body).toEqual({ default: null, conditional: [] });
    expect(await api('get_current_selfmenu_info')).toEqual({ is_menu_open: 0 });
  });
});

describe('what is live', () => {
  it('get_current_selfmenu_info shows an API menu with sub_button lists, and a menu made in the MP console that menu/get does not', async () => {
    await api('menu/create', { button: DEFAULT });
    expect(await api('get_current_selfmenu_info')).toEqual({
      is_menu_open: 1,
      selfmenu_info: { button: [DEFAULT[0], { name: '更多', sub_button: { list: DEFAULT[1]!.sub_button } }] },
    });
    const consoleMenu = [
      { type: 'text', name: '营业时间', value: '9:00-18:00' },
      { type: 'view', name: '官网', url: 'https://www.example.com/' },
    ];
    expect((await control('POST', '/sim/menu/console', { appid: DEMO.appid, button: consoleMenu })).status).toBe(200);
    expect((await api('menu/get')).errcode).toBe(46003);
    expect(await api('get_current_selfmenu_info')).toEqual({ is_menu_open: 1, selfmenu_info: { button: consoleMenu } });
    expect((await control('POST', '/sim/menu/console', { appid: DEMO.appid, button: [] })).status).toBe(400);
  });

  it('menu/create: 1,000 a day, then 45009 until the next Beijing day', async () => {
    await control('POST', '/sim/quota', { api: 'menu/create', limit: 2 });
    expect((await api('menu/create', { button: DEFAULT })).errcode).toBe(0);
    expect((await api('menu/create', { button: DEFAULT })).errcode).toBe(0);
    expect((await api('menu/create', { button: DEFAULT })).errcode).toBe(45009);
    h.clock.advance(86400);
    token = (await authorizerTokens(h.sim)).accessToken;
    expect((await api('menu/create', { button: DEFAULT })).errcode).toBe(0);
    await control('POST', '/sim/quota', { api: 'menu/create', limit: 1000 });
    expect((await control('GET', '/sim/stats')).status).toBe(200);
  });
});
