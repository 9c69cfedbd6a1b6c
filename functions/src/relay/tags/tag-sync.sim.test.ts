/**
 * Tags made in the MP console reach Dataverse by the tag sync (tags/get, user/tag/get) against the WeChat simulator
 * and the Dataverse emulator: rows and pairings made, renamed, deleted and unpaired as WeChat says, and none of it
 * sent back to WeChat when its webhooks come back to the relay.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Follower, RowSyncState, Tag } from '@wxm/solution/schema';
import { startTagWorld, type TagWorld } from '@wxm/testkit/kit/relay/tag-world';
import { callApi, DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import { parseHint } from '../webhook/hint.js';
import { isTagHint, onTagHint } from './tag-hint.js';
import { syncTagsOf } from './tag-sync.js';

const T = Tag.columns;
let w: TagWorld;
let openids: string[];
let followerIds: Map<string, string>;

beforeEach(async () => {
  w = await startTagWorld();
  w.sim.generateFollowers(DEMO.appid, 30);
  openids = (await callApi(w.sim, 'user/get', { access_token: w.token })).data.openid as string[];
  followerIds = new Map();
  // Followers 0–24 are in Dataverse already; 25–29 not yet.
  for (const openid of openids.slice(0, 25)) {
    followerIds.set(
      openid,
      w.dv.insert(EntitySets.Follower, {
        [Follower.columns.Name]: openid,
        [Follower.columns.OpenId]: openid,
        [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${w.accountId})`,
      }),
    );
  }
});
afterEach(() => w.close());

const WRITES = ['tags/create', 'tags/update', 'tags/delete', 'tags/members/batchtagging', 'tags/members/batchuntagging'];
const writes = () => WRITES.reduce((n, api) => n + (w.sim.stats().apiCalls[api] ?? 0), 0);
const rows = () => w.dv.rows(EntitySets.Tag).map((r) => ({ name: r[T.Name], id: r[T.WechatTagId], count: r[T.FollowerCount], state: r[T.State] }));
const pairedOpenids = (wechatId: number) => {
  const row = w.dv.rows(EntitySets.Tag).find((r) => r[T.WechatTagId] === wechatId);
  const byId = new Map([...followerIds].map(([o, id]) => [id, o]));
  return w.dv
    .rows('wxm_follower_tag')
    .filter((p) => p.wxm_tagid === row?.[T.Id])
    .map((p) => byId.get(String(p.wxm_followerid)))
    .sort();
};
async function deliverAll(): Promise<string[]> {
  const out: string[] = [];
  for (const body of await w.takeWebhooks()) {
    const hint = parseHint(body);
    if (isTagHint(hint)) out.push(`${hint.message}:${await onTagHint(hint, w.deps)}`);
  }
  return out;
}

describe('tag sync from WeChat', () => {
  it('creates the rows and pairings WeChat has, for the followers Dataverse has, and sends nothing back', async () => {
    const vip = w.sim.createTagInConsole(DEMO.appid, 'VIP', [openids[1]!, openids[2]!, openids[26]!]);
    const report = await syncTagsOf(w.dv.organizationId, w.accountId, w.deps);
    expect(report).toEqual({ created: 2, updated: 0, deleted: 0, paired: 9 + 2, unpaired: 0, followersNotInDataverse: 1 + 1, tagsColumns: 9 + 2 });
    const column = (i: number) => w.dv.rows(EntitySets.Follower).find((r) => r[Follower.columns.OpenId] === openids[i])?.[Follower.columns.Tags];
    expect([column(0), column(1), column(2), column(3)]).toEqual(['2', `${vip.id}`, `${vip.id}`, '2']);
    expect(rows()).toEqual([
      { name: '星标组', id: 2, count: 10, state: RowSyncState.Synced },
      { name: 'VIP', id: vip.id, count: 3, state: RowSyncState.Synced },
    ]);
    // Every third generated follower is starred: 0, 3, … 24 are in Dataverse (27 is not).
    expect(pairedOpenids(2)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24].map((i) => openids[i]).sort());
    expect(pairedOpenids(vip.id)).toEqual([openids[1], openids[2]].sort());
    const echoes = await deliverAll();
    expect(echoes.length).toBe(2 + 11);
    expect(echoes.every((e) => e.endsWith(':skipped'))).toBe(true);
    expect(writes()).toBe(0);
  });

  it('follows renames, removals and deletions made in the MP console', async () => {
    const vip = w.sim.createTagInConsole(DEMO.appid, 'VIP', [openids[1]!, openids[2]!]);
    const old = w.sim.createTagInConsole(DEMO.appid, 'Old', [openids[4]!]);
    await syncTagsOf(w.dv.organizationId, w.accountId, w.deps);
    await deliverAll();
    await callApi(w.sim, 'tags/update', { access_token: w.token }, { tag: { id: vip.id, name: 'VIP 2027' } });
    await callApi(w.sim, 'tags/members/batchuntagging', { access_token: w.token }, { tagid: vip.id, openid_list: [openids[2]] });
    await callApi(w.sim, 'tags/delete', { access_token: w.token }, { tag: { id: old.id } });
    const before = writes();
    const report = await syncTagsOf(w.dv.organizationId, w.accountId, w.deps);
    expect(report).toMatchObject({ created: 0, updated: 1, deleted: 1, paired: 0, unpaired: 1, tagsColumns: 2 });
    expect(rows().map((r) => r.name)).toEqual(['星标组', 'VIP 2027']);
    expect(pairedOpenids(vip.id)).toEqual([openids[1]]);
    expect((await deliverAll()).every((e) => e.endsWith(':skipped'))).toBe(true);
    expect(writes()).toBe(before);
  });

  it('a sync where nothing changed writes nothing and reads only the members WeChat lists, never the whole account', async () => {
    w.sim.createTagInConsole(DEMO.appid, 'VIP', [openids[1]!, openids[2]!]);
    await syncTagsOf(w.dv.organizationId, w.accountId, w.deps);
    const before = w.dv.requestLog().length;
    expect(await syncTagsOf(w.dv.organizationId, w.accountId, w.deps)).toEqual({
      created: 0,
      updated: 0,
      deleted: 0,
      paired: 0,
      unpaired: 0,
      // openids[27] is starred and not in Dataverse yet.
      followersNotInDataverse: 1,
      tagsColumns: 0,
    });
    const requests = w.dv.requestLog().slice(before);
    // The tag rows, then per tag one query for its members' rows and one count of its pairings.
    expect(requests.map((r) => `${r.method} ${r.path.split('/').at(-1)} ${r.writes ?? 0}`)).toEqual([
      'GET wxm_tags 0',
      'GET wxm_followers 0',
      'GET wxm_followers 0',
      'GET wxm_followers 0',
      'GET wxm_followers 0',
    ]);
  });

  it('a row waiting under the same name takes the WeChat tag instead of a second row', async () => {
    const waiting = w.dv.insert(EntitySets.Tag, {
      [T.Name]: 'VIP',
      [`${Tag.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${w.accountId})`,
    });
    const vip = w.sim.createTagInConsole(DEMO.appid, 'VIP');
    expect(await syncTagsOf(w.dv.organizationId, w.accountId, w.deps)).toMatchObject({ created: 1, updated: 1 });
    expect(w.dv.rows(EntitySets.Tag).find((r) => r[T.Id] === waiting)?.[T.WechatTagId]).toBe(vip.id);
  });
});
