/**
 * Filters the relay's tag sync sends: the followers paired with one tag (`wxm_follower_wxm_tag/any(t:t/wxm_tagid eq
 * <id>)`, in queries and in counts), and followers pinned by their alternate key (openid list and account), answered
 * from indexes with the same rows a scan finds; an unsupported lambda is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import { startDataverseEmulator, type DataverseEmulator } from '../index.js';
import { client, failure } from './harness.js';

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let account: string;
let other: string;
let vip: string;
let guest: string;

beforeAll(async () => {
  dv = await startDataverseEmulator();
  api = client(dv);
  account = dv.insert('wxm_officialaccounts', { wxm_name: 'A1', wxm_appid: 'wxa1' });
  other = dv.insert('wxm_officialaccounts', { wxm_name: 'A2', wxm_appid: 'wxa2' });
  vip = dv.insert('wxm_tags', { wxm_name: 'VIP', 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` });
  guest = dv.insert('wxm_tags', { wxm_name: 'Guest', 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` });
  for (let i = 0; i < 10; i++) {
    const id = dv.insert('wxm_followers', { wxm_name: `F${i}`, wxm_openid: `o-${i}`, 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` });
    dv.insert('wxm_followers', { wxm_name: `G${i}`, wxm_openid: `o-${i}`, 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${other})` });
    if (i % 3 === 0)
      await api.associate({
        collection: 'wxm_tags',
        primaryKey: vip,
        relatedCollection: 'wxm_followers',
        relatedKey: id,
        relationshipName: 'wxm_follower_wxm_tag',
      });
    if (i === 4)
      await api.associate({
        collection: 'wxm_tags',
        primaryKey: guest,
        relatedCollection: 'wxm_followers',
        relatedKey: id,
        relationshipName: 'wxm_follower_wxm_tag',
      });
  }
});
afterAll(() => dv.close());

const names = async (filter: string) =>
  (await api.retrieveMultiple<{ wxm_name: string }>({ collection: 'wxm_followers', select: ['wxm_name'], filter })).value.map((r) => r.wxm_name).sort();

describe('filters on pairings and alternate keys', () => {
  it('finds the followers paired with a tag, and counts them', async () => {
    expect(await names(`wxm_follower_wxm_tag/any(t:t/wxm_tagid eq ${vip})`)).toEqual(['F0', 'F3', 'F6', 'F9']);
    expect(await names(`wxm_follower_wxm_tag/any(t:t/wxm_tagid eq ${vip}) and wxm_openid ne 'o-3'`)).toEqual(['F0', 'F6', 'F9']);
    expect(await names(`wxm_follower_wxm_tag/any(t:t/wxm_tagid eq ${vip}) or wxm_follower_wxm_tag/any(t:t/wxm_tagid eq ${guest})`)).toEqual([
      'F0',
      'F3',
      'F4',
      'F6',
      'F9',
    ]);
    const counted = await api.retrieveMultiple<{ n: number }>({
      collection: 'wxm_followers',
      apply: `filter(wxm_follower_wxm_tag/any(t:t/wxm_tagid eq ${vip}))/aggregate(wxm_followerid with countdistinct as n)`,
    });
    expect(counted.value).toEqual([{ n: 4 }]);
  });

  it('answers a filter pinning the alternate key with the rows a scan finds', async () => {
    expect(await names(`_wxm_officialaccountid_value eq ${account} and (wxm_openid eq 'o-1' or wxm_openid eq 'O-2' or wxm_openid eq 'o-99')`)).toEqual([
      'F1',
      'F2',
    ]);
    expect(await names(`(wxm_openid eq 'o-1' or wxm_openid eq 'o-2') and _wxm_officialaccountid_value eq ${other} and wxm_name ne 'G2'`)).toEqual(['G1']);
    expect(await names(`wxm_openid eq 'o-5'`)).toEqual(['F5', 'G5']);
  });

  it('refuses a lambda it does not implement', async () => {
    expect(await failure(names(`wxm_follower_wxm_tag/any(t:t/wxm_name eq 'VIP')`))).toMatchObject({ status: 400 });
  });
});
