/** The simulated tag APIs hold WeChat's limits and codes, over generated followers as over those who wrote. */
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

const api = (path: string, body?: unknown) => callApi(h.sim, path, { access_token: token }, body);
const openids = async (n: number): Promise<string[]> => {
  const list: string[] = [];
  let next = '';
  while (list.length < n) {
    const page = await callApi(h.sim, 'user/get', { access_token: token, next_openid: next });
    list.push(...(page.data.openid as string[]));
    next = page.next_openid;
  }
  return list.slice(0, n);
};

describe('tag limits', () => {
  it('names: 30 bytes (10 Chinese characters), unique, not the star group', async () => {
    expect((await api('tags/create', { tag: { name: '一二三四五六七八九十' } })).tag).toEqual({ id: 100, name: '一二三四五六七八九十' });
    expect((await api('tags/create', { tag: { name: '一二三四五六七八九十一' } })).errcode).toBe(45158);
    expect((await api('tags/create', { tag: { name: 'a'.repeat(30) } })).tag.id).toBe(101);
    expect((await api('tags/create', { tag: { name: 'a'.repeat(30) } })).errcode).toBe(45157);
    expect((await api('tags/create', { tag: { name: '星标组' } })).errcode).toBe(45157);
    expect((await api('tags/create', { tag: { name: '  ' } })).errcode).toBe(45157);
    expect((await api('tags/update', { tag: { id: 101, name: '一二三四五六七八九十' } })).errcode).toBe(45157);
    expect(await api('tags/update', { tag: { id: 101, name: 'VIP' } })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await api('tags/update', { tag: { id: 999, name: 'X' } })).errcode).toBe(45159);
  });

  it('at most 100 tags an account (45056); reserved ids 0–2 cannot be renamed or deleted (45058)', async () => {
    for (let i = 0; i < 100; i++) expect((await api('tags/create', { tag: { name: `t${i}` } })).tag.id).toBe(100 + i);
    expect(await api('tags/create', { tag: { name: 't100' } })).toMatchObject({ errcode: 45056 });
    for (const id of [0, 1, 2]) {
      expect((await api('tags/update', { tag: { id, name: 'mine' } })).errcode).toBe(45058);
      expect((await api('tags/delete', { tag: { id } })).errcode).toBe(45058);
    }
    expect(await api('tags/delete', { tag: { id: 150 } })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await api('tags/create', { tag: { name: 't100' } })).tag.id).toBe(200);
  });

  it('1–50 openids a call (40032); an unknown openid tags nobody (40003); 20 tags a follower (45059)', async () => {
    h.sim.generateFollowers(DEMO.appid, 60);
    const all = await openids(60);
    const { tag } = await api('tags/create', { tag: { name: 'A' } });
    expect((await api('tags/members/batchtagging', { tagid: tag.id, openid_list: all.slice(0, 51) })).errcode).toBe(40032);
    expect((await api('tags/members/batchtagging', { tagid: tag.id, openid_list: [] })).errcode).toBe(40032);
    expect((await api('tags/members/batchtagging', { tagid: tag.id, openid_list: [all[0], 'oNobody'] })).errcode).toBe(40003);
    expect(await api('tags/getidlist', { openid: all[0] })).toEqual({ tagid_list: [2] }); // generated follower 0 is starred
    expect(await api('tags/members/batchtagging', { tagid: tag.id, openid_list: all.slice(0, 50) })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(h.sim.tags(DEMO.appid)).toEqual([{ id: tag.id, name: 'A', openids: all.slice(0, 50) }]);

    // all[1] is generated follower 1 (no star); give it 20 tags, then a 21st is refused for the whole call.
    const ids: number[] = [tag.id];
    for (let i = 0; i < 20; i++) ids.push((await api('tags/create', { tag: { name: `B${i}` } })).tag.id);
    for (const id of ids.slice(1, 20)) await api('tags/members/batchtagging', { tagid: id, openid_list: [all[1]] });
    expect((await api('tags/getidlist', { openid: all[1] })).tagid_list).toHaveLength(20);
    expect((await api('tags/members/batchtagging', { tagid: ids[20], openid_list: [all[2], all[1]] })).errcode).toBe(45059);
    expect((await api('tags/getidlist', { openid: all[2] })).tagid_list).toEqual([tag.id]);
    // Tagging again with a tag it has is no new tag.
    expect((await api('tags/members/batchtagging', { tagid: tag.id, openid_list: [all[1]] })).errcode).toBe(0);
  });

  it('a tag on more than 100,000 followers cannot be deleted (45057); at 100,000 it can', async () => {
    h.sim.generateFollowers(DEMO.appid, 100_001);
    const all = await openids(100_001);
    const big = h.sim.createTagInConsole(DEMO.appid, 'Big', all);
    expect((await api('tags/get')).tags.find((t: { id: number }) => t.id === big.id)).toEqual({ id: big.id, name: 'Big', count: 100_001 });
    expect(await api('tags/delete', { tag: { id: big.id } })).toMatchObject({ errcode: 45057 });
    expect(await api('tags/members/batchuntagging', { tagid: big.id, openid_list: [all[0]] })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await api('tags/delete', { tag: { id: big.id } })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await api('tags/getidlist', { openid: all[5] })).toEqual({ tagid_list: [] });
  }, 60_000);
});

describe('tag reads', () => {
  it('tags/get counts generated followers (every third is starred) and user/tag/get pages them 10,000 at a time', async () => {
    h.sim.generateFollowers(DEMO.appid, 30_003);
    expect((await api('tags/get')).tags).toEqual([{ id: 2, name: '星标组', count: 10_001 }]);
    const first = await api('user/tag/get', { tagid: 2, next_openid: '' });
    expect(first.count).toBe(10_000);
    const second = await api('user/tag/get', { tagid: 2, next_openid: first.next_openid });
    expect(second.count).toBe(1);
    expect(await api('user/tag/get', { tagid: 2, next_openid: second.next_openid })).toEqual({ count: 0, next_openid: '' });
    expect((await api('user/tag/get', { tagid: 2, next_openid: 'oNobody' })).errcode).toBe(40003);
    expect((await api('user/tag/get', { tagid: 77, next_openid: '' })).errcode).toBe(45159);
  });

  it('an unfollowed follower leaves the lists; an unverified account gets 48001', async () => {
    await h.sim.push({ appid: DEMO.appid, openid: 'oA', msgType: 'event', event: 'subscribe' });
    await h.sim.push({ appid: DEMO.appid, openid: 'oB', msgType: 'event', event: 'subscribe' });
    const { tag } = await api('tags/create', { tag: { name: 'A' } });
    await api('tags/members/batchtagging', { tagid: tag.id, openid_list: ['oA', 'oB'] });
    await h.sim.push({ appid: DEMO.appid, openid: 'oB', msgType: 'event', event: 'unsubscribe' });
    expect(await api('user/tag/get', { tagid: tag.id })).toEqual({ count: 1, data: { openid: ['oA'] }, next_openid: 'oA' });
    h.sim.addAccount({ appid: 'wx0000000000000sub', originalId: 'gh_sub', nickName: 'Sub', serviceType: 0, verifyType: -1 });
    token = (await authorizerTokens(h.sim, 'wx0000000000000sub')).accessToken;
    expect((await api('tags/create', { tag: { name: 'A' } })).errcode).toBe(48001);
    expect((await api('tags/get')).errcode).toBe(48001);
  });
});
