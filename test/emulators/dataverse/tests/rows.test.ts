import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { DataverseEmulator } from '../index.js';
import { INBOUND } from './fixture-schema.js';
import { call, client, failure, start } from './harness.js';

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let accountId: string;

beforeAll(async () => {
  dv = await start();
  api = client(dv);
  accountId = (await api.create({ collection: 'wxm_officialaccounts', data: { wxm_name: 'Demo', wxm_appid: 'wx0001' } })) as string;
});
afterAll(() => dv.close());

describe('create and retrieve', () => {
  it('returns the id from OData-EntityId (204) and the row on return=representation (201)', async () => {
    expect(accountId).toMatch(/^[0-9a-f-]{36}$/);
    const created = await api.create<Record<string, unknown>, Record<string, unknown>>({
      collection: 'wxm_followers',
      data: { wxm_name: 'Li Lei', wxm_openid: 'o-1', 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${accountId})`, wxm_subscribed: true },
      returnRepresentation: true,
      select: ['wxm_openid', '_wxm_officialaccountid_value', 'wxm_subscribed'],
    });
    expect(created.wxm_openid).toBe('o-1');
    expect(created._wxm_officialaccountid_value).toBe(accountId);
    expect(created['@odata.etag']).toMatch(/^W\/"\d+"$/);
    const raw = await call(dv, 'POST', 'wxm_followers', {
      wxm_name: 'x',
      wxm_openid: 'o-raw',
      'wxm_OfficialAccountId@odata.bind': `wxm_officialaccounts(${accountId})`,
    });
    expect(raw.status).toBe(204);
    expect(raw.headers.get('odata-entityid')).toMatch(new RegExp(`^${dv.serviceRoot.replace(/[.$]/g, '\\$&')}wxm_followers\\([0-9a-f-]{36}\\)$`));
  });

  it('stores platform columns: owner, created by the application user, state Active', async () => {
    const id = (await api.create({ collection: 'wxm_followers', data: { wxm_name: 'p', wxm_openid: 'o-platform' } })) as string;
    const row = await api.retrieve<Record<string, unknown>>({ collection: 'wxm_followers', key: id });
    expect(row._ownerid_value).toBe(dv.defaultUser.systemUserId);
    expect(row._createdby_value).toBe(dv.defaultUser.systemUserId);
    expect(row.statecode).toBe(0);
    expect(row.statuscode).toBe(1);
    expect(dv.rows('wxm_follower').find((r) => r.wxm_followerid === id)?.createdon).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('keeps emoji, other 4-byte characters and a 2,000-character text intact', async () => {
    const text = `你好 😀 𠀀 ${'长'.repeat(2000)}`;
    const id = (await api.create({ collection: 'wxm_messages', data: { wxm_content: text, wxm_direction: INBOUND } })) as string;
    const row = await api.retrieve<Record<string, unknown>>({ collection: 'wxm_messages', key: id, select: ['wxm_content'] });
    expect(row.wxm_content).toBe(text);
  });

  it('retrieves by alternate key, with lookups as _x_value', async () => {
    const row = await api.retrieve<Record<string, unknown>>({
      collection: 'wxm_followers',
      key: `wxm_openid='o-1',_wxm_officialaccountid_value=${accountId}`,
      select: ['wxm_name'],
    });
    expect(row.wxm_name).toBe('Li Lei');
    const missing = await call(dv, 'GET', `wxm_followers(wxm_openid='nobody',_wxm_officialaccountid_value=${accountId})`);
    expect(missing.status).toBe(404);
    expect(missing.json.error).toEqual({ code: '0x80060891', message: 'A record with the specified key values does not exist in wxm_follower entity' });
  });

  it('answers 404 0x80040217 for a missing id and 304 for an unchanged ETag', async () => {
    const id = '00000000-0000-0000-0000-000000000001';
    const r = await call(dv, 'GET', `wxm_followers(${id})`);
    expect(r.status).toBe(404);
    expect(r.json.error).toEqual({ code: '0x80040217', message: `wxm_follower With Id = ${id} Does Not Exist` });
    const first = await call(dv, 'GET', `wxm_officialaccounts(${accountId})`);
    const again = await call(dv, 'GET', `wxm_officialaccounts(${accountId})`, undefined, { 'If-None-Match': first.json['@odata.etag'] });
    expect(again.status).toBe(304);
  });
});

describe('update, upsert and delete', () => {
  it('upserts by alternate key: creates, then updates the same row', async () => {
    const key = `wxm_openid='o-up',_wxm_officialaccountid_value=${accountId}`;
    const data = { wxm_name: 'First', 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${accountId})`, wxm_openid: 'o-up' };
    const id1 = await api.upsert({ collection: 'wxm_followers', key, data });
    const id2 = await api.upsert({ collection: 'wxm_followers', key, data: { wxm_name: 'Second' } });
    expect(id2).toBe(id1);
    const rows = dv.rows('wxm_follower').filter((r) => r.wxm_openid === 'o-up');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.wxm_name).toBe('Second');
  });

  it('If-None-Match: * creates once and then answers 412 (dynamics-web-api returns null)', async () => {
    const key = `wxm_openid='o-once',_wxm_officialaccountid_value=${accountId}`;
    const data = { wxm_name: 'Once', 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${accountId})` };
    expect(await api.upsert({ collection: 'wxm_followers', key, data, ifnonematch: '*' })).toMatch(/^[0-9a-f-]{36}$/);
    expect(await api.upsert({ collection: 'wxm_followers', key, data: { wxm_name: 'Twice' }, ifnonematch: '*' })).toBeNull();
    const raw = await call(dv, 'PATCH', `wxm_followers(${key})`, data, { 'If-None-Match': '*' });
    expect(raw.status).toBe(412);
    expect(raw.json.error.message).toBe('A record with matching key values already exists.');
    expect(
      dv
        .rows('wxm_follower')
        .filter((r) => r.wxm_openid === 'o-once')
        .map((r) => r.wxm_name),
    ).toEqual(['Once']);
  });

  it('If-Match: * never creates (404) and a stale ETag makes dynamics-web-api return false (412)', async () => {
    const r = await call(dv, 'PATCH', `wxm_officialaccounts(00000000-0000-0000-0000-00000000abcd)`, { wxm_name: 'x' }, { 'If-Match': '*' });
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('0x80040217');
    const row = await api.retrieve<Record<string, unknown>>({ collection: 'wxm_officialaccounts', key: accountId });
    expect(
      await api.update({ collection: 'wxm_officialaccounts', key: accountId, data: { wxm_originalid: 'gh_1' }, ifmatch: row['@odata.etag'] as string }),
    ).toBe(true);
    expect(
      await api.update({ collection: 'wxm_officialaccounts', key: accountId, data: { wxm_originalid: 'gh_2' }, ifmatch: row['@odata.etag'] as string }),
    ).toBe(false);
    expect(dv.rows('wxm_officialaccounts').find((a) => a.wxm_officialaccountid === accountId)?.wxm_originalid).toBe('gh_1');
  });

  it('deletes, then answers 404', async () => {
    const id = (await api.create({ collection: 'wxm_followers', data: { wxm_name: 'gone', wxm_openid: 'o-del' } })) as string;
    await api.deleteRecord({ collection: 'wxm_followers', key: id });
    expect((await call(dv, 'DELETE', `wxm_followers(${id})`)).status).toBe(404);
  });
});

describe('bad input gets Dataverse answers', () => {
  it('unknown entity set: 404 Resource not found for the segment', async () => {
    const err = await failure(api.retrieveMultiple({ collection: 'wxm_fans' }));
    expect(err.status).toBe(404);
    expect(err.code).toBe('0x8006088a');
    expect(err.message).toBe("Resource not found for the segment 'wxm_fans'.");
  });

  it('unknown column in a payload and in $select', async () => {
    const err = await failure(api.create({ collection: 'wxm_followers', data: { wxm_nickname: 'x' } }));
    expect(err.status).toBe(400);
    expect(err.message).toContain("Invalid property 'wxm_nickname' was found in entity 'Microsoft.Dynamics.CRM.wxm_follower'");
    const sel = await failure(api.retrieveMultiple({ collection: 'wxm_followers', select: ['wxm_Name'] }));
    expect(sel.message).toBe("Could not find a property named 'wxm_Name' on type 'Microsoft.Dynamics.CRM.wxm_follower'.");
  });

  it('wrong type, string too long, choice out of range', async () => {
    const type = await failure(api.create({ collection: 'wxm_messages', data: { wxm_errorcode: 'abc' } }));
    expect([type.status, type.code]).toEqual([400, '0x80048d19']);
    expect(type.message).toContain("Cannot convert the literal 'abc' to the expected type 'Edm.Int32'.");
    const long = await failure(api.create({ collection: 'wxm_officialaccounts', data: { wxm_appid: 'x'.repeat(33) } }));
    expect([long.status, long.code]).toEqual([400, '0x80044331']);
    expect(long.message).toBe(
      "A validation error occurred. The length of the 'wxm_appid' attribute of the 'wxm_officialaccount' entity exceeded the maximum allowed length of '32'.",
    );
    const choice = await failure(api.create({ collection: 'wxm_messages', data: { wxm_direction: 1 } }));
    expect([choice.status, choice.code]).toEqual([400, '0x8004431a']);
  });

  it('alternate-key conflict on create (a create-only insert): 412 0x80060892 DuplicateRecordEntityKey', async () => {
    const err = await failure(api.create({ collection: 'wxm_officialaccounts', data: { wxm_name: 'dup', wxm_appid: 'WX0001' } }));
    expect([err.status, err.code]).toEqual([412, '0x80060892']);
    expect(err.message).toMatch(
      /^Entity Key \S+ violated\. A record with the same value for wxm_appid already exists\. A duplicate record cannot be created\. Select one or more unique values and try again\.$/,
    );
    expect(dv.rows('wxm_officialaccount').filter((r) => String(r.wxm_appid).toLowerCase() === 'wx0001')).toHaveLength(1);
  });

  it('wrong navigation property, bind to a missing row, lookup set by logical name', async () => {
    const nav = await failure(api.create({ collection: 'wxm_followers', data: { 'wxm_officialaccountid@odata.bind': `/wxm_officialaccounts(${accountId})` } }));
    expect([nav.status, nav.code]).toEqual([400, '0x80048d19']);
    expect(nav.message).toContain("An undeclared property 'wxm_officialaccountid' which only has property annotations");
    const missing = await failure(
      api.create({ collection: 'wxm_followers', data: { 'wxm_OfficialAccountId@odata.bind': '/wxm_officialaccounts(00000000-0000-0000-0000-000000000009)' } }),
    );
    expect([missing.status, missing.code]).toEqual([404, '0x80040217']);
    const wrongSet = await failure(api.create({ collection: 'wxm_followers', data: { 'wxm_OfficialAccountId@odata.bind': `/contacts(${accountId})` } }));
    expect(wrongSet.status).toBe(400);
    const raw = await failure(api.create({ collection: 'wxm_followers', data: { wxm_officialaccountid: accountId } }));
    expect(raw.message).toContain("Invalid property 'wxm_officialaccountid'");
  });

  it('a key that is not a declared alternate key', async () => {
    const r = await call(dv, 'GET', `wxm_followers(wxm_unionid='u')`);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain("The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.wxm_follower'");
  });

  it('date-only columns keep the date; date-times are UTC to the second', async () => {
    const id = (await api.create({
      collection: 'wxm_followers',
      data: { wxm_birthday: '2000-02-29T23:00:00Z', wxm_lastinteractionon: '2024-05-01T08:00:00.123+08:00' },
    })) as string;
    const row = await api.retrieve<Record<string, unknown>>({ collection: 'wxm_followers', key: id, select: ['wxm_birthday', 'wxm_lastinteractionon'] });
    expect(row.wxm_birthday).toBe('2000-02-29');
    expect(row.wxm_lastinteractionon).toEqual(new Date('2024-05-01T00:00:00Z'));
  });
});
