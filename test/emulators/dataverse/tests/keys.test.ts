import { afterEach, describe, expect, it } from 'vitest';
import type { DataverseEmulator } from '../index.js';
import { INBOUND } from './fixture-schema.js';
import { call, client, failure, start } from './harness.js';

const open: DataverseEmulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

async function pendingFor(ms: number, pending?: string[]) {
  let now = Date.UTC(2026, 0, 1);
  const dv = await start({ clock: () => now, keys: { activationDelayMs: ms, ...(pending && { pending }) } });
  open.push(dv);
  return { dv, advance: (by: number) => (now += by) };
}

const messageKey = (account: string, msgid: string) => `wxm_messages(_wxm_officialaccountid_value=${account},wxm_wechatmsgid='${msgid}')`;

describe('alternate keys become active only after their index is built', () => {
  it('a pending key answers 400 0x8006088F for retrieve, upsert, delete and binds, then works once active', async () => {
    const { dv, advance } = await pendingFor(60_000, ['wxm_message_account_msgid', 'wxm_officialaccount_appid']);
    const account = dv.insert('wxm_officialaccounts', { wxm_name: 'A', wxm_appid: 'wxkeys' });
    expect(dv.keyStatus()).toMatchObject({
      'wxm_message.wxm_message_account_msgid': 'Pending',
      'wxm_officialaccount.wxm_officialaccount_appid': 'Pending',
      'wxm_follower.wxm_follower_openid_account': 'Active',
    });
    const refused = [
      await call(dv, 'GET', messageKey(account, 'm1')),
      await call(dv, 'PATCH', messageKey(account, 'm1'), { wxm_direction: INBOUND }, { 'If-None-Match': '*' }),
      await call(dv, 'DELETE', messageKey(account, 'm1')),
      await call(dv, 'POST', 'wxm_followers', { wxm_openid: 'o-k', 'wxm_OfficialAccountId@odata.bind': "/wxm_officialaccounts(wxm_appid='wxkeys')" }),
    ];
    expect(refused.map((r) => [r.status, r.json?.error?.code])).toEqual([
      [400, '0x8006088F'],
      [400, '0x8006088F'],
      [400, '0x8006088F'],
      [400, '0x8006088F'],
    ]);
    expect(refused[0]?.json.error.message).toBe(
      'Invalid EntityKey Operation performed : Entity Key wxm_message_account_msgid of entity wxm_message is not active (EntityKeyIndexStatus: Pending); its index is still being created.',
    );
    // Keys that are active, and ids, keep working meanwhile.
    expect((await call(dv, 'GET', `wxm_followers(wxm_openid='none',_wxm_officialaccountid_value=${account})`)).status).toBe(404);
    expect((await call(dv, 'GET', `wxm_officialaccounts(${account})`)).status).toBe(200);
    expect(dv.rows('wxm_message')).toEqual([]);

    advance(60_000);
    expect(dv.keyStatus()['wxm_message.wxm_message_account_msgid']).toBe('Active');
    const upserted = await call(dv, 'PATCH', messageKey(account, 'm1'), { wxm_direction: INBOUND }, { 'If-None-Match': '*' });
    expect(upserted.status).toBe(204);
    expect((await call(dv, 'GET', messageKey(account, 'm1'))).status).toBe(200);
  });

  it('a pending key enforces no uniqueness; duplicates left behind make its index job fail', async () => {
    const { dv, advance } = await pendingFor(10_000, ['wxm_officialaccount_appid']);
    const api = client(dv);
    await api.create({ collection: 'wxm_officialaccounts', data: { wxm_appid: 'wxtwice' } });
    await api.create({ collection: 'wxm_officialaccounts', data: { wxm_appid: 'wxtwice' } });
    expect(dv.rows('wxm_officialaccount')).toHaveLength(2);
    advance(10_000);
    expect(dv.keyStatus()['wxm_officialaccount.wxm_officialaccount_appid']).toBe('Failed');
    const err = await failure(api.retrieve({ collection: 'wxm_officialaccounts', key: "wxm_appid='wxtwice'" }));
    expect([err.status, err.code]).toEqual([400, '0x8006088F']);
    expect(err.message).toContain('(EntityKeyIndexStatus: Failed)');
  });

  it('once active a key refuses duplicates (0x80060892) and finds rows created while it was pending', async () => {
    const { dv, advance } = await pendingFor(5_000, ['wxm_officialaccount_appid']);
    const api = client(dv);
    const id = await api.create({ collection: 'wxm_officialaccounts', data: { wxm_appid: 'wxonce' } });
    dv.activateKeys();
    advance(1);
    expect(
      (await api.retrieve<{ wxm_officialaccountid: string }>({ collection: 'wxm_officialaccounts', key: "wxm_appid='wxonce'" })).wxm_officialaccountid,
    ).toBe(id);
    const dup = await failure(api.create({ collection: 'wxm_officialaccounts', data: { wxm_appid: 'WXONCE' } }));
    expect([dup.status, dup.code]).toEqual([412, '0x80060892']);
  });

  it('without the option every key is active from the start', async () => {
    const dv = await start();
    open.push(dv);
    expect(Object.values(dv.keyStatus()).every((s) => s === 'Active')).toBe(true);
  });
});
