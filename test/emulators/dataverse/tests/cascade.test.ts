/**
 * Deleting a row does to the rows that point at it what each relationship's cascade rule says, as in Dataverse:
 * Restrict refuses (405, 0x80040227) and changes nothing, Cascade deletes them (each a Delete event, as plug-ins and
 * webhooks see it), RemoveLink clears the lookup, notes go with their row. Against the solution's own schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataverseEmulator, type DataverseEmulator } from '../index.js';
import { call } from './harness.js';

let dv: DataverseEmulator;
let account: string;
const bind = (set: string, id: string) => `/${set}(${id})`;

beforeAll(async () => {
  dv = await startDataverseEmulator();
  account = dv.insert('wxm_officialaccounts', { wxm_name: 'Demo', wxm_appid: 'wx00cascade' });
});
afterAll(() => dv.close());

const follower = (openid: string, extra: Record<string, unknown> = {}) =>
  dv.insert('wxm_followers', { wxm_name: openid, wxm_openid: openid, 'wxm_OfficialAccountId@odata.bind': bind('wxm_officialaccounts', account), ...extra });
const ids = (set: string, column: string) => dv.rows(set).map((r) => String(r[column]));

describe('Restrict', () => {
  it('refuses to delete an account its followers point at, and deletes nothing', async () => {
    const f = follower('o-restrict');
    const res = await call(dv, 'DELETE', `wxm_officialaccounts(${account})`);
    expect(res.status).toBe(405);
    expect(res.json.error).toEqual({
      code: '0x80040227',
      message: 'The object you tried to delete is associated with another object and cannot be deleted.',
    });
    expect(ids('wxm_officialaccounts', 'wxm_officialaccountid')).toContain(account);
    expect(ids('wxm_followers', 'wxm_followerid')).toContain(f);
  });

  it('refuses when the Restrict is deeper in the cascade, and deletes none of what the cascade would have', async () => {
    const f = follower('o-deep');
    const binding = dv.insert('wxm_bindings', { wxm_name: 'b', 'wxm_FollowerId@odata.bind': bind('wxm_followers', f) });
    dv.insert('wxm_messages', {
      wxm_name: 'hi',
      wxm_wechatmsgid: 'm-deep',
      'wxm_FollowerId@odata.bind': bind('wxm_followers', f),
      'wxm_OfficialAccountId@odata.bind': bind('wxm_officialaccounts', account),
    });
    expect((await call(dv, 'DELETE', `wxm_followers(${f})`)).status).toBe(405);
    expect(ids('wxm_bindings', 'wxm_bindingid')).toContain(binding);
    expect(ids('wxm_followers', 'wxm_followerid')).toContain(f);
  });
});

describe('Cascade and RemoveLink', () => {
  it('deletes the bindings, referral codes and notes of a follower, and unlinks the followers it referred', async () => {
    const referrer = follower('o-referrer');
    const referred = follower('o-referred', { 'wxm_ReferredById@odata.bind': bind('wxm_followers', referrer) });
    const binding = dv.insert('wxm_bindings', { wxm_name: 'b', 'wxm_FollowerId@odata.bind': bind('wxm_followers', referrer) });
    const code = dv.insert('wxm_qrcodes', {
      wxm_name: 'personal code',
      wxm_scene: 'ref-cascade',
      'wxm_OfficialAccountId@odata.bind': bind('wxm_officialaccounts', account),
      'wxm_ReferrerId@odata.bind': bind('wxm_followers', referrer),
    });
    const note = dv.insert('annotations', { subject: 'met at the expo', 'objectid_wxm_follower@odata.bind': bind('wxm_followers', referrer) });

    expect((await call(dv, 'DELETE', `wxm_followers(${referrer})`)).status).toBe(204);

    expect(ids('wxm_followers', 'wxm_followerid')).not.toContain(referrer);
    expect(ids('wxm_bindings', 'wxm_bindingid')).not.toContain(binding);
    expect(ids('wxm_qrcodes', 'wxm_qrcodeid')).not.toContain(code);
    expect(ids('annotations', 'annotationid')).not.toContain(note);
    const stays = dv.rows('wxm_followers').find((r) => r.wxm_followerid === referred);
    expect(stays?._wxm_referredbyid_value).toBeNull();
  });
});
