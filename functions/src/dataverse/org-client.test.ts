import { afterEach, describe, expect, it } from 'vitest';
import { EntitySets } from '@wxm/solution/schema';
import { alternateKey, lookupKey } from './keys.js';
import { credentialsFor, Emulators, gatewayFor, rejection } from '@wxm/testkit/kit/dataverse/org-under-test';

const emulators = new Emulators();
afterEach(() => emulators.closeAll());

async function orgUnderTest() {
  const dv = await emulators.start();
  const org = gatewayFor(dv).open(credentialsFor(dv));
  return { dv, org };
}

describe('org client: rows through dynamics-web-api with the app user token from Entra ID', () => {
  it('WhoAmI names the application user of the org', async () => {
    const { dv, org } = await orgUnderTest();
    expect(await org.whoAmI()).toEqual({
      userId: dv.defaultUser.systemUserId,
      businessUnitId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      organizationId: dv.organizationId,
    });
    expect(org.environmentUrl).toBe(dv.url);
    expect(dv.aadRequestLog()).toHaveLength(1);
  });

  it('create, retrieve by id and by alternate key (values with / # ? space and quote), rows as the Web API sends them', async () => {
    const { org } = await orgUnderTest();
    const appid = "wx/#? '1";
    const id = await org.create(EntitySets.OfficialAccount, { wxm_appid: appid, wxm_name: '公众号 🚀' });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const byKey = await org.retrieve(EntitySets.OfficialAccount, alternateKey({ wxm_appid: appid }), ['wxm_appid', 'wxm_name', 'createdon']);
    expect(byKey).toMatchObject({ wxm_officialaccountid: id, wxm_appid: appid, wxm_name: '公众号 🚀' });
    expect(byKey?.['createdon']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(byKey?.['@odata.etag']).toMatch(/^W\/"\d+"$/);
    expect(Object.keys(byKey ?? {})).not.toContain('oDataContext');
    expect((await org.retrieve(EntitySets.OfficialAccount, id))?.['wxm_appid']).toBe(appid);
    expect(await org.retrieve(EntitySets.OfficialAccount, alternateKey({ wxm_appid: 'wx-missing' }))).toBeUndefined();
  });

  it('upsert by a key with a lookup creates then updates; create-only upsert reports a row that exists', async () => {
    const { dv, org } = await orgUnderTest();
    const account = await org.create(EntitySets.OfficialAccount, { wxm_appid: 'wx1' });
    const key = alternateKey({ wxm_openid: 'o-1', [lookupKey('wxm_officialaccountid')]: account });
    const data = { wxm_openid: 'o-1', wxm_name: 'first', 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` };
    const created = await org.upsert(EntitySets.Follower, key, data);
    const updated = await org.upsert(EntitySets.Follower, key, { wxm_name: 'second' });
    expect(updated.id).toBe(created.id);
    expect(dv.rows('wxm_follower').map((r) => r['wxm_name'])).toEqual(['second']);
    const message = { wxm_wechatmsgid: '1001', wxm_content: 'x'.repeat(2000), 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` };
    const msgKey = alternateKey({ [lookupKey('wxm_officialaccountid')]: account, wxm_wechatmsgid: '1001' });
    expect((await org.upsert(EntitySets.Message, msgKey, message, { ifNoneMatch: true })).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await org.upsert(EntitySets.Message, msgKey, { ...message, wxm_content: 'replayed' }, { ifNoneMatch: true })).toEqual({ exists: true });
    expect(dv.rows('wxm_message').map((r) => r['wxm_content'])).toEqual(['x'.repeat(2000)]);
  });

  it('a create-only upsert whose row clashes with another row\'s alternate key is conflict 0x80060892, never "exists"', async () => {
    const { dv, org } = await orgUnderTest();
    dv.insert('wxm_officialaccount', { wxm_appid: 'wxtaken' });
    const attempt = org.upsert(EntitySets.OfficialAccount, alternateKey({ wxm_appid: 'wxnew' }), { wxm_appid: 'wxtaken' }, { ifNoneMatch: true });
    await expect(attempt).rejects.toMatchObject({ kind: 'conflict', status: 412, code: '0x80060892' });
    expect(dv.rows('wxm_officialaccount')).toHaveLength(1);
  });

  it('update answers false for a stale ETag, true for the current one; a missing row is not-found', async () => {
    const { org } = await orgUnderTest();
    const id = await org.create(EntitySets.OfficialAccount, { wxm_appid: 'wx2' });
    const etag = String((await org.retrieve(EntitySets.OfficialAccount, id))?.['@odata.etag']);
    expect(await org.update(EntitySets.OfficialAccount, id, { wxm_name: 'a' }, etag)).toBe(true);
    expect(await org.update(EntitySets.OfficialAccount, id, { wxm_name: 'b' }, etag)).toBe(false);
    expect(await org.update(EntitySets.OfficialAccount, id, { wxm_name: 'c' })).toBe(true);
    expect((await org.retrieve(EntitySets.OfficialAccount, id, ['wxm_name']))?.['wxm_name']).toBe('c');
    const missing = await rejection(org.update(EntitySets.OfficialAccount, '00000000-0000-0000-0000-000000000001', { wxm_name: 'x' }));
    expect([missing.kind, missing.status, missing.code]).toEqual(['not-found', 404, '0x80040217']);
  });

  it('retrieveMultiple: filter, order, select; follows nextLink up to maxRows; one page without it', async () => {
    const { dv, org } = await orgUnderTest();
    for (let i = 1; i <= 7; i++) dv.insert('wxm_officialaccount', { wxm_appid: `wx-${i}`, wxm_name: i % 2 ? 'odd' : 'even' });
    const query = { select: ['wxm_appid'], orderBy: ['wxm_appid desc'], pageSize: 3 };
    expect((await org.retrieveMultiple(EntitySets.OfficialAccount, { ...query, maxRows: 100 })).map((r) => r['wxm_appid'])).toEqual([
      'wx-7',
      'wx-6',
      'wx-5',
      'wx-4',
      'wx-3',
      'wx-2',
      'wx-1',
    ]);
    expect((await org.retrieveMultiple(EntitySets.OfficialAccount, { ...query, maxRows: 5 })).map((r) => r['wxm_appid'])).toEqual([
      'wx-7',
      'wx-6',
      'wx-5',
      'wx-4',
      'wx-3',
    ]);
    expect(await org.retrieveMultiple(EntitySets.OfficialAccount, query)).toHaveLength(3);
    const odd = await org.retrieveMultiple(EntitySets.OfficialAccount, {
      filter: "wxm_name eq 'odd'",
      select: ['wxm_appid', 'wxm_name'],
      top: 2,
      orderBy: ['wxm_appid'],
    });
    expect(odd.map((r) => [r['wxm_appid'], r['wxm_name']])).toEqual([
      ['wx-1', 'odd'],
      ['wx-3', 'odd'],
    ]);
    const gets = dv.requestLog().filter((e) => e.method === 'GET' && e.path.endsWith('wxm_officialaccounts'));
    expect(gets).toHaveLength(3 + 2 + 1 + 1);
  });

  it('delete answers true, then false for a row that is gone', async () => {
    const { dv, org } = await orgUnderTest();
    const id = await org.create(EntitySets.OfficialAccount, { wxm_appid: 'wx3' });
    expect(await org.delete(EntitySets.OfficialAccount, id)).toBe(true);
    expect(await org.delete(EntitySets.OfficialAccount, id)).toBe(false);
    expect(dv.rows('wxm_officialaccount')).toEqual([]);
  });

  it('a request Dataverse refuses as malformed is invalid, never retried', async () => {
    const { dv, org } = await orgUnderTest();
    const column = await rejection(org.create(EntitySets.OfficialAccount, { wxm_appid: 'wx4', wxm_nosuchcolumn: 1 }));
    expect([column.kind, column.status, column.code]).toEqual(['invalid', 400, '0x0']);
    expect(column.message).toMatch(/^An error occurred while validating input parameters: .*Invalid property 'wxm_nosuchcolumn'/);
    const table = await rejection(org.retrieveMultiple('wxm_nosuchtables'));
    expect([table.kind, table.status, table.code, table.message]).toEqual([
      'invalid',
      404,
      '0x8006088a',
      "Resource not found for the segment 'wxm_nosuchtables'.",
    ]);
    const key = await rejection(org.retrieve(EntitySets.OfficialAccount, 'not a key'));
    expect([key.kind, key.code]).toEqual(['invalid', 'InvalidRequest']);
    expect(dv.requestLog().filter((e) => e.status >= 400)).toHaveLength(2);
  });
});
