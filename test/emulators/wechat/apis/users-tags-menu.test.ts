import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim)).accessToken;
});
afterEach(async () => {
  await h.close();
});

const api = (path: string, body?: unknown, query: Record<string, string> = {}) => callApi(h.sim, path, { access_token: token, ...query }, body);

describe('users', () => {
  it('user/get lists following openids; user/info reports the follow and its QR scene', async () => {
    await h.sim.push({ appid: DEMO.appid, openid: 'oA', msgType: 'event', event: 'subscribe', eventKey: 'qrscene_42', ticket: 'T' });
    await h.sim.push({ appid: DEMO.appid, openid: 'oB', msgType: 'text', content: 'hi' });
    await h.sim.push({ appid: DEMO.appid, openid: 'oC', msgType: 'event', event: 'unsubscribe' });
    expect(await api('user/get')).toEqual({ total: 2, count: 2, data: { openid: ['oA', 'oB'] }, next_openid: 'oB' });
    expect(await api('user/get', undefined, { next_openid: 'oB' })).toEqual({ total: 2, count: 0, next_openid: '' });
    expect(await api('user/info', undefined, { openid: 'oA', lang: 'zh_CN' })).toEqual({
      subscribe: 1,
      openid: 'oA',
      language: 'zh_CN',
      subscribe_time: Math.floor(h.clock.now() / 1000),
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 42,
      qr_scene_str: '',
    });
    expect(await api('user/info', undefined, { openid: 'oC' })).toEqual({ subscribe: 0, openid: 'oC' });
    expect((await api('user/info', undefined, { openid: 'oZ' })).errcode).toBe(40003);
  });

  it('an unverified subscription account gets 48001 on user management', async () => {
    h.sim.addAccount({ appid: 'wx0000000000000sub', originalId: 'gh_sub', nickName: 'Sub', serviceType: 0, verifyType: -1 });
    token = (await authorizerTokens(h.sim, 'wx0000000000000sub')).accessToken;
    expect((await api('user/get')).errcode).toBe(48001);
  });
});

describe('tags', () => {
  it('create, tag, list and count, untag, delete; duplicates and reserved ids are refused', async () => {
    for (const o of ['oA', 'oB']) await h.sim.push({ appid: DEMO.appid, openid: o, msgType: 'event', event: 'subscribe' });
    const { tag } = await api('tags/create', { tag: { name: '广东' } });
    expect(tag).toEqual({ id: 100, name: '广东' });
    expect((await api('tags/create', { tag: { name: '广东' } })).errcode).toBe(45157);
    expect((await api('tags/create', { tag: { name: 'x'.repeat(31) } })).errcode).toBe(45158);
    expect(await api('tags/members/batchtagging', { openid_list: ['oA', 'oB'], tagid: 100 })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await api('tags/get')).tags).toEqual([
      { id: 2, name: '星标组', count: 0 },
      { id: 100, name: '广东', count: 2 },
    ]);
    expect(await api('user/tag/get', { tagid: 100, next_openid: '' })).toEqual({ count: 2, data: { openid: ['oA', 'oB'] }, next_openid: 'oB' });
    await api('tags/members/batchuntagging', { openid_list: ['oB'], tagid: 100 });
    expect(await api('tags/getidlist', { openid: 'oA' })).toEqual({ tagid_list: [100] });
    expect((await api('tags/members/batchtagging', { openid_list: ['oA'], tagid: 999 })).errcode).toBe(45159);
    expect((await api('tags/delete', { tag: { id: 2 } })).errcode).toBe(45058);
    await api('tags/delete', { tag: { id: 100 } });
    expect(await api('tags/getidlist', { openid: 'oA' })).toEqual({ tagid_list: [] });
  });
});

describe('menu and QR codes', () => {
  it('menu/create validates like WeChat; get returns it; delete removes it (46003)', async () => {
    expect((await api('menu/create', { button: [] })).errcode).toBe(40016);
    expect((await api('menu/create', { button: [{ name: 'A', type: 'fax' }] })).errcode).toBe(40017);
    expect((await api('menu/create', { button: [{ name: 'A', sub_button: Array(6).fill({ name: 's', type: 'click', key: 'k' }) }] })).errcode).toBe(40023);
    expect((await api('menu/create', { button: [{ name: 'A', sub_button: [{ name: 's', type: 'view' }] }] })).errcode).toBe(40027);
    const button = [
      { type: 'click', name: '今日歌曲', key: 'V1001' },
      { name: '菜单', sub_button: [{ type: 'view', name: '搜索', url: 'https://www.soso.com/' }] },
    ];
    expect(await api('menu/create', { button })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await api('menu/get')).toEqual({ menu: { button } });
    await api('menu/delete');
    expect((await api('menu/get')).errcode).toBe(46003);
  });

  it('qrcode/create returns a ticket whose image showqrcode serves', async () => {
    const temp = await api('qrcode/create', { expire_seconds: 604800, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'campaign-7' } } });
    expect(temp.expire_seconds).toBe(604800);
    expect(temp.url).toMatch(/^http:\/\/weixin\.qq\.com\/q\//);
    const image = await fetch(`${h.sim.url}/cgi-bin/showqrcode?ticket=${encodeURIComponent(temp.ticket as string)}`);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/jpg']);
    const permanent = await api('qrcode/create', { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100001 } } });
    // 40053 invalid action info: a permanent scene_id is 1-100,000 (apis/qrcode.ts).
    expect(permanent.errcode).toBe(40053);
    expect(Object.keys(await api('qrcode/create', { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 7 } } }))).toEqual(['ticket', 'url']);
  });
});
